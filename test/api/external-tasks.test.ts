/** External tasks over REST in Camunda 7's shape: a department system fetches, works and answers. */
import { expect } from 'chai';
import { type Harness, INSIDE_VILLAGE, errorOf, startHarness } from './support/harness.js';

describe('api: external tasks (pull adapters)', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('external_tasks');
  });
  after(() => h?.close());

  const fetch = (workerId: string, extra: object = {}) =>
    h.http().post('/api/external-tasks/fetchAndLock').set(h.as.adapter.headers).send({ workerId, maxTasks: 10, topics: [{ topicName: 'api-topic', lockDuration: 60_000 }], ...extra });

  it('fetch-and-lock gives each task to one worker; the worker completes it and the case moves on', async () => {
    const instanceId = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_job', variables: { caseNo: 'EXT-1' } });
    const first = await fetch('dept-system-a');
    expect(first.status).to.equal(200);
    const task = (first.body as Array<Record<string, unknown>>).find((t) => t.processInstanceId === instanceId)!;
    expect(task).to.include({ topicName: 'api-topic', workerId: 'dept-system-a', activityId: 'push' });
    expect(task.variables).to.include({ caseNo: 'EXT-1' });
    expect(Date.parse(task.lockExpirationTime as string)).to.be.greaterThan(0);
    const second = await fetch('dept-system-b');
    expect((second.body as Array<{ id: string }>).map((t) => t.id)).to.not.include(task.id);

    const wrong = await h.http().post(`/api/external-tasks/${task.id}/complete`).set(h.as.adapter.headers).send({ workerId: 'dept-system-b' });
    expect(wrong.status).to.equal(409);
    const done = await h.http().post(`/api/external-tasks/${task.id}/complete`).set(h.as.adapter.headers).send({ workerId: 'dept-system-a', variables: { licenceNo: 'JY1' } });
    expect(done.status).to.equal(200);
    expect(done.body).to.deep.equal({ id: task.id, repeated: false });
    // As in Camunda's REST API, a completed task is gone: a repeated delivery gets 404 and changes nothing.
    const again = await h.http().post(`/api/external-tasks/${task.id}/complete`).set(h.as.adapter.headers).send({ workerId: 'dept-system-a', variables: { licenceNo: 'JY2' } });
    expect(again.status).to.equal(404);
    const instance = await h.http().get(`/api/instances/${instanceId}`).set(h.as.admin.headers);
    expect(instance.body.activeElementIds).to.deep.equal(['pushed']);
    expect(instance.body.variables).to.include({ licenceNo: 'JY1' });
  });

  it('a failure with retries left backs off; a BPMN error goes to the boundary event', async () => {
    const instanceId = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_job' });
    const task = ((await fetch('w')).body as Array<{ id: string; processInstanceId: string }>).find((t) => t.processInstanceId === instanceId)!;
    const failed = await h.http().post(`/api/external-tasks/${task.id}/failure`).set(h.as.adapter.headers).send({ workerId: 'w', errorMessage: '部门系统超时', retries: 2, retryTimeout: 3_600_000 });
    expect(failed.status).to.equal(204);
    expect(((await fetch('w')).body as Array<{ id: string }>).map((t) => t.id)).to.not.include(task.id); // backing off
    const bad = await h.http().post(`/api/external-tasks/${task.id}/bpmnError`).set(h.as.adapter.headers).send({ workerId: 'w' });
    expect(bad.status).to.equal(400);
    const other = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_job' });
    const next = ((await fetch('w3')).body as Array<{ id: string; processInstanceId: string }>).find((t) => t.processInstanceId === other)!;
    const extended = await h.http().post(`/api/external-tasks/${next.id}/extendLock`).set(h.as.adapter.headers).send({ workerId: 'w3', newDuration: 120_000 });
    expect(extended.status).to.equal(204);
    const error = await h.http().post(`/api/external-tasks/${next.id}/bpmnError`).set(h.as.adapter.headers).send({ workerId: 'w3', errorCode: 'FAIL', errorMessage: '证照不存在' });
    expect(error.status).to.equal(200);
    const instance = await h.http().get(`/api/instances/${other}`).set(h.as.admin.headers);
    expect(instance.body.activeElementIds).to.deep.equal(['repair']);
    const unlocked = await h.http().post(`/api/external-tasks/${task.id}/unlock`).set(h.as.admin.headers);
    expect(unlocked.status).to.equal(204);
  });

  it('unknown tasks are 404 and bad requests 400 in the error shape', async () => {
    const missing = await h.http().post('/api/external-tasks/nope/complete').set(h.as.adapter.headers).send({ workerId: 'w' });
    expect(missing.status).to.equal(404);
    const badFetch = await h.http().post('/api/external-tasks/fetchAndLock').set(h.as.adapter.headers).send({ workerId: 'w', maxTasks: 0, topics: [] });
    expect(badFetch.status).to.equal(400);
    expect(errorOf(badFetch.body).code).to.be.a('string');
  });
});
