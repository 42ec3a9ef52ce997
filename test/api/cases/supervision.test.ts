/**
 * Applicants and supervisors: progress lookup without an account (and its rate limit), 好差评
 * with the follow-up of a bad rating, yellow and red cards from scans on the engine's clock and
 * their revocation, overdue lists, and 三率一数 on a small data set whose figures are known.
 */
import { expect } from 'chai';
import { errorOf, INSIDE_VILLAGE } from '../support/harness.js';
import { company, FORM_DATA, idNumber, person, publishItem } from './support/fixtures.js';
import { type CaseHarness, startCaseHarness } from './support/harness.js';
import { runSupervisionScan } from '../../../runtime-api/src/supervision/scan.js';

describe('api/cases: progress lookup, rating, supervision (电子监察)', function () {
  this.timeout(60_000);
  let h: CaseHarness;
  let item: string;
  before(async () => {
    // Monday 2 March 2026, 09:00; sign-in and public failures limited to 8 per window
    h = await startCaseHarness('supervision', { start: '2026-03-02T01:00:00Z', config: { loginRateLimit: { max: 8, windowMs: 60_000 }, publicApplicationLimit: { max: 4, windowMs: 60_000 } } });
    item = await publishItem(h.server);
  });
  after(() => h?.close());

  const post = (as: keyof CaseHarness['as'] | null, path: string, body: object = {}) => {
    const request = h.http().post(path);
    return (as === null ? request : request.set(h.as[as].headers)).send(body);
  };
  const get = (as: keyof CaseHarness['as'], path: string) => h.http().get(path).set(h.as[as].headers);
  const newCase = async (options: { itemId?: string; n: number; channel?: string; applicant?: object }) => {
    const online = options.channel === 'online';
    const res = await post(online ? 'adapter' : 'clerk', '/api/cases', {
      itemId: options.itemId ?? item,
      ...(online ? {} : { regionCode: INSIDE_VILLAGE }),
      channel: options.channel ?? 'window',
      applicant: options.applicant ?? person(options.n),
      formData: FORM_DATA,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; caseNo: string };
  };
  const conclude = async (id: string) => {
    const task = (await h.server.engine.queryTasks({ instanceId: id, elementId: 'review' }))[0]!;
    const res = await post('approver', `/api/cases/${id}/complete-task`, { taskId: task.id, formData: { ...FORM_DATA, opinion: '同意' } });
    expect(res.body.status).to.equal('concluded');
  };

  it('lets applicants follow their case by number and ID number, revealing only status, steps and dates', async () => {
    const c = await newCase({ n: 1, applicant: company(1) });
    await post('clerk', `/api/cases/${c.id}/accept`);
    await post('clerk', `/api/cases/${c.id}/supplement`, { missingMaterials: [{ name: '法定代表人身份证明' }], reason: '内部说明，不给申请人看' });
    const byCompany = await post(null, '/api/public/progress', { caseNo: c.caseNo, idNumber: company(1).uscc });
    expect(byCompany.status, JSON.stringify(byCompany.body)).to.equal(200);
    expect(byCompany.body).to.include({ caseNo: c.caseNo, status: 'supplement', statusName: '补正', clockStopped: true });
    expect(byCompany.body.missingMaterials).to.deep.equal(['法定代表人身份证明']);
    expect(byCompany.body.steps.map((s: { name: string }) => s.name)).to.deep.equal(['已提交申请', '已受理', '需补正材料（补正）']);
    const text = JSON.stringify(byCompany.body);
    for (const secret of ['user-clerk', '内部说明', company(1).uscc!, '赵六', 'clerk-name']) expect(text).not.to.include(secret);
    const byAgent = await post(null, '/api/public/progress', { caseNo: c.caseNo, idNumber: company(1).agent!.idNumber });
    expect(byAgent.status).to.equal(200);
    const wrong = await post(null, '/api/public/progress', { caseNo: c.caseNo, idNumber: idNumber(999) });
    const unknown = await post(null, '/api/public/progress', { caseNo: '44010600000000000000000000001', idNumber: idNumber(1) });
    expect([wrong.status, unknown.status]).to.deep.equal([404, 404]);
    expect(errorOf(wrong.body)).to.deep.equal(errorOf(unknown.body));
  });

  it('takes an online application without an account, answering with the receipt; an item not offered online refuses', async () => {
    const res = await post(null, '/api/public/applications', { itemId: item, applicant: person(50), formData: FORM_DATA });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ channel: 'online', status: 'submitted' });
    expect(res.body.applicant.idNumber).not.to.equal(idNumber(50));
    const progress = await post(null, '/api/public/progress', { caseNo: res.body.caseNo, idNumber: idNumber(50) });
    expect(progress.body).to.include({ caseNo: res.body.caseNo, status: 'submitted' });
    const kase = (await get('admin', `/api/cases?caseNo=${res.body.caseNo}`)).body.items[0];
    expect(kase).to.include({ channel: 'online' });

    const offline = await publishItem(h.server, { data: { onlineDepth: 2 } });
    const refused = await post(null, '/api/public/applications', { itemId: offline, applicant: person(51), formData: FORM_DATA });
    expect(refused.status).to.equal(422);
    expect(errorOf(refused.body).code).to.equal('NOT_OFFERED_ONLINE');
  });

  // Right after the online-application test (and before the failed lookups use up /api/public):
  // this address has 4 applications per window, successful or not.
  it('limits online applications per address (429 TOO_MANY_APPLICATIONS), counting the successful ones', async () => {
    let refused: { status: number; body: unknown } | undefined;
    for (let n = 60; n < 66 && !refused; n++) {
      const res = await post(null, '/api/public/applications', { itemId: item, applicant: person(n), formData: FORM_DATA });
      if (res.status === 429) refused = res;
      else expect(res.status, JSON.stringify(res.body)).to.equal(201);
    }
    expect(refused, 'refused within the limit').to.not.equal(undefined);
    expect(errorOf(refused!.body).code).to.equal('TOO_MANY_APPLICATIONS');
    // Staff submissions are not limited by it.
    const res = await post('clerk', '/api/cases', { itemId: item, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(70), formData: FORM_DATA });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  });

  it('takes one rating per concluded case from the applicant only; a bad one opens a follow-up that supervisors close', async () => {
    const c = await newCase({ n: 2 });
    const early = await post(null, '/api/public/rating', { caseNo: c.caseNo, idNumber: idNumber(2), score: 5 });
    expect(early.status).to.equal(409);
    await post('clerk', `/api/cases/${c.id}/accept`);
    await conclude(c.id);
    const bad = await post(null, '/api/public/rating', { caseNo: c.caseNo, idNumber: idNumber(2), score: 1, comment: '等了很久' });
    expect(bad.status, JSON.stringify(bad.body)).to.equal(201);
    expect(bad.body).to.deep.include({ score: 1, comment: '等了很久', followUp: { status: 'open', resolution: null, resolvedBy: null, resolvedAt: null } });
    expect(errorOf((await post(null, '/api/public/rating', { caseNo: c.caseNo, idNumber: idNumber(2), score: 5 })).body).code).to.equal('ALREADY_RATED');
    const followUps = await get('supervisor', '/api/supervision/follow-ups?status=open');
    expect(followUps.body.items.map((f: { caseNo: string }) => f.caseNo)).to.include(c.caseNo);
    expect((await post('clerk', `/api/cases/${c.id}/follow-up/resolve`, { resolution: 'x' })).status).to.equal(403);
    const resolved = await post('supervisor', `/api/cases/${c.id}/follow-up/resolve`, { resolution: '已电话回访，说明原因并致歉' });
    expect(resolved.body.followUp).to.include({ status: 'resolved', resolution: '已电话回访，说明原因并致歉', resolvedBy: 'user-supervisor' });
    expect((await post('supervisor', `/api/cases/${c.id}/follow-up/resolve`, { resolution: 'again' })).status).to.equal(409);
    const good = await newCase({ n: 3, applicant: company(3) });
    await post('clerk', `/api/cases/${good.id}/accept`);
    await conclude(good.id);
    const byAgent = await post(null, '/api/public/rating', { caseNo: good.caseNo, idNumber: company(3).agent!.idNumber, score: 5 });
    expect(byAgent.status).to.equal(404); // an agent may look a case up, not rate it
    const byCompany = await post(null, '/api/public/rating', { caseNo: good.caseNo, idNumber: company(3).uscc, score: 5 });
    expect(byCompany.body.followUp).to.equal(null);
  });

  it('issues yellow then red cards on the engine clock, per thresholds; supervisors revoke with a reason', async () => {
    h.clock.set('2026-03-02T02:00:00Z'); // Monday; 5 working days → due Monday 9 March
    const c = await newCase({ n: 4 });
    const accepted = await post('clerk', `/api/cases/${c.id}/accept`);
    expect(accepted.body.promisedDueAt).to.equal('2026-03-09T15:59:59.999Z');
    const scan = () => runSupervisionScan(h.server.context, null);
    h.clock.set('2026-03-05T02:00:00Z'); // Thursday: 2 working days left
    expect((await scan()).issued.filter((i) => i.caseId === c.id)).to.deep.equal([]);
    h.clock.set('2026-03-06T02:00:00Z'); // Friday: 1 working day left → yellow
    expect((await scan()).issued.filter((i) => i.caseId === c.id).map((i) => i.level)).to.deep.equal(['yellow']);
    expect((await scan()).issued.filter((i) => i.caseId === c.id)).to.deep.equal([]); // once only
    h.clock.set('2026-03-10T02:00:00Z'); // Tuesday: overdue → red, on demand by a supervisor
    const onDemand = await post('supervisor', '/api/supervision/scan');
    expect(onDemand.status, JSON.stringify(onDemand.body)).to.equal(200);
    expect(onDemand.body.issued.filter((i: { caseId: string }) => i.caseId === c.id).map((i: { level: string }) => i.level)).to.deep.equal(['red']);
    const overdue = await get('reviewer', '/api/supervision/overdue');
    expect(overdue.body.items.find((o: { caseId: string }) => o.caseId === c.id)).to.include({ overdueWorkingDays: 1 });

    const cards = await get('supervisor', `/api/supervision/cards?caseId=${c.id}`);
    expect(cards.body.items.map((k: { level: string }) => k.level).sort()).to.deep.equal(['red', 'yellow']);
    const red = cards.body.items.find((k: { level: string }) => k.level === 'red');
    expect((await post('clerk', `/api/cases/${c.id}/cards/revoke`, { cardId: red.id, reason: 'x' })).status).to.equal(403);
    const revoked = await post('supervisor', `/api/cases/${c.id}/cards/revoke`, { cardId: red.id, reason: '系统故障导致超期，已核实' });
    expect(revoked.status, JSON.stringify(revoked.body)).to.equal(200);
    expect(revoked.body).to.include({ level: 'red', revokedBy: 'user-supervisor', revokeReason: '系统故障导致超期，已核实', revokedAt: '2026-03-10T02:00:00.000Z' });
    expect(errorOf((await post('supervisor', `/api/cases/${c.id}/cards/revoke`, { cardId: red.id, reason: 'again' })).body).code).to.equal('CARD_ALREADY_REVOKED');
    expect((await scan()).issued.filter((i) => i.caseId === c.id)).to.deep.equal([]); // revoked is not reissued
    const active = await get('supervisor', `/api/supervision/cards?caseId=${c.id}&active=true`);
    expect(active.body.items.map((k: { level: string }) => k.level)).to.deep.equal(['yellow']);
    const history = await get('supervisor', `/api/supervision/cards?caseId=${c.id}&active=false`);
    expect(history.body.items.map((k: { level: string }) => k.level)).to.deep.equal(['red']);
  });

  it('takes configurable thresholds: red only two working days past the deadline', async () => {
    expect((await h.http().put('/api/supervision/settings').set(h.as.supervisor.headers).send({ yellowWorkingDays: 0, redOverdueWorkingDays: 2 })).status).to.equal(403);
    const set = await h.http().put('/api/supervision/settings').set(h.as.admin.headers).send({ yellowWorkingDays: 0, redOverdueWorkingDays: 2 });
    expect(set.body).to.include({ yellowWorkingDays: 0, redOverdueWorkingDays: 2, updatedBy: 'user-admin' });
    h.clock.set('2026-03-02T03:00:00Z');
    const c = await newCase({ n: 5 });
    await post('clerk', `/api/cases/${c.id}/accept`); // due Monday 9 March
    const levels = async (at: string) => {
      h.clock.set(at);
      return (await runSupervisionScan(h.server.context, null)).issued.filter((i) => i.caseId === c.id).map((i) => i.level);
    };
    expect(await levels('2026-03-06T03:00:00Z')).to.deep.equal([]); // one day left: no yellow at 0
    expect(await levels('2026-03-09T03:00:00Z')).to.deep.equal(['yellow']); // due today
    expect(await levels('2026-03-11T03:00:00Z')).to.deep.equal([]); // two days late: not yet red
    expect(await levels('2026-03-12T03:00:00Z')).to.deep.equal(['red']);
    await h.http().put('/api/supervision/settings').set(h.as.admin.headers).send({ yellowWorkingDays: 1, redOverdueWorkingDays: 0 });
  });

  it('computes 三率一数 per department and region from a known set of cases', async () => {
    // A fresh department and region keep this set apart from the other tests' cases.
    const knex = h.server.context.knex;
    await knex.raw("insert into tb_region (code, name, level, parent_code) values ('440106001002', '测试社区', 'village', '440106001')");
    await knex.raw("insert into tb_department (id, name, region_code) values ('metrics-dept', '统计科', '440106')");
    const metricsItem = await publishItem(h.server, { data: { departmentId: 'metrics-dept', onlineDepth: 4 } });
    const shallowItem = await publishItem(h.server, { data: { departmentId: 'metrics-dept', onlineDepth: 2 } });
    h.clock.set('2026-04-01T02:00:00Z'); // Wednesday
    const make = async (itemId: string, channel: string, n: number) => {
      const res = await post(channel === 'online' ? 'adapter' : 'clerk', '/api/cases', { itemId, regionCode: channel === 'online' ? '440106001' : '440106001002', channel, applicant: person(n), formData: FORM_DATA });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      await post('clerk', `/api/cases/${res.body.id}/accept`);
      return res.body as { id: string; caseNo: string };
    };
    const a = await make(metricsItem, 'online', 301); // online, concluded with no visit, rated 5
    const b = await make(metricsItem, 'window', 302); // window (1 visit), 补正 in person (2 visits), concluded late, rated 2
    const c = await make(shallowItem, 'online', 303); // online item of depth 2, still open
    const d = await make(shallowItem, 'window', 304); // window, concluded on time, not rated
    await conclude(a.id);
    await post('clerk', `/api/cases/${b.id}/supplement`, { missingMaterials: [{ name: '补充说明' }] });
    await post('clerk', `/api/cases/${b.id}/resubmit`, { channel: 'window' });
    await conclude(d.id);
    h.clock.set('2026-04-14T02:00:00Z'); // after b's deadline (5 working days from 4-1, across 清明 4-4…4-6)
    await conclude(b.id);
    await post(null, '/api/public/rating', { caseNo: a.caseNo, idNumber: idNumber(301), score: 5 });
    await post(null, '/api/public/rating', { caseNo: b.caseNo, idNumber: idNumber(302), score: 2 });
    void c;
    const res = await get('supervisor', '/api/supervision/metrics?from=2026-04-01&to=2026-05-01&groupBy=department&departmentId=metrics-dept');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.groups).to.have.length(1);
    expect(res.body.groups[0]).to.deep.equal({
      key: 'metrics-dept',
      submitted: 4,
      onlineCapable: 2,
      concluded: 3,
      concludedFullyOnline: 1,
      onSiteVisits: 3,
      ratings: 2,
      goodRatings: 1,
      overdue: 2, // b concluded late; c still open past its deadline
      onlineDepthRate: 0.5,
      onlineConclusionRate: 0.3333,
      satisfactionRate: 0.5,
      averageOnSiteVisits: 1,
      averageHandlingWorkingDays: res.body.groups[0].averageHandlingWorkingDays,
    });
    const byRegion = await get('reviewer', '/api/supervision/metrics?from=2026-04-01&to=2026-05-01&groupBy=region&departmentId=metrics-dept');
    expect(byRegion.body.groups.map((g: { key: string; submitted: number }) => [g.key, g.submitted])).to.deep.equal([['440106001', 2], ['440106001002', 2]]);
    const before = await get('supervisor', '/api/supervision/metrics?from=2026-03-01&to=2026-04-01&departmentId=metrics-dept');
    expect(before.body.groups).to.deep.equal([]);
    expect(before.body.total).to.include({ submitted: 0, onlineDepthRate: null, satisfactionRate: null });
  });

  it('rate-limits failed public lookups per address (429)', async () => {
    let last = 0;
    for (let i = 0; i < 10; i++) last = (await post(null, '/api/public/progress', { caseNo: '44010600000000000000000000002', idNumber: idNumber(i) })).status;
    expect(last).to.equal(429);
  });
});
