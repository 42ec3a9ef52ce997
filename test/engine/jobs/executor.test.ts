import { expect } from 'chai';
import { createEngine, type Engine, type EngineError, ManualClock } from '../../../engine/src/index.js';
import type { Database } from '../../../engine/src/store/index.js';
import { processXml } from '../../support/bpmn.js';
import { onPostgres, ownPool, testDatabase } from '../../support/db.js';
import { deployXml } from '../../support/engine.js';
import { eventually, Gate } from './support.js';

const HOUR = 3_600_000;
const inAnHour = '<timeDuration xsi:type="tFormalExpression">PT1H</timeDuration>';
/** Due already: a date before the test clock's. */
const dueNow = '<timeDate xsi:type="tFormalExpression">2026-01-01T00:00:00Z</timeDate>';
const timerProcess = (id: string, timer: string, topic?: string) =>
  processXml(
    id,
    `<startEvent id="s"/>
     <intermediateCatchEvent id="wait"><timerEventDefinition>${timer}</timerEventDefinition></intermediateCatchEvent>
     ${topic ? `<serviceTask id="work" tongban:topic="${topic}"/>` : '<task id="work"/>'}<endEvent id="e"/>`,
    ['s->wait', 'wait->work', 'work->e'],
  );

describe('engine/jobs: the background executor', function () {
  this.timeout(30_000);
  let database: Database;
  let clock: ManualClock;
  let engine: Engine;

  before(async () => {
    database = await testDatabase('job_executor');
    clock = new ManualClock('2026-03-02T01:00:00Z');
    engine = await createEngine({ database, clock, migrate: false });
    await deployXml(engine, timerProcess('hour', inAnHour), 'hour.bpmn');
    await deployXml(engine, timerProcess('now', dueNow), 'now.bpmn');
    await deployXml(engine, timerProcess('gated', inAnHour, 'gated'), 'gated.bpmn');
  });
  after(async () => {
    await engine.close();
    await database.close();
  });

  const status = async (id: string, on: Engine = engine) => (await on.getInstance(id))!.status;

  it('fires a timer once the engine clock passes its due time (polling)', async () => {
    const executor = await engine.startJobExecutor({ pollIntervalMs: 20 });
    try {
      const i = await engine.startInstance('hour');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await status(i.id)).to.equal('active');
      clock.advance(HOUR);
      await eventually(async () => expect(await status(i.id)).to.equal('completed'));
      expect(executor.stats).to.include({ succeeded: 1, failed: 0 });
    } finally {
      await executor.stop();
    }
  });

  it('wakes on NOTIFY when a due job is committed, long before its next poll', async () => {
    const executor = await engine.startJobExecutor({ pollIntervalMs: 60_000 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100)); // idle, sleeping for a minute
      const started = Date.now();
      const i = await engine.startInstance('now');
      await eventually(async () => expect(await status(i.id)).to.equal('completed'), 5_000);
      expect(Date.now() - started).to.be.below(5_000);
    } finally {
      await executor.stop();
    }
  });

  it('stops gracefully: the job running finishes, leased jobs not started are given back', async () => {
    const gate = new Gate();
    engine.registerTaskHandler('gated', () => gate.pass());
    const ids = [];
    for (let n = 0; n < 3; n++) ids.push((await engine.startInstance('gated')).id);
    clock.advance(HOUR);
    const executor = await engine.startJobExecutor({ pollIntervalMs: 20, concurrency: 1, batchSize: 10 });
    await gate.reached();
    const stopped = executor.stop();
    gate.open();
    await stopped;
    expect(executor.running).to.equal(false);
    expect(executor.stats).to.include({ acquired: 3, succeeded: 1, released: 2 });
    const statuses = await Promise.all(ids.map((id) => status(id)));
    expect(statuses.filter((s) => s === 'completed')).to.have.length(1);
    const jobs = (await Promise.all(ids.map((id) => engine.queryJobs({ instanceId: id })))).flat();
    expect(jobs).to.have.length(2);
    expect(jobs.every((j) => j.lockedBy === null && j.lockExpiresAt === null)).to.equal(true);
    expect(await engine.fireDueTimers()).to.equal(2);
  });

  it('runOnce() leases one batch and runs it, in the caller\'s time', async () => {
    const ids = [];
    for (let n = 0; n < 3; n++) ids.push((await engine.startInstance('hour')).id);
    const executor = engine.createJobExecutor({ batchSize: 2 });
    expect(await executor.runOnce()).to.equal(0); // nothing due yet
    clock.advance(HOUR);
    expect(await executor.runOnce()).to.equal(2);
    expect(await executor.runOnce()).to.equal(1);
    expect(await executor.runOnce()).to.equal(0);
    expect(await Promise.all(ids.map((id) => status(id)))).to.deep.equal(['completed', 'completed', 'completed']);
    expect(executor.stats).to.include({ acquired: 3, succeeded: 3 });
  });

  it('runs one executor per engine; close() stops it', async () => {
    const other = await createEngine({ database, clock, migrate: false });
    const executor = await other.startJobExecutor({ pollIntervalMs: 20 });
    const err = await other.startJobExecutor().catch((e: unknown) => e);
    expect((err as EngineError).code).to.equal('INVALID_ARGUMENT');
    await other.close();
    expect(executor.running).to.equal(false);
  });

  it('never runs a job whose lease expired and was taken over (PostgreSQL: two executors at once)', async function () {
    if (!onPostgres) this.skip(); // PGlite has one connection: a job running blocks everyone else
    const gate = new Gate();
    const a = await createEngine({ database: ownPool(database), clock, migrate: false });
    const b = await createEngine({ database: ownPool(database), clock, migrate: false });
    let runs = 0;
    for (const e of [a, b]) e.registerTaskHandler('gated', async () => {
      runs++;
      await gate.pass();
    });
    try {
      const ids = [(await a.startInstance('gated')).id];
      clock.advance(1);
      ids.push((await a.startInstance('gated')).id);
      clock.advance(HOUR);
      // A leases both, runs the older one and hangs in it, the other waiting behind it.
      const slow = await a.startJobExecutor({ pollIntervalMs: 20, concurrency: 1, batchSize: 2, leaseMs: 60_000 });
      await gate.reached();
      clock.advance(60_001); // A's leases expire; B takes over what is not row-locked by A's running job
      // B must take it over while A is still inside the first job: open the gate only once B's run has reached it too.
      const takeover = b.runDueJobs();
      await eventually(async () => expect(runs).to.equal(2));
      gate.open();
      const taken = await takeover;
      await eventually(async () => expect(await Promise.all(ids.map((id) => status(id, a)))).to.deep.equal(['completed', 'completed']));
      await slow.stop();
      expect(taken).to.equal(1);
      expect(slow.stats).to.include({ succeeded: 1, skipped: 1 });
      expect(runs).to.equal(2);
      for (const id of ids) expect((await a.history(id)).filter((h) => h.type === 'timerFired')).to.have.length(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
