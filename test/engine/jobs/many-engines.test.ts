import { expect } from 'chai';
import { createEngine, type Engine, ManualClock } from '../../../engine/src/index.js';
import type { JobExecutor } from '../../../engine/src/jobs/index.js';
import type { Database } from '../../../engine/src/store/index.js';
import { processXml } from '../../support/bpmn.js';
import { onPostgres, ownPool, testDatabase } from '../../support/db.js';
import { deployXml } from '../../support/engine.js';
import { eventually } from './support.js';

const TIMERS = 2_000;
const LEASE_MS = 60_000;
const HOUR = 3_600_000;

/**
 * DESIGN §6: several engine processes on one database. Three engines — on PostgreSQL each
 * with a pool of its own, as separate processes would have — run their executors at once on
 * 2,000 due timers; one of them dies mid-run holding leases. Every timer fires exactly once,
 * the dead engine's jobs after its leases expire. Time is a ManualClock moved by the test; only
 * the executors' idle polling is real time.
 */
describe('engine/jobs: three engines, one database, 2,000 timers', function () {
  this.timeout(300_000);
  let database: Database;
  const engines: Engine[] = [];
  const clock = new ManualClock('2026-03-02T01:00:00Z');

  before(async () => {
    database = await testDatabase('job_many_engines');
    for (let n = 0; n < 3; n++) engines.push(await createEngine({ database: ownPool(database, 4), clock, migrate: false }));
    for (const engine of engines.slice(0, 2)) engine.registerTaskHandler('record', () => {});
    await deployXml(
      engines[0]!,
      processXml(
        'deadline',
        `<startEvent id="s"/><intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration xsi:type="tFormalExpression">PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
         <serviceTask id="record" tongban:topic="record"/><endEvent id="e"/>`,
        ['s->wait', 'wait->record', 'record->e'],
      ),
      'deadline.bpmn',
    );
  });
  after(async () => {
    for (const engine of engines) await engine.close();
    await database.close();
  });

  const count = async (sql: string, bindings: string[] = []) => {
    const { rows } = await database.knex.raw<{ rows: Array<{ n: string | number }> }>(sql, bindings);
    return Number(rows[0]!.n);
  };

  it('fires each timer exactly once, and takes over the leases of an engine that died', async () => {
    // Many starts in parallel, spread over the three engines (on PGlite they queue on its one connection).
    for (let from = 0; from < TIMERS; from += 200) {
      await Promise.all(Array.from({ length: Math.min(200, TIMERS - from) }, (_, n) => engines[(from + n) % 3]!.startInstance('deadline')));
    }
    expect(await count(`select count(*) as n from tb_job where kind = 'timer'`)).to.equal(TIMERS);
    clock.advance(HOUR);

    const options = { pollIntervalMs: 20, leaseMs: LEASE_MS };
    const [a, b] = [await engines[0]!.startJobExecutor({ ...options, batchSize: 25, concurrency: 3 }), await engines[1]!.startJobExecutor({ ...options, batchSize: 25, concurrency: 3 })];
    // The victim grabs a big batch and works through it slowly, so it dies holding many leases.
    // It dies in the middle of its fifth job (which still commits: the process dies after it).
    let victimRuns = 0;
    let died!: () => void;
    const death = new Promise<void>((resolve) => (died = resolve));
    engines[2]!.registerTaskHandler('record', () => {
      if (++victimRuns === 5) {
        victim.kill();
        died();
      }
    });
    const victim = await engines[2]!.startJobExecutor({ ...options, batchSize: 300, concurrency: 1 });
    await death;
    await engines[2]!.close(); // its pool goes (on PostgreSQL); its leases stay behind
    const stranded = victim.stats.acquired - victim.stats.succeeded;
    expect(stranded).to.be.greaterThan(0);

    // The survivors finish everything else, and leave the dead engine's leased jobs alone…
    await eventually(async () => expect(await count(`select count(*) as n from tb_job where locked_by is distinct from ?`, [victim.workerId])).to.equal(0), 120_000);
    const leftBehind = await count(`select count(*) as n from tb_job where locked_by = ?`, [victim.workerId]);
    expect(leftBehind).to.be.greaterThan(0).and.at.most(stranded);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await count(`select count(*) as n from tb_job where locked_by = ?`, [victim.workerId])).to.equal(leftBehind);

    // …until the leases expire.
    clock.advance(LEASE_MS + 1);
    await eventually(async () => expect(await count(`select count(*) as n from tb_instance where status = 'completed'`)).to.equal(TIMERS), 120_000);
    expect(await count(`select count(*) as n from tb_job`)).to.equal(0);

    const fired = await database.knex.raw<{ rows: Array<{ n: string | number; instances: string | number }> }>(
      `select n, count(*) as instances from (select instance_id, count(*) as n from tb_history where type = 'timerFired' group by instance_id) c group by n`,
    );
    expect(fired.rows.map((r) => [Number(r.n), Number(r.instances)])).to.deep.equal([[1, TIMERS]]);

    const executors: JobExecutor[] = [a, b, victim];
    expect(executors.reduce((sum, e) => sum + e.stats.succeeded, 0)).to.equal(TIMERS);
    expect(a.stats.succeeded).to.be.greaterThan(0);
    expect(b.stats.succeeded).to.be.greaterThan(0);
    expect(a.stats.failed + b.stats.failed).to.equal(0);
    if (onPostgres) expect(a.stats.succeeded + b.stats.succeeded).to.be.at.least(TIMERS - victim.stats.succeeded);
  });
});
