/**
 * Issue 6's scenario, end to end over HTTP on the real example 食品经营许可（新办）
 * (`examples/food-business-licence/`): the departments and staff it names are set up through
 * the admin routes; the process is deployed and the item (item.json + form.json) created,
 * submitted, reviewed by someone other than its author and published through the catalogue
 * routes; the online hall (API key) applies; the window accepts; a department asks for 补正
 * and the clock stops across a weekend; the hall resubmits and the deadlines move by the
 * working days stopped; three departments approve in parallel as three different users; a
 * supervision scan near the deadline issues a yellow card; 许可决定 grants with a certificate
 * number; the applicant rates the case with the case number and their number; 三率一数 count it;
 * the audit chain holds.
 *
 * Dates (ManualClock, March 2026 has no public holiday): accepted Monday 2 March, 10 working
 * days → Monday 16 March; stopped Thursday 5 March 15:00, resumed Tuesday 10 March → three
 * working days stopped (6, 9, 10 March) → Thursday 19 March.
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Response } from 'supertest';
import { DISTRICT, errorOf, INSIDE_TOWN, INSIDE_VILLAGE } from './support/harness.js';
import { idNumber, uscc } from './cases/support/fixtures.js';
import { type CaseHarness, startCaseHarness } from './cases/support/harness.js';

const EXAMPLE = new URL('../../examples/food-business-licence/', import.meta.url);
const readJson = async <T>(name: string): Promise<T> => JSON.parse(await readFile(new URL(name, EXAMPLE), 'utf8')) as T;

interface ExampleItem {
  baseCode: string;
  implCode: string;
  regionCode: string;
  data: Record<string, unknown>;
}

/** Closing time (23:59:59.999 in China) of a local date. */
const closing = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();

const PASSWORD = 'scenario-password-1';
const COMPANY = { type: 'legalPerson', name: '广州五山食客餐饮有限公司', uscc: uscc(4242), legalRepresentative: '李四', phone: '13800138000' } as const;
const FORM_DATA = {
  applicant: { name: COMPANY.name, uscc: COMPANY.uscc, legalRepresentative: '李四', legalRepresentativeId: idNumber(42), mobile: '13800138000' },
  premises: { regionCode: INSIDE_VILLAGE, address: '天河区五山路100号首层', area: 120 },
  foodCategories: ['热食类食品制售', '自制饮品制售'],
  onlineSales: false,
};

describe('api: scenario — 食品经营许可 from publication to 三率一数 (issue 6)', function () {
  this.timeout(120_000);
  let h: CaseHarness;
  before(async () => {
    h = await startCaseHarness('scenario', { start: '2026-03-02T00:30:00Z' }); // Monday 2 March 2026, 08:30
  });
  after(() => h?.close());

  /** Headers by person: the harness's admin and API key, then the staff made below. */
  const who: Record<string, Record<string, string>> = {};
  const send = (method: 'get' | 'post' | 'put' | 'patch', as: string | null, path: string, body?: object): Promise<Response> => {
    let request = h.http()[method](path);
    if (as !== null) request = request.set(who[as]!);
    return body === undefined ? request : request.send(body);
  };
  const ok = (res: Response, status = 200): Response['body'] => {
    expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).to.equal(status);
    return res.body;
  };

  it('drives the example item through the API: publish → apply online → accept → 补正 → resubmit → parallel approvals → yellow card → conclude → rate → metrics', async () => {
    who.admin = h.as.admin.headers;
    who.hall = h.as.adapter.headers;

    // ── Setup through the admin routes: the departments and staff the example's process names ──
    for (const [id, name] of [['window', '天河区政务服务中心综合窗口'], ['market', '天河区市场监督管理局'], ['health', '天河区卫生健康局'], ['fire', '天河区消防救援大队']]) {
      ok(await send('post', 'admin', '/api/admin/departments', { id, name, regionCode: DISTRICT }), 201);
    }
    const staff: Array<[string, string, string | null, string]> = [
      ['editor', '区事项编辑', 'market', 'editor'],
      ['reviewer', '区事项审核员', null, 'reviewer'],
      ['clerk', '区中心窗口人员', 'window', 'clerk'],
      ['market', '市场监管局审批人', 'market', 'approver'],
      ['health', '卫健局审批人', 'health', 'approver'],
      ['fire', '消防大队审批人', 'fire', 'approver'],
      ['supervisor', '区电子监察员', null, 'supervisor'],
    ];
    const ids: Record<string, string> = {};
    for (const [name, displayName, departmentId, role] of staff) {
      const made = ok(await send('post', 'admin', '/api/admin/users', { username: `s_${name}`, displayName, password: PASSWORD, regionCode: DISTRICT, departmentId, roles: [{ role, regionCode: DISTRICT }] }), 201);
      const login = ok(await h.http().post('/api/auth/login').send({ username: `s_${name}`, password: PASSWORD }));
      expect(login.user).to.include({ id: made.id, regionCode: DISTRICT });
      ids[name] = made.id as string;
      who[name] = { authorization: `Bearer ${login.token as string}` };
    }
    expect((await send('get', 'market', '/api/me')).body.groups).to.deep.equal(['market:approver']);

    // ── Publish: deploy the process, create the item from item.json + form.json, submit, review, publish ──
    const xml = await readFile(new URL('process.bpmn', EXAMPLE), 'utf8');
    const example = await readJson<ExampleItem>('item.json');
    const form = await readJson<Record<string, unknown>>('form.json');
    const deployed = ok(await send('post', 'editor', '/api/deployments', { name: 'food-business-licence', resources: [{ name: 'food-business-licence/process.bpmn', xml }] }), 201);
    expect(JSON.stringify(deployed)).to.include('food_business_licence');

    const created = ok(await send('post', 'editor', '/api/items', { baseCode: example.baseCode, implCode: example.implCode, regionCode: example.regionCode, data: { ...example.data, form } }), 201);
    const itemId = created.id as string;
    expect(created).to.include({ implCode: '11440106MB2C0001XK440106', level: 'county', published: null });
    expect(created.open).to.include({ version: 1, status: 'draft' });
    const submitted = ok(await send('post', 'editor', `/api/items/${itemId}/submit`));
    expect(submitted).to.include({ status: 'in_review', processDefinitionId: 'food_business_licence:1', submittedBy: ids.editor });
    const byAuthor = await send('post', 'editor', `/api/items/${itemId}/review`, { decision: 'approve' });
    expect(byAuthor.status).to.equal(403);
    expect(errorOf(byAuthor.body).code).to.equal('FORBIDDEN'); // editors do not review
    const approved = ok(await send('post', 'reviewer', `/api/items/${itemId}/review`, { decision: 'approve', comment: '要素齐全，同意发布' }));
    expect(approved).to.include({ status: 'in_review', reviewDecision: 'approved', reviewedBy: ids.reviewer });
    const published = ok(await send('post', 'reviewer', `/api/items/${itemId}/publish`));
    expect(published).to.include({ status: 'published', version: 1, processDefinitionId: 'food_business_licence:1' });
    const listed = ok(await send('get', 'clerk', `/api/items?q=${example.implCode}&status=published`));
    expect(listed.items.map((i: { id: string }) => i.id)).to.deep.equal([itemId]);

    // ── Apply online (网上办事大厅, API key): Monday 2 March 09:00 ──
    h.clock.set('2026-03-02T01:00:00Z');
    const applied = ok(
      await send('post', 'hall', '/api/cases', {
        itemId: example.implCode,
        channel: 'online',
        applicant: COMPANY,
        situationId: 'catering',
        materials: [
          { materialId: 'application', name: '食品经营许可申请书', form: 'electronic' },
          { materialId: 'businessLicence', name: '营业执照', form: 'eCertificate', eCertificateNo: COMPANY.uscc },
          { materialId: 'legalRepId', name: '法定代表人（负责人）身份证明', form: 'eCertificate' },
          { materialId: 'safetyRules', name: '食品安全管理制度文本', form: 'electronic' },
          { materialId: 'fireSafety', name: '消防安全检查合格证明或承诺书', form: 'electronic' },
        ],
        formData: { ...FORM_DATA, internalNote: '申请人不能写内部备注' },
      }),
      201,
    );
    const caseId = applied.id as string;
    const caseNo = applied.caseNo as string;
    // county of the case's region + the item's basic code + 2026-03-02 + the first serial
    expect(caseNo).to.equal('440106' + '11440106MB2C0001XK' + '20260302' + '00001');
    expect(applied).to.include({
      status: 'submitted', statusName: '待受理', channel: 'online', regionCode: INSIDE_TOWN, departmentId: 'market', itemId,
      processDefinitionId: 'food_business_licence:1', situationId: 'catering', onlineDepth: 4, plannedOnSiteVisits: 1, onSiteVisits: 0,
      submittedAt: '2026-03-02T01:00:00.000Z', promisedDueAt: null, legalDueAt: null, acceptedAt: null,
    });
    expect(applied.promisedLimit).to.deep.equal({ value: 10, unit: 'workingDays' });
    expect(applied.openTasks.map((t: { elementId: string; candidateGroups: string[] }) => [t.elementId, t.candidateGroups])).to.deep.equal([['accept', ['window:clerk']]]);
    const variables = (await h.server.engine.getInstance(caseId))!.variables;
    expect(variables).to.deep.include({ caseNo, channel: 'online', situationId: 'catering', catering: true, form: FORM_DATA }); // the hidden note stripped
    const receipt = ok(await send('get', 'hall', `/api/cases/${caseId}/receipt`));
    expect(receipt).to.include({ title: '收件凭证', caseNo, channel: 'online', promisedDueAt: null });
    expect(receipt.office).to.include({ departmentId: 'market', departmentName: '天河区市场监督管理局', contact: '天河区政务服务中心市场监管窗口，020-12345678' });

    // ── Accept (受理) at the window: Monday 10:00; only window:clerk may ──
    h.clock.set('2026-03-02T02:00:00Z');
    const townClerk = await h.http().post(`/api/cases/${caseId}/accept`).set(h.as.clerk.headers).send({});
    expect(townClerk.status).to.equal(403);
    expect(errorOf(townClerk.body).code).to.equal('TASK_NOT_PERMITTED');
    const accepted = ok(await send('post', 'clerk', `/api/cases/${caseId}/accept`, { comment: '网上申请材料基本齐全，予以受理' }));
    expect(accepted).to.include({
      status: 'accepted', statusName: '已受理', acceptedBy: ids.clerk, acceptedAt: '2026-03-02T02:00:00.000Z',
      promisedDueAt: closing('2026-03-16'), // 10 working days: 3–6, 9–13, 16 March
      legalDueAt: closing('2026-03-30'), // 20 working days
      stoppedWorkingDays: 0, clockStopped: false,
    });
    const reviews = ['Task_FireReview', 'Task_HealthReview', 'Task_MarketReview'];
    const taskOf = (body: { openTasks: Array<{ id: string; elementId: string }> }, elementId: string) => body.openTasks.find((t) => t.elementId === elementId)!.id;
    expect(accepted.openTasks.map((t: { elementId: string }) => t.elementId).sort()).to.deep.equal(reviews);
    expect(ok(await send('get', 'hall', `/api/cases/${caseId}/receipt`)).title).to.equal('受理通知书');

    // ── 补正: the market bureau finds the layout plan missing, Thursday 5 March 15:00 ──
    h.clock.set('2026-03-05T07:00:00Z');
    const missing = { materialId: 'premisesPlan', name: '经营场所平面布局图和设备布局、工艺流程图', reason: '未上传设备布局图' };
    const stopped = ok(await send('post', 'market', `/api/cases/${caseId}/supplement`, { missingMaterials: [missing], reason: '材料不全' }));
    expect(stopped).to.include({ status: 'supplement', statusName: '补正', clockStopped: true, clockStoppedAt: '2026-03-05T07:00:00.000Z', promisedDueAt: closing('2026-03-16') });
    const notice = ok(await send('get', 'clerk', `/api/cases/${caseId}/receipt`));
    expect(notice.title).to.equal('补正材料通知书');
    expect(notice.missingMaterials).to.deep.equal([missing]);
    const progress = ok(await send('post', null, '/api/public/progress', { caseNo, idNumber: COMPANY.uscc }));
    expect(progress).to.include({ status: 'supplement', clockStopped: true });
    expect(progress.missingMaterials).to.deep.equal([missing.name]);
    // While the clock stands nothing moves: a review cannot be completed.
    const frozen = await send('post', 'fire', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(accepted, 'Task_FireReview'), outcome: 'approve' });
    expect(frozen.status).to.equal(409);
    expect(errorOf(frozen.body).code).to.equal('CASE_STATUS_CONFLICT');

    // ── Resubmit online across the weekend: Tuesday 10 March 10:00 ──
    h.clock.set('2026-03-10T02:00:00Z');
    const resumed = ok(await send('post', 'hall', `/api/cases/${caseId}/resubmit`, { channel: 'online', materials: [{ materialId: 'premisesPlan', name: missing.name, form: 'electronic' }] }));
    expect(resumed).to.include({
      status: 'accepted', clockStopped: false, clockStoppedAt: null, onSiteVisits: 0,
      stoppedWorkingDays: 3, // 6, 9, 10 March (the weekend does not count)
      promisedDueAt: closing('2026-03-19'), // 16 March + 3 working days
      legalDueAt: closing('2026-04-02'), // 30 March + 3 working days
    });
    expect(resumed.suspensions).to.have.length(1);
    expect(resumed.suspensions[0]).to.include({ kind: 'supplement', startedAt: '2026-03-05T07:00:00.000Z', endedAt: '2026-03-10T02:00:00.000Z', stoppedWorkingDays: 3 });
    expect(resumed.materials.map((m: { materialId: string }) => m.materialId)).to.deep.equal(['application', 'businessLicence', 'legalRepId', 'safetyRules', 'fireSafety', 'premisesPlan']);

    // ── 并联审批: three departments, three users, at the same moment (Wednesday 11 March) ──
    h.clock.set('2026-03-11T02:00:00Z');
    const wrongDepartment = await send('post', 'health', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(resumed, 'Task_MarketReview'), outcome: 'approve' });
    expect(wrongDepartment.status).to.equal(403);
    expect(errorOf(wrongDepartment.body).code).to.equal('TASK_NOT_PERMITTED');
    const healthForm = ok(await send('get', 'health', `/api/cases/${caseId}/form?taskId=${taskOf(resumed, 'Task_HealthReview')}`));
    expect(healthForm).to.include({ stepId: 'Task_HealthReview', stepName: '卫生健康委审查' });
    expect(Object.keys(healthForm.schema.properties.applicant.properties)).not.to.include('legalRepresentativeId'); // hidden at this step
    expect(healthForm.data.applicant).not.to.have.property('legalRepresentativeId');
    const review = async (as: string, elementId: string, opinion: string) => {
      const taskId = taskOf(resumed, elementId);
      const seen = ok(await send('get', as, `/api/cases/${caseId}/form?taskId=${taskId}`));
      return send('post', as, `/api/cases/${caseId}/complete-task`, { taskId, outcome: 'approve', comment: opinion, formData: { ...seen.data, reviewOpinion: opinion } });
    };
    const parallel = await Promise.all([review('market', 'Task_MarketReview', '主体资格合规'), review('health', 'Task_HealthReview', '卫生条件符合要求'), review('fire', 'Task_FireReview', '消防承诺已核查')]);
    for (const res of parallel) ok(res);
    const afterReviews = ok(await send('get', 'supervisor', `/api/cases/${caseId}`));
    expect(afterReviews).to.include({ status: 'processing', statusName: '办理中', decision: null });
    expect(afterReviews.openTasks.map((t: { elementId: string; candidateGroups: string[] }) => [t.elementId, t.candidateGroups])).to.deep.equal([['Task_Decide', ['market:approver']]]);
    const completedBy = afterReviews.timeline.filter((e: { type: string }) => e.type === 'stepCompleted').map((e: { by: string; data: { stepId: string } }) => `${e.data.stepId}:${e.by}`);
    expect(completedBy.sort()).to.deep.equal([`Task_FireReview:${ids.fire}`, `Task_HealthReview:${ids.health}`, `Task_MarketReview:${ids.market}`].sort());
    // Hidden at the health and fire steps, the ID number survived their completions.
    expect(((await h.server.engine.getInstance(caseId))!.variables.form as typeof FORM_DATA).applicant.legalRepresentativeId).to.equal(FORM_DATA.applicant.legalRepresentativeId);

    // ── 电子监察: nothing two working days before the deadline, a yellow card one working day before ──
    h.clock.set('2026-03-17T02:00:00Z'); // Tuesday: 18 and 19 March left
    const early = ok(await send('post', 'supervisor', '/api/supervision/scan'));
    expect(early.issued).to.deep.equal([]);
    h.clock.set('2026-03-18T02:00:00Z'); // Wednesday: one working day left
    const scan = ok(await send('post', 'supervisor', '/api/supervision/scan'));
    expect(scan.at).to.equal('2026-03-18T02:00:00.000Z');
    expect(scan.issued.map((i: { caseId: string; caseNo: string; level: string; taskId: string | null }) => [i.caseId, i.caseNo, i.level, i.taskId])).to.deep.equal([[caseId, caseNo, 'yellow', null]]);
    const cards = ok(await send('get', 'supervisor', `/api/supervision/cards?caseId=${caseId}`));
    expect(cards.total).to.equal(1);
    expect(cards.items[0]).to.include({
      caseNo, level: 'yellow', itemName: '食品经营许可（新办）', regionCode: INSIDE_TOWN, departmentId: 'market', elementId: null,
      dueAt: closing('2026-03-19'), issuedAt: '2026-03-18T02:00:00.000Z', revokedAt: null,
    });
    expect(ok(await send('post', 'supervisor', '/api/supervision/scan')).issued).to.deep.equal([]); // once only

    // ── 许可决定: granted with a certificate number, Thursday 19 March, on the last day ──
    h.clock.set('2026-03-19T02:00:00Z');
    const decideTask = taskOf(afterReviews, 'Task_Decide');
    const decideForm = ok(await send('get', 'market', `/api/cases/${caseId}/form?taskId=${decideTask}`));
    const result = { decision: 'granted', documentNo: '穗天市监食许〔2026〕18号', certificateNo: 'JY24401060000018' };
    const concluded = ok(await send('post', 'market', `/api/cases/${caseId}/complete-task`, { taskId: decideTask, outcome: 'approve', comment: '准予许可', formData: { ...decideForm.data, reviewOpinion: '准予许可' }, result }));
    expect(concluded).to.include({
      status: 'concluded', statusName: '办结', decision: 'granted', concludedAt: '2026-03-19T02:00:00.000Z', concludedBy: ids.market,
      handlingWorkingDays: 10, // 13 working days from 2 March to 19 March, less 3 stopped
      onSiteVisits: 0, stoppedWorkingDays: 3,
    });
    expect(concluded.result).to.deep.equal(result);
    expect(concluded.openTasks).to.deep.equal([]);
    expect(concluded.cards.map((c: { level: string }) => c.level)).to.deep.equal(['yellow']); // on time: no red card
    expect(concluded.timeline.map((e: { type: string }) => e.type)).to.deep.equal([
      'submitted', 'accepted', 'supplementRequested', 'resubmitted', 'stepCompleted', 'stepCompleted', 'stepCompleted', 'stepCompleted', 'concluded',
    ]);
    const instance = (await h.server.engine.getInstance(caseId))!;
    expect(instance.status).to.equal('completed');
    const history = ok(await send('get', 'supervisor', `/api/instances/${caseId}/history`));
    const passed = new Set((history.events as Array<{ elementId: string | null }>).map((e) => e.elementId));
    expect(passed.has('Task_Decide') && passed.has('End_Granted'), 'through 许可决定 to 准予许可').to.equal(true);
    expect(passed.has('End_Denied'), 'not to 不予许可').to.equal(false);

    // ── 好差评: the applicant rates with the case number and its credit code, Friday 20 March ──
    h.clock.set('2026-03-20T01:00:00Z');
    const concludedProgress = ok(await send('post', null, '/api/public/progress', { caseNo, idNumber: COMPANY.uscc }));
    expect(concludedProgress).to.include({ status: 'concluded', decision: 'granted', concludedAt: '2026-03-19T02:00:00.000Z', promisedDueAt: closing('2026-03-19') });
    const rated = ok(await send('post', null, '/api/public/rating', { caseNo, idNumber: COMPANY.uscc, score: 5, comment: '全程网办，一次都没跑' }), 201);
    expect(rated).to.deep.equal({ score: 5, comment: '全程网办，一次都没跑', ratedAt: '2026-03-20T01:00:00.000Z', followUp: null });
    expect(errorOf((await send('post', null, '/api/public/rating', { caseNo, idNumber: COMPANY.uscc, score: 4 })).body).code).to.equal('ALREADY_RATED');

    // ── 三率一数 for March, by department and by region: this one case, online end to end ──
    const figures = {
      submitted: 1, onlineCapable: 1, concluded: 1, concludedFullyOnline: 1, onSiteVisits: 0, ratings: 1, goodRatings: 1, overdue: 0,
      onlineDepthRate: 1, onlineConclusionRate: 1, satisfactionRate: 1, averageOnSiteVisits: 0, averageHandlingWorkingDays: 10,
    };
    const byDepartment = ok(await send('get', 'supervisor', '/api/supervision/metrics?from=2026-03-01&to=2026-04-01&groupBy=department'));
    expect(byDepartment).to.deep.include({ from: '2026-03-01', to: '2026-04-01', groupBy: 'department' });
    expect(byDepartment.groups).to.deep.equal([{ key: 'market', ...figures }]);
    expect(byDepartment.total).to.deep.equal({ key: null, ...figures });
    const byRegion = ok(await send('get', 'supervisor', `/api/supervision/metrics?from=2026-03-01&to=2026-04-01&groupBy=region&departmentId=market`));
    expect(byRegion.groups).to.deep.equal([{ key: INSIDE_TOWN, ...figures }]);
    const february = ok(await send('get', 'supervisor', '/api/supervision/metrics?from=2026-02-01&to=2026-03-01'));
    expect(february.groups).to.deep.equal([]);
    expect(february.total).to.include({ submitted: 0, concluded: 0, onlineConclusionRate: null, satisfactionRate: null });

    // ── Audit: every step on record, the chain intact ──
    const audit = ok(await send('get', 'supervisor', `/api/audit?targetId=${caseId}&outcome=success&limit=200`));
    const operations = (audit.items as Array<{ seq: number; operationId: string }>).sort((a, b) => a.seq - b.seq).map((e) => e.operationId);
    for (const op of ['acceptCase', 'requestSupplement', 'resubmitCase', 'completeCaseTask']) expect(operations, op).to.include(op);
    expect(operations.filter((op) => op === 'completeCaseTask')).to.have.length(4);
    const verified = ok(await send('get', 'supervisor', '/api/audit/verify'));
    expect(verified).to.include({ ok: true, firstBroken: null });
  });
});
