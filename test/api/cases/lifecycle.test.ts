/**
 * The case lifecycle over HTTP: window and online submissions, case numbers and receipts,
 * acceptance and refusal, steps with field permissions, conclusion from the process, immediate
 * items, withdrawal, and every refusal of a wrong transition.
 */
import { expect } from 'chai';
import { errorOf, INSIDE_TOWN, INSIDE_VILLAGE, OUTSIDE_VILLAGE } from '../support/harness.js';
import { company, FORM_DATA, idNumber, person, publishItem } from './support/fixtures.js';
import { type CaseHarness, startCaseHarness } from './support/harness.js';

describe('api/cases: lifecycle (办件)', function () {
  this.timeout(60_000);
  let h: CaseHarness;
  let item: string;
  let immediateItem: string;
  before(async () => {
    h = await startCaseHarness('lifecycle');
    item = await publishItem(h.server);
    immediateItem = await publishItem(h.server, { processKey: 'case_immediate', data: { immediate: true, promisedLimit: { value: 0, unit: 'workingDays' } } });
  });
  after(() => h?.close());

  const submit = (as: keyof CaseHarness['as'], body: Record<string, unknown>) => h.http().post('/api/cases').set(h.as[as].headers).send(body);
  const windowCase = (n: number, extra: Record<string, unknown> = {}) =>
    submit('clerk', { itemId: item, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(n), formData: FORM_DATA, materials: [{ materialId: 'm1', name: '申请书', copies: 1 }], ...extra });
  const post = (as: keyof CaseHarness['as'], path: string, body: object = {}) => h.http().post(path).set(h.as[as].headers).send(body);
  const reviewTask = async (caseId: string) => (await h.server.engine.queryTasks({ instanceId: caseId, elementId: 'review' }))[0]!.id;

  it('window: submit → receipt → accept → review with form → concluded (准予) with certificate', async () => {
    const created = await windowCase(1);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const c = created.body;
    expect(c).to.include({ status: 'submitted', statusName: '待受理', channel: 'window', regionCode: INSIDE_VILLAGE, departmentId: 'district', onSiteVisits: 1 });
    // 440106 + item basic code + 2026-01-05 + first serial of the county that day
    expect(c.caseNo).to.equal('44010600010100100020260105' + '00001');
    expect(created.headers.location).to.equal(`/api/cases/${c.id}`);
    expect(c.openTasks.map((t: { elementId: string }) => t.elementId)).to.deep.equal(['accept']);
    const instance = await h.server.engine.getInstance(c.id);
    expect(instance?.businessKey).to.equal(c.caseNo);
    expect(instance?.variables).to.deep.include({ caseNo: c.caseNo, channel: 'window' });
    expect(JSON.stringify(instance?.variables)).not.to.include(idNumber(1)); // ID numbers stay out of process variables

    const receipt = await h.http().get(`/api/cases/${c.id}/receipt`).set(h.as.clerk.headers);
    expect(receipt.status).to.equal(200);
    expect(receipt.body).to.include({ title: '收件凭证', caseNo: c.caseNo, promisedDueAt: null });
    expect(receipt.body.applicant.idNumber).to.equal('4401**********' + idNumber(1).slice(-4));
    expect(receipt.body.office).to.include({ departmentName: '天河区政务服务中心', regionName: '五山社区', contact: '020-12345678 天河区政务服务中心二楼', handledBy: 'clerk-name' });
    expect(receipt.body.materialsReceived).to.deep.equal([{ materialId: 'm1', name: '申请书', copies: 1 }]);

    h.clock.set('2026-01-05T02:00:00Z'); // Monday 10:00
    const accepted = await post('clerk', `/api/cases/${c.id}/accept`, { comment: '材料齐全' });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    expect(accepted.body).to.include({ status: 'accepted', acceptedBy: 'user-clerk', acceptedAt: '2026-01-05T02:00:00.000Z' });
    // 5 working days after Monday 5 January: Friday 9 … Monday 12 January 2026, closing time in China
    expect(accepted.body.promisedDueAt).to.equal('2026-01-12T15:59:59.999Z');
    expect(accepted.body.legalDueAt).to.equal('2026-02-02T15:59:59.999Z');
    expect((await h.http().get(`/api/cases/${c.id}/receipt`).set(h.as.clerk.headers)).body).to.include({ title: '受理通知书', promisedDueAt: '2026-01-12T15:59:59.999Z' });

    const task = await reviewTask(c.id);
    const form = await h.http().get(`/api/cases/${c.id}/form?taskId=${task}`).set(h.as.approver.headers);
    expect(form.status, JSON.stringify(form.body)).to.equal(200);
    expect(form.body.stepId).to.equal('review');
    expect(Object.keys(form.body.schema.properties)).to.have.members(['business', 'opinion']);
    expect(form.body.schema.properties.business.readOnly).to.equal(true);

    h.clock.set('2026-01-07T03:00:00Z');
    const done = await post('approver', `/api/cases/${c.id}/complete-task`, {
      taskId: task,
      outcome: 'approve',
      comment: '符合条件',
      formData: { business: FORM_DATA.business, opinion: '同意' },
      result: { decision: 'granted', documentNo: '穗天市监许〔2026〕1号', certificateNo: 'JY14401060000001' },
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect(done.body).to.include({ status: 'concluded', statusName: '办结', decision: 'granted', concludedAt: '2026-01-07T03:00:00.000Z', handlingWorkingDays: 2 });
    expect(done.body.result).to.deep.equal({ decision: 'granted', documentNo: '穗天市监许〔2026〕1号', certificateNo: 'JY14401060000001' });
    expect(done.body.timeline.map((e: { type: string }) => e.type)).to.deep.equal(['submitted', 'accepted', 'stepCompleted', 'concluded']);
    expect(done.body.cards).to.deep.equal([]);
    expect((await h.server.engine.getInstance(c.id))?.variables.form).to.deep.equal({ business: FORM_DATA.business, opinion: '同意' });
  });

  it('online: the online hall (API key) submits for a company with an agent; no visit; 不予 from the process', async () => {
    h.clock.set('2026-01-06T01:00:00Z');
    const created = await submit('adapter', { itemId: item, channel: 'online', applicant: company(2), formData: FORM_DATA, situationId: 'chain' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body).to.include({ regionCode: INSIDE_TOWN, channel: 'online', onSiteVisits: 0 });
    expect(created.body.caseNo).to.match(/^440106000101001000202601060000\d$/);
    expect((await h.server.engine.getInstance(created.body.id))?.variables).to.include({ chain: true, situationId: 'chain' });
    const id = created.body.id as string;
    expect((await post('clerk', `/api/cases/${id}/accept`)).status).to.equal(200);
    const done = await post('approver', `/api/cases/${id}/complete-task`, { taskId: await reviewTask(id), outcome: 'reject', formData: { business: FORM_DATA.business, opinion: '不符合' }, result: { decision: 'denied', documentNo: '不予许可决定书1号' } });
    expect(done.body).to.include({ status: 'concluded', decision: 'denied', onSiteVisits: 0 });
    const viaKey = await h.http().get(`/api/cases/${id}`).set(h.as.adapter.headers);
    expect(viaKey.status).to.equal(200);
  });

  it('refuses an application with a reason (不予受理): the process ends, nothing else is allowed', async () => {
    const { body: c } = await windowCase(3);
    const noReason = await post('clerk', `/api/cases/${c.id}/refuse`, {});
    expect(noReason.status).to.equal(400);
    const refused = await post('clerk', `/api/cases/${c.id}/refuse`, { reason: '不属于本机关职权范围' });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(200);
    expect(refused.body).to.include({ status: 'refused', statusName: '不予受理', refusalReason: '不属于本机关职权范围' });
    expect((await h.server.engine.getInstance(c.id))?.status).to.not.equal('active');
    expect((await h.http().get(`/api/cases/${c.id}/receipt`).set(h.as.clerk.headers)).body).to.include({ title: '不予受理通知书', refusalReason: '不属于本机关职权范围' });
    for (const [path, body] of [['accept', {}], ['refuse', { reason: 'x' }], ['supplement', { missingMaterials: [{ name: 'x' }] }], ['withdraw', { reason: 'x' }]] as const) {
      const res = await post('clerk', `/api/cases/${c.id}/${path}`, body);
      expect(res.status, path).to.equal(409);
      expect(errorOf(res.body).code).to.equal('CASE_STATUS_CONFLICT');
    }
  });

  it('withdraws (退件) an open case with a reason: its process is terminated', async () => {
    const { body: c } = await windowCase(4);
    await post('clerk', `/api/cases/${c.id}/accept`);
    const withdrawn = await post('clerk', `/api/cases/${c.id}/withdraw`, { reason: '申请人申请撤回' });
    expect(withdrawn.body).to.include({ status: 'withdrawn', withdrawalReason: '申请人申请撤回' });
    expect((await h.server.engine.getInstance(c.id))?.status).to.equal('terminated');
  });

  it('an immediate item (即办件) is due the same day and concludes on acceptance', async () => {
    h.clock.set('2026-01-08T02:00:00Z');
    const created = await submit('clerk', { itemId: immediateItem, regionCode: INSIDE_VILLAGE, channel: 'villageAgent', applicant: person(5), formData: FORM_DATA });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.immediate).to.equal(true);
    // A 行政许可 decided at the window: acceptance concludes it and records the licence number.
    const accepted = await post('clerk', `/api/cases/${created.body.id}/accept`, { result: { certificateNo: 'JB-2026-0001' } });
    expect(accepted.body).to.include({ status: 'concluded', decision: 'granted', promisedDueAt: '2026-01-08T15:59:59.999Z', handlingWorkingDays: 0 });
    expect(accepted.body.result).to.deep.equal({ certificateNo: 'JB-2026-0001' });
  });

  it('checks applicants with the forms package: ID check digits, credit codes, phones, agent', async () => {
    const badId = person(6);
    const res = await windowCase(6, { applicant: { ...badId, idNumber: badId.idNumber!.slice(0, 17) + (badId.idNumber!.endsWith('1') ? '2' : '1'), phone: '12345' } });
    expect(res.status).to.equal(422);
    const error = errorOf(res.body);
    expect(error.code).to.equal('APPLICANT_INVALID');
    const problems = (error.details as { problems: Array<{ path: string; message: string }> }).problems;
    expect(problems.map((p) => p.path)).to.have.members(['/applicant/idNumber', '/applicant/phone']);
    expect(problems[0]!.message).to.equal('身份证号校验位不正确');
    const good = company(7).uscc!;
    const badCompany = await windowCase(7, { applicant: { ...company(7), uscc: good.slice(0, 17) + (good.endsWith('1') ? '2' : '1') } });
    expect(errorOf(badCompany.body).code).to.equal('APPLICANT_INVALID');
    const mixed = await windowCase(8, { applicant: { type: 'legalPerson', name: '某公司', idNumber: idNumber(8) } });
    expect((errorOf(mixed.body).details as { problems: Array<{ path: string }> }).problems.map((p) => p.path)).to.have.members(['/applicant/uscc', '/applicant/idNumber']);
  });

  it('refuses unknown items, regions outside the item, regions outside the caller, and bad form data', async () => {
    expect(errorOf((await windowCase(9, { itemId: 'no-such-item' })).body).code).to.equal('ITEM_NOT_PUBLISHED');
    const elsewhere = await publishItem(h.server, { regionCode: '440106001' });
    const notServed = await submit('admin', { itemId: elsewhere, regionCode: OUTSIDE_VILLAGE, channel: 'window', applicant: person(9), formData: FORM_DATA });
    expect(notServed.status).to.equal(422);
    expect(errorOf(notServed.body).code).to.equal('REGION_NOT_SERVED');
    const outside = await windowCase(9, { regionCode: OUTSIDE_VILLAGE });
    expect(outside.status).to.equal(403);
    const badForm = await windowCase(9, { formData: { business: {} } });
    expect(badForm.status).to.equal(422);
    expect(errorOf(badForm.body).code).to.equal('FORM_INVALID');
    const hiddenStripped = await windowCase(9, { formData: { ...FORM_DATA, internalNote: '申请人写的' } });
    expect(hiddenStripped.status).to.equal(201);
    expect((await h.server.engine.getInstance(hiddenStripped.body.id))?.variables.form).to.deep.equal(FORM_DATA);
  });

  it('enforces field permissions on steps: read-only changes refused, hidden kept; accept only through accept', async () => {
    const { body: c } = await windowCase(10);
    expect((await post('clerk', `/api/cases/${c.id}/complete-task`, { taskId: await h.openTask(c.id) })).status).to.equal(409);
    await post('clerk', `/api/cases/${c.id}/accept`);
    const task = await reviewTask(c.id);
    const changed = await post('approver', `/api/cases/${c.id}/complete-task`, { taskId: task, formData: { business: { name: '改了名字' }, opinion: '同意' } });
    expect(changed.status).to.equal(422);
    const error = errorOf(changed.body);
    expect(error.code).to.equal('FORM_FIELD_READONLY');
    expect(JSON.stringify(error.details)).to.include('只读');
    expect((await h.server.engine.queryTasks({ instanceId: c.id })).map((t) => t.elementId)).to.deep.equal(['review']);
    const foreign = await post('approver', `/api/cases/${c.id}/complete-task`, { taskId: 'some-other-task' });
    expect(foreign.status).to.equal(404);
    const notCandidate = await post('approver', `/api/cases/${c.id}/complete-task`, { taskId: task, formData: { ...FORM_DATA, opinion: '同意' } });
    expect(notCandidate.status).to.equal(200);
  });

  it('lists cases in the caller’s regions with filters and paging', async () => {
    const all = await h.http().get('/api/cases?limit=100').set(h.as.supervisor.headers);
    expect(all.status).to.equal(200);
    expect(all.body.total).to.be.greaterThan(5);
    expect(all.body.items.every((c: { regionCode: string }) => c.regionCode.startsWith(INSIDE_TOWN))).to.equal(true);
    const concluded = await h.http().get('/api/cases?status=concluded&channel=online').set(h.as.clerk.headers);
    expect(concluded.body.items.map((c: { status: string }) => c.status)).to.satisfy((s: string[]) => s.length > 0 && s.every((x) => x === 'concluded'));
    const byNo = await h.http().get(`/api/cases?caseNo=${all.body.items[0].caseNo}`).set(h.as.reviewer.headers);
    expect(byNo.body.total).to.equal(1);
  });
});
