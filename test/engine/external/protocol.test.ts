import { expect } from 'chai';
import type { Engine, ManualClock } from '../../../engine/src/index.js';
import { deployXml, openTaskElements, testEngine, type TestEngine } from '../../support/engine.js';
import { CHECK, OTHER, rejectsWith } from './support.js';

const MINUTE = 60_000;

describe('engine/external: fetch-and-lock protocol', function () {
  let t: TestEngine;
  let engine: Engine;
  let clock: ManualClock;

  before(async () => {
    t = await testEngine('external_protocol');
    engine = t.engine;
    clock = t.clock;
    await deployXml(engine, CHECK, 'check.bpmn');
    await deployXml(engine, OTHER, 'other.bpmn');
  });
  after(() => t.close());

  /** Drains every fetchable task of the topics, so each test starts from its own instances. */
  beforeEach(async () => {
    clock.advance(24 * 3_600_000);
    for (;;) {
      const left = await engine.externalTasks.fetchAndLock({ workerId: 'sweeper', maxTasks: 100, topics: [{ topicName: 'licence.check', lockDuration: 1 }, { topicName: 'other.topic', lockDuration: 1 }] });
      if (left.length === 0) break;
      for (const task of left) await engine.externalTasks.complete(task.id, 'sweeper');
    }
  });

  const fetch = (workerId: string, lockDuration = MINUTE, extra: Record<string, unknown> = {}) =>
    engine.externalTasks.fetchAndLock({ workerId, maxTasks: 10, topics: [{ topicName: 'licence.check', lockDuration, ...extra }] });

  it('locks a task for the worker and returns it in Camunda 7 shape, with its variables', async () => {
    const i = await engine.startInstance('ext_check', { businessKey: 'BK-1', variables: { applicantId: '110101199003071234', amount: 3 } });
    const [task, ...more] = await fetch('w1');
    expect(more).to.have.length(0);
    expect(task).to.deep.include({
      topicName: 'licence.check',
      workerId: 'w1',
      processInstanceId: i.id,
      processDefinitionKey: 'ext_check',
      businessKey: 'BK-1',
      activityId: 'check',
      retries: null,
      errorMessage: null,
      priority: 0,
    });
    expect(task!.processDefinitionId).to.equal(i.definitionId);
    expect(task!.lockExpirationTime.getTime()).to.equal(clock.now().getTime() + MINUTE);
    expect(task!.variables).to.deep.equal({ applicantId: '110101199003071234', amount: 3 });
    // Locked: nobody else gets it, not even the same worker again.
    expect(await fetch('w2')).to.have.length(0);
    expect(await fetch('w1')).to.have.length(0);
    const [listed] = await engine.externalTasks.query({ processInstanceId: i.id });
    expect(listed).to.deep.include({ id: task!.id, workerId: 'w1', topicName: 'licence.check' });
    expect(await engine.externalTasks.query({ processInstanceId: i.id, locked: false })).to.have.length(0);
  });

  it('filters variables by name; [] returns none; topics not asked for are not fetched', async () => {
    await engine.startInstance('ext_check', { variables: { a: 1, b: { nested: true }, c: 'x' } });
    await engine.startInstance('ext_other', { variables: { a: 2 } });
    const [task] = await fetch('w1', MINUTE, { variables: ['b', 'missing'] });
    expect(task!.variables).to.deep.equal({ b: { nested: true } });
    const [other] = await engine.externalTasks.fetchAndLock({ workerId: 'w1', maxTasks: 5, topics: [{ topicName: 'other.topic', lockDuration: MINUTE, variables: [] }] });
    expect(other!.topicName).to.equal('other.topic');
    expect(other!.variables).to.deep.equal({});
  });

  it('maxTasks bounds the answer across topics; usePriority fetches higher priority first', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      clock.advance(1_000);
      ids.push((await engine.startInstance('ext_check')).id);
    }
    const tasks = await engine.externalTasks.query({ topicName: 'licence.check', locked: false });
    const newest = tasks.find((x) => x.processInstanceId === ids[2])!;
    await engine.externalTasks.setPriority(newest.id, 80);
    const [first] = await engine.externalTasks.fetchAndLock({ workerId: 'w', maxTasks: 1, usePriority: true, topics: [{ topicName: 'licence.check', lockDuration: MINUTE }] });
    expect(first!.id).to.equal(newest.id);
    expect(first!.priority).to.equal(80);
    const rest = await engine.externalTasks.fetchAndLock({ workerId: 'w', maxTasks: 5, topics: [{ topicName: 'licence.check', lockDuration: MINUTE }] });
    expect(rest.map((x) => x.processInstanceId)).to.deep.equal([ids[0], ids[1]]); // oldest first
  });

  it('an expired lock is fetched again by another worker; the late worker is then refused', async () => {
    const i = await engine.startInstance('ext_check');
    const [task] = await fetch('w1', 1_000);
    clock.advance(1_000);
    expect(await fetch('w2')).to.have.length(0); // the lock holds up to and including its expiry
    clock.advance(1);
    const [again] = await fetch('w2');
    expect(again!.id).to.equal(task!.id);
    await rejectsWith(engine.externalTasks.complete(task!.id, 'w1'), 'COMMAND_NOT_ALLOWED', { reason: 'LOCKED_BY_OTHER_WORKER', lockedBy: 'w2' });
    await engine.externalTasks.complete(task!.id, 'w2', { checked: true });
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['after']);
    expect((await engine.getInstance(i.id))!.variables).to.include({ checked: true });
  });

  it("an expired lock nobody else took may still be completed by its worker (Camunda's rule)", async () => {
    const i = await engine.startInstance('ext_check');
    const [task] = await fetch('w1', 1_000);
    clock.advance(10 * MINUTE);
    expect(await engine.externalTasks.complete(task!.id, 'w1')).to.deep.equal({ id: task!.id, repeated: false });
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['after']);
  });

  it('refuses a completion by a worker that does not hold the lock, and of a task nobody locked', async () => {
    const i = await engine.startInstance('ext_check');
    const [open] = await engine.externalTasks.query({ processInstanceId: i.id });
    await rejectsWith(engine.externalTasks.complete(open!.id, 'w1'), 'COMMAND_NOT_ALLOWED', { reason: 'NOT_LOCKED' });
    await fetch('w1');
    await rejectsWith(engine.externalTasks.complete(open!.id, 'intruder'), 'COMMAND_NOT_ALLOWED', { reason: 'LOCKED_BY_OTHER_WORKER' });
    await rejectsWith(engine.externalTasks.handleFailure(open!.id, 'intruder', { retries: 0 }), 'COMMAND_NOT_ALLOWED');
    await rejectsWith(engine.externalTasks.handleBpmnError(open!.id, 'intruder', 'CERT_NOT_FOUND'), 'COMMAND_NOT_ALLOWED');
    await rejectsWith(engine.externalTasks.extendLock(open!.id, 'intruder', MINUTE), 'COMMAND_NOT_ALLOWED');
    expect(await openTaskElements(engine, i.id)).to.deep.equal([]);
    expect((await engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['check']);
    await rejectsWith(engine.externalTasks.complete('no-such-task', 'w1'), 'JOB_NOT_FOUND');
  });

  it('a completion arriving twice changes nothing: the same request again succeeds as repeated, any other is refused', async () => {
    const i = await engine.startInstance('ext_check');
    const [task] = await fetch('w1');
    expect(await engine.externalTasks.complete(task!.id, 'w1', { result: 'ok', n: 1 })).to.deep.equal({ id: task!.id, repeated: false });
    const historyBefore = await engine.history(i.id);
    // Same worker, same variables (keys in another order): the answer was lost, the worker retries.
    expect(await engine.externalTasks.complete(task!.id, 'w1', { n: 1, result: 'ok' })).to.deep.equal({ id: task!.id, repeated: true });
    const conflict = await rejectsWith(engine.externalTasks.complete(task!.id, 'w1', { result: 'different' }), 'TASK_ALREADY_COMPLETED', { workerId: 'w1', outcome: 'completed' });
    expect(conflict.message).to.contain('already been completed by worker w1');
    await rejectsWith(engine.externalTasks.complete(task!.id, 'w2', { result: 'ok', n: 1 }), 'TASK_ALREADY_COMPLETED');
    await rejectsWith(engine.externalTasks.handleBpmnError(task!.id, 'w1', 'CERT_NOT_FOUND'), 'TASK_ALREADY_COMPLETED');
    await rejectsWith(engine.externalTasks.handleFailure(task!.id, 'w1', { retries: 1 }), 'TASK_ALREADY_COMPLETED');
    expect(await engine.history(i.id)).to.deep.equal(historyBefore);
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['after']);
  });

  it('two identical completions at the same time: one completes, the other is answered as a repeat', async () => {
    const i = await engine.startInstance('ext_check');
    const [task] = await fetch('w1');
    const results = await Promise.all([engine.externalTasks.complete(task!.id, 'w1', { v: 1 }), engine.externalTasks.complete(task!.id, 'w1', { v: 1 })]);
    expect(results.map((r) => r.repeated).sort()).to.deep.equal([false, true]);
    expect((await engine.history(i.id)).filter((h) => h.type === 'elementLeft' && h.elementId === 'check')).to.have.length(1);
  });

  it('a BPMN error is thrown at the task and caught by its boundary event', async () => {
    const i = await engine.startInstance('ext_check');
    const [task] = await fetch('w1');
    const outcome = await engine.externalTasks.handleBpmnError(task!.id, 'w1', 'CERT_NOT_FOUND', 'no licence on file', { certChecked: true });
    expect(outcome.repeated).to.equal(false);
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['manual']);
    expect((await engine.getInstance(i.id))!.variables).to.include({ certChecked: true });
    const caught = (await engine.history(i.id)).find((h) => h.type === 'errorCaught');
    expect(caught?.elementId).to.equal('noCert');
    expect((await engine.externalTasks.handleBpmnError(task!.id, 'w1', 'CERT_NOT_FOUND', 'no licence on file', { certChecked: true })).repeated).to.equal(true);
  });

  it('an uncaught BPMN error is refused and the task stays locked for its worker', async () => {
    const i = await engine.startInstance('ext_check');
    const [task] = await fetch('w1');
    await rejectsWith(engine.externalTasks.handleBpmnError(task!.id, 'w1', 'SOMETHING_ELSE'), 'UNHANDLED_BPMN_ERROR');
    expect((await engine.externalTasks.get(task!.id))!.workerId).to.equal('w1');
    await engine.externalTasks.complete(task!.id, 'w1');
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['after']);
  });

  it('extendLock keeps the task from others past its first expiry; only the holder, only before expiry', async () => {
    await engine.startInstance('ext_check');
    const [task] = await fetch('w1', 1_000);
    clock.advance(500);
    await engine.externalTasks.extendLock(task!.id, 'w1', 5_000);
    expect((await engine.externalTasks.get(task!.id))!.lockExpirationTime!.getTime()).to.equal(clock.now().getTime() + 5_000);
    await rejectsWith(engine.externalTasks.extendLock(task!.id, 'w2', 5_000), 'COMMAND_NOT_ALLOWED');
    clock.advance(1_000);
    expect(await fetch('w2')).to.have.length(0);
    clock.advance(4_001);
    await rejectsWith(engine.externalTasks.extendLock(task!.id, 'w1', 5_000), 'COMMAND_NOT_ALLOWED', { reason: 'LOCK_EXPIRED' });
    await rejectsWith(engine.externalTasks.extendLock(task!.id, 'w1', 0), 'INVALID_ARGUMENT');
  });

  it('unlock gives the task back at once', async () => {
    await engine.startInstance('ext_check');
    const [task] = await fetch('w1');
    await engine.externalTasks.unlock(task!.id);
    expect((await engine.externalTasks.get(task!.id))!.workerId).to.equal(null);
    const [again] = await fetch('w2');
    expect(again!.id).to.equal(task!.id);
  });

  it('tasks of a suspended instance are not fetched until it resumes', async () => {
    const i = await engine.startInstance('ext_check');
    await engine.suspendInstance(i.id, { reason: '补正' });
    expect(await fetch('w1')).to.have.length(0);
    await engine.resumeInstance(i.id);
    expect(await fetch('w1')).to.have.length(1);
  });

  it('refuses malformed requests with INVALID_ARGUMENT naming the field', async () => {
    const bad = async (request: unknown, field: string) =>
      rejectsWith(engine.externalTasks.fetchAndLock(request as never), 'INVALID_ARGUMENT', { field });
    await bad({ maxTasks: 1, topics: [] }, 'workerId');
    await bad({ workerId: 'w', maxTasks: -1, topics: [] }, 'maxTasks');
    await bad({ workerId: 'w', maxTasks: 1, topics: [{ topicName: 't' }] }, 'topics[0].lockDuration');
    await bad({ workerId: 'w', maxTasks: 1, topics: [{ topicName: 't', lockDuration: 1, variables: 'a' }] }, 'topics[0].variables');
    await bad({ workerId: 'w', maxTasks: 1, topics: [], asyncResponseTimeout: 3_600_000 }, 'asyncResponseTimeout');
    expect(await engine.externalTasks.fetchAndLock({ workerId: 'w', maxTasks: 0, topics: [{ topicName: 'licence.check', lockDuration: 1 }] })).to.deep.equal([]);
    await rejectsWith(engine.externalTasks.complete('x', 'w', [] as never), 'INVALID_ARGUMENT');
  });
});
