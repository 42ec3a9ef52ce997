import { expect } from 'chai';
import type { Engine, ManualClock } from '../../../engine/src/index.js';
import { deployXml, openTaskElements, testEngine, type TestEngine } from '../../support/engine.js';
import { CHECK, rejectsWith } from './support.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe('engine/external: failures, back-off, incidents and retries', function () {
  let t: TestEngine;
  let engine: Engine;
  let clock: ManualClock;

  before(async () => {
    t = await testEngine('external_failures');
    engine = t.engine;
    clock = t.clock;
    await deployXml(engine, CHECK, 'check.bpmn');
  });
  after(() => t.close());

  const fetch = (workerId = 'w1') => engine.externalTasks.fetchAndLock({ workerId, maxTasks: 10, topics: [{ topicName: 'licence.check', lockDuration: MINUTE }] });

  it('a failure with retries and a timeout: fetchable again after the back-off; at 0 retries an incident; setRetries clears it', async () => {
    const i = await engine.startInstance('ext_check');
    const [task] = await fetch();
    await engine.externalTasks.handleFailure(task!.id, 'w1', { errorMessage: 'registry unavailable', errorDetails: 'Error: ECONNREFUSED\n  at connect', retries: 2, retryTimeout: 30 * SECOND });
    let view = (await engine.externalTasks.get(task!.id))!;
    expect(view).to.deep.include({ retries: 2, errorMessage: 'registry unavailable', incidentId: null, lockExpirationTime: null, workerId: 'w1' });
    expect(view.dueAt!.getTime()).to.equal(clock.now().getTime() + 30 * SECOND);
    expect(await engine.externalTasks.errorDetails(task!.id)).to.contain('ECONNREFUSED');

    clock.advance(30 * SECOND - 1);
    expect(await fetch('w2')).to.have.length(0);
    clock.advance(1);
    const [again] = await fetch('w2');
    expect(again).to.deep.include({ id: task!.id, retries: 2, errorMessage: 'registry unavailable' });

    await engine.externalTasks.handleFailure(task!.id, 'w2', { errorMessage: 'still down', retries: 0 });
    view = (await engine.externalTasks.get(task!.id))!;
    expect(view.retries).to.equal(0);
    expect(view.incidentId).to.be.a('string');
    const [incident] = await engine.queryIncidents({ instanceId: i.id, open: true });
    expect(incident).to.deep.include({ jobId: task!.id, jobKind: 'serviceTask', elementId: 'check', message: 'still down' });
    clock.advance(MINUTE);
    expect(await fetch('w3')).to.have.length(0); // not fetched while the incident is open

    await engine.externalTasks.setRetries(task!.id, 1, { userId: 'ops-01' });
    expect(await engine.queryIncidents({ instanceId: i.id, open: true })).to.have.length(0);
    const [resolved] = await engine.queryIncidents({ instanceId: i.id });
    expect(resolved!.resolution).to.equal('retried');
    const history = await engine.history(i.id);
    expect(history.filter((h) => h.type === 'externalTaskFailed').map((h) => h.data!.retries)).to.deep.equal([2, 0]);
    expect(history.find((h) => h.type === 'incidentResolved')!.userId).to.equal('ops-01');
    const [third] = await fetch('w3');
    await engine.externalTasks.complete(third!.id, 'w3');
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['after']);
  });

  it("without retries the engine's policy counts down with its back-off (10 s, 20 s, 40 s), then an incident", async () => {
    const i = await engine.startInstance('ext_check');
    let [task] = await fetch();
    const waits: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      await engine.externalTasks.handleFailure(task!.id, task!.workerId, { errorMessage: `attempt ${attempt}` });
      const view = (await engine.externalTasks.get(task!.id))!;
      if (view.incidentId) break;
      waits.push(view.dueAt!.getTime() - clock.now().getTime());
      clock.advance(view.dueAt!.getTime() - clock.now().getTime());
      [task] = await fetch(`w${attempt + 2}`);
    }
    expect(waits).to.deep.equal([10 * SECOND, 20 * SECOND, 40 * SECOND]);
    expect(await engine.queryIncidents({ instanceId: i.id, open: true })).to.have.length(1);
    // engine.retryJob clears an external task's incident too.
    await engine.retryJob(task!.id, { userId: 'ops-02' });
    expect(await engine.queryIncidents({ instanceId: i.id, open: true })).to.have.length(0);
    expect(await fetch('w9')).to.have.length(1);
  });

  it('the worker that reported a failure may still complete the task (Camunda keeps its worker id)', async () => {
    const i = await engine.startInstance('ext_check');
    const [task] = await fetch();
    await engine.externalTasks.handleFailure(task!.id, 'w1', { errorMessage: 'slow', retries: 3, retryTimeout: MINUTE });
    await engine.externalTasks.complete(task!.id, 'w1', { late: true });
    expect(await openTaskElements(engine, i.id)).to.deep.equal(['after']);
  });

  it('setRetries(0) opens an incident; terminating the instance resolves it (the job is gone)', async () => {
    const i = await engine.startInstance('ext_check');
    const [open] = await engine.externalTasks.query({ processInstanceId: i.id });
    await engine.externalTasks.setRetries(open!.id, 0);
    expect(await engine.externalTasks.query({ processInstanceId: i.id, withIncident: true })).to.have.length(1);
    await engine.terminateInstance(i.id);
    const [incident] = await engine.queryIncidents({ instanceId: i.id });
    expect(incident!.resolution).to.equal('jobDeleted');
    await rejectsWith(engine.externalTasks.setRetries(open!.id, 1), 'JOB_NOT_FOUND');
  });

  it('refuses negative retries and timeouts', async () => {
    await engine.startInstance('ext_check');
    const [task] = await fetch();
    await rejectsWith(engine.externalTasks.handleFailure(task!.id, 'w1', { retries: -1 }), 'INVALID_ARGUMENT', { field: 'retries' });
    await rejectsWith(engine.externalTasks.handleFailure(task!.id, 'w1', { retries: 1, retryTimeout: -5 }), 'INVALID_ARGUMENT', { field: 'retryTimeout' });
    await engine.externalTasks.complete(task!.id, 'w1');
  });
});
