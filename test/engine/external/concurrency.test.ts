import { expect } from 'chai';
import { createEngine, type Database, type Engine, ManualClock } from '../../../engine/src/index.js';
import { ownPool, testDatabase } from '../../support/db.js';
import { deployXml } from '../../support/engine.js';
import { CHECK } from './support.js';

const MINUTE = 60_000;

describe('engine/external: competing workers and engines', function () {
  this.timeout(60_000);
  let database: Database;
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  let engines: Engine[] = [];

  before(async () => {
    database = await testDatabase('external_concurrency');
    // Three engines on one database: on PostgreSQL each with its own pool, as three processes would be.
    for (let n = 0; n < 3; n++) engines.push(await createEngine({ database: ownPool(database), clock, migrate: false }));
    await deployXml(engines[0]!, CHECK, 'check.bpmn');
  });
  after(async () => {
    for (const engine of engines) await engine.close();
    engines = [];
    await database.close();
  });

  it('twelve workers on three engines fetch concurrently: every task is locked by exactly one worker, and each completes once', async () => {
    const total = 60;
    const instances = [];
    for (let n = 0; n < total; n++) instances.push((await engines[0]!.startInstance('ext_check', { variables: { n } })).id);
    const lockedBy = new Map<string, string[]>();
    const workers = Array.from({ length: 12 }, (_, w) => async () => {
      const engine = engines[w % engines.length]!;
      const workerId = `worker-${w}`;
      for (let idle = 0; idle < 3; ) {
        const tasks = await engine.externalTasks.fetchAndLock({ workerId, maxTasks: 3, topics: [{ topicName: 'licence.check', lockDuration: MINUTE }] });
        if (tasks.length === 0) {
          idle++;
          continue;
        }
        for (const task of tasks) {
          lockedBy.set(task.id, [...(lockedBy.get(task.id) ?? []), workerId]);
          await engine.externalTasks.complete(task.id, workerId, { by: workerId });
        }
      }
    });
    await Promise.all(workers.map((run) => run()));
    expect(lockedBy.size).to.equal(total);
    for (const [id, holders] of lockedBy) expect(holders, id).to.have.length(1);
    for (const id of instances) expect((await engines[1]!.getInstance(id))!.activeElementIds).to.deep.equal(['after']);
    expect(await engines[2]!.externalTasks.query({ topicName: 'licence.check' })).to.have.length(0);
  });
});
