/** Deployments, instances, tasks, messages and jobs through the API: behaviour beyond permissions. */
import { expect } from 'chai';
import { type Harness, INSIDE_TOWN, INSIDE_VILLAGE, OUTSIDE_VILLAGE, errorOf, startHarness } from './support/harness.js';
import { SIMPLE_BPMN } from './support/samples.js';

describe('api: deployments, instances, tasks, messages, jobs', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('cases');
  });
  after(() => h?.close());

  const start = (as: keyof Harness['as'], body: object) => h.http().post('/api/instances').set(h.as[as].headers).send(body);

  it('deploys BPMN, refuses invalid BPMN with every problem (422), and validates without deploying', async () => {
    const ok = await h.http().post('/api/deployments').set(h.as.editor.headers).send({ resources: [{ name: 'ok.bpmn', xml: SIMPLE_BPMN.replace('api_deployed', 'api_fresh') }] });
    expect(ok.status).to.equal(201);
    expect(ok.body.definitions[0]).to.include({ key: 'api_fresh', version: 1, isNew: true });
    const broken = SIMPLE_BPMN.replace('targetRef="e"', 'targetRef="nowhere"');
    const refused = await h.http().post('/api/deployments').set(h.as.editor.headers).send({ resources: [{ name: 'bad.bpmn', xml: broken }] });
    expect(refused.status).to.equal(422);
    expect(errorOf(refused.body).code).to.equal('DEPLOYMENT_INVALID');
    expect((errorOf(refused.body).details as { problems: unknown[] }).problems).to.have.length.greaterThan(0);
    const dry = await h.http().post('/api/deployments/validate').set(h.as.townEditor.headers).send({ resources: [{ name: 'bad.bpmn', xml: broken }] });
    expect(dry.status).to.equal(200);
    expect(dry.body.valid).to.equal(false);
    expect(dry.body.problems[0]).to.include.keys('elementId', 'elementType', 'message');
    const xml = await h.http().get('/api/definitions/api_fresh:1/xml').set(h.as.clerk.headers);
    expect(xml.status).to.equal(200);
    expect(xml.headers['content-type']).to.match(/application\/xml/);
    expect(xml.text).to.include('api_fresh');
  });

  it('starts a case in a region: regionCode required for users, known, and within scope', async () => {
    const missing = await start('clerk', { processKey: 'api_task' });
    expect(missing.status).to.equal(400);
    const unknownRegion = await start('admin', { processKey: 'api_task', regionCode: '440106001999' });
    expect(unknownRegion.status).to.equal(422);
    expect(errorOf(unknownRegion.body).code).to.equal('UNKNOWN_REGION');
    const unknownProcess = await start('clerk', { processKey: 'no_such_process', regionCode: INSIDE_VILLAGE });
    expect(unknownProcess.status).to.equal(404);
    expect(errorOf(unknownProcess.body).code).to.equal('DEFINITION_NOT_FOUND');
    const outside = await start('clerk', { processKey: 'api_task', regionCode: OUTSIDE_VILLAGE });
    expect(outside.status).to.equal(403);
    const ok = await start('clerk', { processKey: 'api_task', regionCode: INSIDE_VILLAGE, businessKey: 'SP-1', variables: { applicant: '某某餐饮有限公司' } });
    expect(ok.status).to.equal(201);
    expect(ok.body).to.include({ processKey: 'api_task', businessKey: 'SP-1', status: 'active', regionCode: INSIDE_VILLAGE });
    expect(ok.body.activeElementIds).to.deep.equal(['work']);
    expect(ok.headers.location).to.equal(`/api/instances/${ok.body.id}`);
    const byKey = await h.http().post('/api/instances').set(h.as.adapter.headers).send({ processKey: 'api_task' });
    expect(byKey.status).to.equal(201);
    expect(byKey.body).to.include({ regionCode: INSIDE_TOWN, departmentId: 'town-in' });
  });

  it('lists instances with paging, a total, and a region filter that never widens the scope', async () => {
    for (let i = 0; i < 5; i++) await h.startCase(INSIDE_VILLAGE, { processKey: 'api_group_task', businessKey: `PAGE-${i}` });
    await h.startCase(OUTSIDE_VILLAGE, { processKey: 'api_group_task', businessKey: 'PAGE-out' });
    const page = await h.http().get('/api/instances?processKey=api_group_task&limit=2&offset=1').set(h.as.clerk.headers);
    expect(page.status).to.equal(200);
    expect(page.body).to.include({ total: 5, limit: 2, offset: 1 });
    expect(page.body.items).to.have.length(2);
    const asAdmin = await h.http().get('/api/instances?processKey=api_group_task').set(h.as.admin.headers);
    expect(asAdmin.body.total).to.equal(6);
    const widened = await h.http().get('/api/instances?processKey=api_group_task&regionCode=44').set(h.as.clerk.headers);
    expect(widened.body.total).to.equal(5);
    const elsewhere = await h.http().get(`/api/instances?processKey=api_group_task&regionCode=${OUTSIDE_VILLAGE}`).set(h.as.clerk.headers);
    expect(elsewhere.body.total).to.equal(0);
  });

  it('reads and merges variables, suspends and resumes, terminates once (then 409)', async () => {
    const id = await h.startCase(INSIDE_VILLAGE, { variables: { a: 1 } });
    const set = await h.http().patch(`/api/instances/${id}/variables`).set(h.as.clerk.headers).send({ variables: { b: { nested: true } } });
    expect(set.body.variables).to.deep.equal({ a: 1, b: { nested: true } });
    const suspended = await h.http().post(`/api/instances/${id}/suspend`).set(h.as.clerk.headers).send({ reason: '补正材料' });
    expect(suspended.body.suspended).to.include({ reason: '补正材料' });
    const resumed = await h.http().post(`/api/instances/${id}/resume`).set(h.as.clerk.headers).send({});
    expect(resumed.body.suspended).to.equal(null);
    const ended = await h.http().post(`/api/instances/${id}/terminate`).set(h.as.clerk.headers).send({ reason: '申请人放弃' });
    expect(ended.status).to.equal(200);
    expect(ended.body.status).to.equal('terminated');
    const again = await h.http().post(`/api/instances/${id}/terminate`).set(h.as.clerk.headers).send({ reason: '再次' });
    expect(again.status).to.equal(409);
    expect(errorOf(again.body).code).to.equal('INSTANCE_NOT_ACTIVE');
    const move = await h.http().post(`/api/instances/${id}/move`).set(h.as.admin.headers).send({ fromElementId: 'work', toElementId: 'work', reason: 'x' });
    expect(move.status).to.equal(501);
    expect(errorOf(move.body).message).to.match(/return/);
  });

  it('completes a task with outcome, variables and comment; a second completion is 409', async () => {
    const id = await h.startCase(INSIDE_VILLAGE);
    const task = await h.openTask(id);
    const done = await h.http().post(`/api/tasks/${task}/complete`).set(h.as.approver.headers).send({ outcome: 'approve', variables: { approved: true }, comment: '材料齐全，同意' });
    expect(done.status).to.equal(204);
    const again = await h.http().post(`/api/tasks/${task}/complete`).set(h.as.approver.headers).send({ outcome: 'approve' });
    expect(again.status).to.equal(409);
    expect(errorOf(again.body).code).to.equal('TASK_ALREADY_COMPLETED');
    const history = await h.http().get(`/api/instances/${id}/history`).set(h.as.supervisor.headers);
    const completed = (history.body.events as Array<{ type: string; userId: string | null; data: Record<string, unknown> | null }>).find((e) => e.type === 'taskCompleted');
    expect(completed?.userId).to.equal('user-approver');
    expect(JSON.stringify(completed?.data)).to.include('材料齐全');
    const instance = await h.http().get(`/api/instances/${id}`).set(h.as.supervisor.headers);
    expect(instance.body).to.include({ status: 'completed' });
  });

  it('409 on concurrent completion: exactly one of two simultaneous completions wins', async () => {
    for (let round = 0; round < 3; round++) {
      const task = await h.openTask(await h.startCase(INSIDE_VILLAGE));
      const [a, b] = await Promise.all([
        h.http().post(`/api/tasks/${task}/complete`).set(h.as.clerk.headers).send({ outcome: 'approve' }),
        h.http().post(`/api/tasks/${task}/complete`).set(h.as.approver.headers).send({ outcome: 'reject' }),
      ]);
      expect([a!.status, b!.status].sort()).to.deep.equal([204, 409]);
      const loser = a!.status === 409 ? a! : b!;
      expect(errorOf(loser.body).code).to.equal('TASK_ALREADY_COMPLETED');
    }
  });

  it('lets only candidates act on a task (403 TASK_NOT_PERMITTED) and lists "mine" with a count', async () => {
    const id = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_group_task', businessKey: 'MINE-1' });
    const task = await h.openTask(id);
    const notMine = await h.http().post(`/api/tasks/${task}/complete`).set(h.as.approver.headers).send({});
    expect(notMine.status).to.equal(403);
    expect(errorOf(notMine.body).code).to.equal('TASK_NOT_PERMITTED');
    const mine = await h.http().get('/api/tasks?mine=true&businessKey=MINE-1').set(h.as.clerk.headers);
    expect(mine.body.total).to.equal(1);
    expect(mine.body.items[0]).to.include({ id: task, elementId: 'accept', regionCode: INSIDE_VILLAGE });
    const notForApprover = await h.http().get('/api/tasks?mine=true&businessKey=MINE-1').set(h.as.approver.headers);
    expect(notForApprover.body.total).to.equal(0);
    const byGroup = await h.http().get('/api/tasks?candidateGroup=town-in:clerk&businessKey=MINE-1').set(h.as.supervisor.headers);
    expect(byGroup.body.total, JSON.stringify(byGroup.body)).to.equal(1);
    expect((await h.http().post(`/api/tasks/${task}/claim`).set(h.as.clerk.headers)).status).to.equal(204);
    const claimed = await h.http().get(`/api/tasks/${task}`).set(h.as.clerk.headers);
    expect(claimed.body.assignee).to.equal('user-clerk');
    expect((await h.http().post(`/api/tasks/${task}/complete`).set(h.as.clerk.headers).send({ outcome: 'approve' })).status).to.equal(204);
    const gone = await h.http().get(`/api/tasks/${task}`).set(h.as.clerk.headers);
    expect(gone.status).to.equal(404);
  });

  it('transfers to a known user only (422 otherwise), and returns a case to an earlier step', async () => {
    const task = await h.openTask(await h.startCase(INSIDE_VILLAGE));
    const unknown = await h.http().post(`/api/tasks/${task}/transfer`).set(h.as.clerk.headers).send({ to: 'ghost' });
    expect(unknown.status).to.equal(422);
    expect(errorOf(unknown.body).code).to.equal('UNKNOWN_USER');
    expect((await h.http().post(`/api/tasks/${task}/transfer`).set(h.as.clerk.headers).send({ to: 'user-approver' })).status).to.equal(204);
    expect((await h.http().get(`/api/tasks/${task}`).set(h.as.clerk.headers)).body.assignee).to.equal('user-approver');
    const two = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_two' });
    await h.server.engine.completeTask(await h.openTask(two), { userId: 'user-admin' });
    const second = await h.openTask(two);
    expect((await h.http().post(`/api/tasks/${second}/return`).set(h.as.clerk.headers).send({ target: 'first', comment: '退回补正' })).status).to.equal(204);
    expect((await h.http().get(`/api/instances/${two}`).set(h.as.clerk.headers)).body.activeElementIds).to.deep.equal(['first']);
  });

  it('correlates messages: 404 when nobody waits, 409 when several do without all=true', async () => {
    const none = await h.http().post('/api/messages').set(h.as.clerk.headers).send({ name: 'api-paid', correlationKey: 'nobody' });
    expect(none.status).to.equal(404);
    expect(errorOf(none.body).code).to.equal('MESSAGE_NOT_CORRELATED');
    const a = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_message', variables: { caseNo: 'DUP' } });
    const b = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_message', variables: { caseNo: 'DUP' } });
    const ambiguous = await h.http().post('/api/messages').set(h.as.clerk.headers).send({ name: 'api-paid', correlationKey: 'DUP' });
    expect(ambiguous.status).to.equal(409);
    const all = await h.http().post('/api/messages').set(h.as.clerk.headers).send({ name: 'api-paid', correlationKey: 'DUP', all: true, variables: { paid: true } });
    expect(all.status).to.equal(200);
    expect([...all.body.instanceIds].sort()).to.deep.equal([a, b].sort());
    expect((await h.http().get(`/api/instances/${a}`).set(h.as.clerk.headers)).body.activeElementIds).to.deep.equal(['paid']);
  });

  it('completes jobs and raises BPMN errors at them; failures are reported on the external-task routes', async () => {
    const one = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_job' });
    const jobs = await h.http().get(`/api/jobs?instanceId=${one}`).set(h.as.adapter.headers);
    expect(jobs.body.total).to.equal(1);
    expect(jobs.body.items[0]).to.include({ topic: 'api-topic', elementId: 'push', regionCode: INSIDE_VILLAGE });
    expect((await h.http().post(`/api/jobs/${jobs.body.items[0].id}/complete`).set(h.as.adapter.headers).send({ variables: { receipt: 'R-1' } })).status).to.equal(204);
    const after = await h.http().get(`/api/instances/${one}`).set(h.as.adapter.headers);
    expect(after.body.activeElementIds).to.deep.equal(['pushed']);
    expect(after.body.variables).to.deep.equal({ receipt: 'R-1' });
    const two = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_job' });
    const [job] = await h.server.engine.queryJobs({ instanceId: two });
    expect((await h.http().post(`/api/jobs/${job!.id}/bpmn-error`).set(h.as.adapter.headers).send({ errorCode: 'FAIL' })).status).to.equal(204);
    expect((await h.http().get(`/api/instances/${two}`).set(h.as.adapter.headers)).body.activeElementIds).to.deep.equal(['repair']);
    const three = await h.startCase(INSIDE_VILLAGE, { processKey: 'api_job' });
    const [job3] = await h.server.engine.queryJobs({ instanceId: three });
    // A failure needs the worker that holds the task (fetch-and-lock); without a lock it is refused.
    const fail = await h.http().post(`/api/external-tasks/${job3!.id}/failure`).set(h.as.adapter.headers).send({ workerId: 'nobody', errorMessage: 'timeout' });
    expect(fail.status).to.equal(409);
    expect(errorOf(fail.body).code).to.equal('COMMAND_NOT_ALLOWED');
  });
});
