import { expect } from 'chai';
import { createEngine, type Engine, type EngineError, ManualClock } from '../../../engine/src/index.js';
import { DEFAULT_RETRY_POLICY, retryPolicy } from '../../../engine/src/jobs/index.js';
import { nextAttempt } from '../../../engine/src/jobs/retry-policy.js';
import type { Database } from '../../../engine/src/store/index.js';
import { processXml } from '../../support/bpmn.js';
import { testDatabase } from '../../support/db.js';
import { deployXml, openTaskElements } from '../../support/engine.js';

const SECOND = 1_000;
const HOUR = 3_600_000;

/** start → one-hour timer → service task "flaky" (run in process, inside the timer's transaction) → user task. */
const FLAKY = processXml(
  'flaky_after_timer',
  `<startEvent id="s"/>
   <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration xsi:type="tFormalExpression">PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
   <serviceTask id="notify" tongban:topic="flaky"/><userTask id="done"/>`,
  ['s->wait', 'wait->notify', 'notify->done'],
);

describe('engine/jobs: retries, back-off and incidents', function () {
  let database: Database;
  let clock: ManualClock;
  let engine: Engine;
  let failing = true;
  let calls = 0;

  before(async () => {
    database = await testDatabase('job_retries');
    clock = new ManualClock('2026-03-02T01:00:00Z');
    engine = await createEngine({ database, clock, migrate: false });
    engine.registerTaskHandler('flaky', () => {
      calls++;
      if (failing) throw new Error('department system unavailable');
      return { notified: true };
    });
    await deployXml(engine, FLAKY, 'flaky.bpmn');
  });
  after(async () => {
    await engine.close();
    await database.close();
  });
  beforeEach(() => {
    failing = true;
    calls = 0;
  });

  it('a failing timer is rolled back, retried after 10 s, 20 s, 40 s, then raises an incident', async () => {
    const i = await engine.startInstance('flaky_after_timer');
    const [job] = await engine.queryJobs({ instanceId: i.id });
    clock.advance(HOUR);

    expect(await engine.fireDueTimers()).to.equal(0);
    let [after] = await engine.queryJobs({ instanceId: i.id });
    expect(after!.id).to.equal(job!.id);
    expect(after!.retries).to.equal(2);
    expect(after!.errorMessage).to.contain('department system unavailable');
    expect(after!.lockedBy).to.equal(null);
    expect(after!.dueAt!.getTime()).to.equal(clock.now().getTime() + 10 * SECOND);
    // The firing rolled back: the token still waits at the timer and nothing fired in history.
    expect((await engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['wait']);
    expect((await engine.history(i.id)).filter((h) => h.type === 'timerFired')).to.have.length(0);

    clock.advance(10 * SECOND - 1);
    expect(await engine.fireDueTimers()).to.equal(0);
    expect(calls).to.equal(1); // not due yet
    for (const [pause, left] of [[1, 1], [20 * SECOND, 0]] as const) {
      clock.advance(pause);
      await engine.fireDueTimers();
      [after] = await engine.queryJobs({ instanceId: i.id });
      expect(after!.retries).to.equal(left);
    }
    expect(after!.dueAt!.getTime()).to.equal(clock.now().getTime() + 40 * SECOND);
    expect(await engine.queryIncidents({ instanceId: i.id })).to.have.length(0);

    clock.advance(40 * SECOND);
    await engine.fireDueTimers();
    expect(calls).to.equal(4); // the first attempt and three retries
    const incidents = await engine.queryIncidents({ instanceId: i.id, open: true });
    expect(incidents).to.have.length(1);
    expect(incidents[0]).to.include({ jobId: job!.id, jobKind: 'timer', elementId: 'wait', resolvedAt: null, instanceId: i.id });
    expect(incidents[0]!.message).to.contain('HANDLER_FAILED').and.contain('department system unavailable');
    const incidentHistory = (await engine.history(i.id)).filter((h) => h.type === 'incidentCreated');
    expect(incidentHistory).to.have.length(1);
    expect(incidentHistory[0]!.data).to.include({ incidentId: incidents[0]!.id, jobId: job!.id });

    // Out of retries: no longer acquired, however much time passes.
    clock.advance(24 * HOUR);
    expect(await engine.fireDueTimers()).to.equal(0);
    expect(calls).to.equal(4);
  });

  it('retryJob resolves the incident and fires the job once it succeeds', async () => {
    const i = await engine.startInstance('flaky_after_timer');
    const [job] = await engine.queryJobs({ instanceId: i.id });
    clock.advance(HOUR);
    for (const pause of [0, 10, 20, 40]) {
      clock.advance(pause * SECOND);
      await engine.fireDueTimers();
    }
    const [incident] = await engine.queryIncidents({ instanceId: i.id, open: true });
    expect(incident).to.not.equal(undefined);

    failing = false;
    await engine.retryJob(job!.id, { userId: 'ops-01' });
    const [reset] = await engine.queryJobs({ instanceId: i.id });
    expect(reset!.retries).to.equal(null);
    expect(reset!.dueAt!.getTime()).to.equal(clock.now().getTime());
    expect(await engine.queryIncidents({ instanceId: i.id, open: true })).to.have.length(0);
    const [resolved] = await engine.queryIncidents({ instanceId: i.id, open: false });
    expect(resolved).to.include({ id: incident!.id, resolution: 'retried' });
    expect(resolved!.resolvedAt!.getTime()).to.equal(clock.now().getTime());

    expect(await engine.fireDueTimers()).to.equal(1);
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['done']);
    expect((await engine.getInstance(i.id))!.variables).to.include({ notified: true });
    const history = await engine.history(i.id);
    expect(history.filter((h) => h.type === 'timerFired')).to.have.length(1);
    const resolvedHistory = history.find((h) => h.type === 'incidentResolved');
    expect(resolvedHistory).to.include({ userId: 'ops-01', elementId: 'wait' });
  });

  it('retryJob also cuts a back-off short, and refuses a job that does not exist', async () => {
    const i = await engine.startInstance('flaky_after_timer');
    const [job] = await engine.queryJobs({ instanceId: i.id });
    clock.advance(HOUR);
    await engine.fireDueTimers();
    failing = false;
    await engine.retryJob(job!.id);
    expect(await engine.fireDueTimers()).to.equal(1);
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['done']);

    const err = await engine.retryJob('no-such-job').catch((e: unknown) => e);
    expect((err as EngineError).code).to.equal('JOB_NOT_FOUND');
  });

  it('an incident is resolved when its job goes away with its instance', async () => {
    const i = await engine.startInstance('flaky_after_timer');
    clock.advance(HOUR);
    for (const pause of [0, 10, 20, 40]) {
      clock.advance(pause * SECOND);
      await engine.fireDueTimers();
    }
    expect(await engine.queryIncidents({ instanceId: i.id, open: true })).to.have.length(1);
    await engine.terminateInstance(i.id, { reason: 'withdrawn' });
    expect(await engine.queryIncidents({ instanceId: i.id, open: true })).to.have.length(0);
    const [resolved] = await engine.queryIncidents({ instanceId: i.id });
    expect(resolved!.resolution).to.equal('jobDeleted');
  });

  it('the retry policy is configurable per engine', async () => {
    const other = await createEngine({ database, clock, migrate: false, jobRetries: { retries: 1, backoffMs: 5 * SECOND } });
    other.registerTaskHandler('flaky', () => {
      calls++;
      throw new Error('still down');
    });
    const i = await other.startInstance('flaky_after_timer');
    clock.advance(HOUR);
    await other.fireDueTimers();
    const [job] = await other.queryJobs({ instanceId: i.id });
    expect(job!.dueAt!.getTime()).to.equal(clock.now().getTime() + 5 * SECOND);
    clock.advance(5 * SECOND);
    await other.fireDueTimers();
    expect(calls).to.equal(2);
    expect(await other.queryIncidents({ instanceId: i.id, open: true })).to.have.length(1);
    await other.close(); // does not own the database: leaves it open

    const err = await createEngine({ database, migrate: false, jobRetries: { retries: -1 } }).catch((e: unknown) => e);
    expect((err as EngineError).code).to.equal('INVALID_ARGUMENT');
  });

  it('backs off exponentially up to the cap', () => {
    const now = new Date('2026-03-02T00:00:00Z');
    const pauses = [null, 2, 1].map((left) => {
      const next = nextAttempt(DEFAULT_RETRY_POLICY, left, now);
      return next.incident ? 'incident' : (next.dueAt.getTime() - now.getTime()) / SECOND;
    });
    expect(pauses).to.deep.equal([10, 20, 40]);
    expect(nextAttempt(DEFAULT_RETRY_POLICY, 0, now)).to.deep.equal({ incident: true });
    const capped = nextAttempt(retryPolicy({ retries: 30, backoffMs: 60 * SECOND, maxBackoffMs: HOUR }), 1, now);
    expect(capped.incident ? 0 : capped.dueAt.getTime() - now.getTime()).to.equal(HOUR);
  });
});
