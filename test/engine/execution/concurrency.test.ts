import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { createEngine, type Engine, type EngineError, ManualClock } from '../../../engine/src/index.js';
import { ownPool, testDatabase } from '../../support/db.js';
import type { Database } from '../../../engine/src/index.js';
import { processXml } from '../../support/bpmn.js';
import { completeAt, deployXml, trace } from '../../support/engine.js';

/**
 * Several engines on one database, as several server processes would run. On PostgreSQL each
 * engine has its own connection pool, so the commands below really run at the same moment
 * and are serialised only by the instance row lock. (PGlite has one connection; the same
 * assertions hold there, with less to prove.)
 */
describe('engine: concurrent commands', function () {
  let database: Database;
  let engines: Engine[];

  before(async () => {
    database = await testDatabase('concurrency');
    const clock = new ManualClock();
    engines = [];
    for (let n = 0; n < 3; n++) engines.push(await createEngine({ database: ownPool(database, 3), clock, migrate: false }));
    const xml = await readFile(new URL('../../../examples/food-business-licence/process.bpmn', import.meta.url), 'utf8');
    await engines[0]!.deploy({ name: 'example', resources: [{ name: 'process.bpmn', xml }] });
  });
  after(async () => {
    for (const engine of engines) await engine.close();
    await database.close();
  });

  it('three department tasks completed at once make the join fire exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const i = await engines[0]!.startInstance('food_business_licence');
      await completeAt(engines[0]!, i.id, 'accept');
      const tasks = await engines[0]!.queryTasks({ instanceId: i.id });
      expect(tasks.map((t) => t.elementId).sort()).to.deep.equal(['Task_FireReview', 'Task_HealthReview', 'Task_MarketReview']);
      await Promise.all(tasks.map((task, n) => engines[n]!.completeTask(task.id, { variables: { approved: true } })));
      const entered = await trace(engines[0]!, i.id);
      expect(entered.filter((e) => e === 'Gateway_Approved')).to.have.length(1);
      expect(entered.filter((e) => e === 'Task_Decide')).to.have.length(1);
      expect((await engines[0]!.queryTasks({ instanceId: i.id })).map((t) => t.elementId)).to.deep.equal(['Task_Decide']);
    }
  });

  it('the same task completed twice at once succeeds once; the other call is told it is already completed', async () => {
    for (let round = 0; round < 5; round++) {
      const i = await engines[0]!.startInstance('food_business_licence');
      const [task] = await engines[0]!.queryTasks({ instanceId: i.id });
      const results = await Promise.allSettled([
        engines[1]!.completeTask(task!.id, { userId: 'clerk-a' }),
        engines[2]!.completeTask(task!.id, { userId: 'clerk-b' }),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).to.have.length(1);
      expect(failed).to.have.length(1);
      expect((failed[0]!.reason as EngineError).code).to.equal('TASK_ALREADY_COMPLETED');
      const completions = (await engines[0]!.history(i.id)).filter((h) => h.type === 'taskCompleted');
      expect(completions).to.have.length(1);
      expect(await engines[0]!.queryTasks({ instanceId: i.id })).to.have.length(3);
    }
  });

  it('many instances driven in parallel all finish with complete histories', async () => {
    await deployXml(engines[0]!, processXml('tiny', `<startEvent id="s"/><userTask id="a"/><userTask id="b"/><endEvent id="e"/>`, ['s->a', 'a->b', 'b->e']), 'tiny.bpmn');
    const ids = await Promise.all(Array.from({ length: 12 }, (_, n) => engines[n % 3]!.startInstance('tiny').then((i) => i.id)));
    for (const element of ['a', 'b']) {
      await Promise.all(ids.map((id, n) => completeAt(engines[(n + 1) % 3]!, id, element)));
    }
    for (const id of ids) {
      expect((await engines[0]!.getInstance(id))!.status).to.equal('completed');
      expect(await trace(engines[0]!, id)).to.deep.equal(['s', 'a', 'b', 'e']);
    }
  });
});
