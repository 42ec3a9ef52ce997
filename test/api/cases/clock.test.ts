/**
 * The case clock on real dates: 补正 and special procedures stop it (the engine instance is
 * suspended), resubmission restarts it and moves the deadline by the working days stopped —
 * across the 2026 Spring Festival, whose 调休 Saturdays are working days. Case numbers stay
 * unique when twenty submissions race.
 */
import { expect } from 'chai';
import { errorOf, INSIDE_VILLAGE } from '../support/harness.js';
import { FORM_DATA, person, publishItem } from './support/fixtures.js';
import { type CaseHarness, startCaseHarness } from './support/harness.js';

describe('api/cases: the clock (补正, 特别程序) and case numbers', function () {
  this.timeout(60_000);
  let h: CaseHarness;
  let item: string;
  let calendarItem: string;
  before(async () => {
    h = await startCaseHarness('clock', { start: '2026-02-11T02:00:00Z' }); // Wednesday 11 February 2026, 10:00
    item = await publishItem(h.server);
    calendarItem = await publishItem(h.server, { data: { promisedLimit: { value: 10, unit: 'calendarDays' } } });
  });
  after(() => h?.close());

  const post = (as: keyof CaseHarness['as'], path: string, body: object = {}) => h.http().post(path).set(h.as[as].headers).send(body);
  const submit = async (itemId = item, n = 1) => {
    const res = await post('clerk', '/api/cases', { itemId, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(n), formData: FORM_DATA });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };

  it('补正 stops the clock across the Spring Festival; resubmission moves the deadline by the working days stopped', async () => {
    h.clock.set('2026-02-11T02:00:00Z');
    const id = await submit();
    const accepted = await post('clerk', `/api/cases/${id}/accept`);
    // 5 working days: 2-12, 2-13, 2-14 (Saturday, 调休), 2-24, 2-25
    expect(accepted.body.promisedDueAt).to.equal('2026-02-25T15:59:59.999Z');

    h.clock.set('2026-02-12T07:00:00Z'); // Thursday 15:00
    const stopped = await post('approver', `/api/cases/${id}/supplement`, { missingMaterials: [{ materialId: 'm2', name: '营业场所证明', reason: '复印件不清晰' }], reason: '材料不清晰' });
    expect(stopped.status, JSON.stringify(stopped.body)).to.equal(200);
    expect(stopped.body).to.include({ status: 'supplement', statusName: '补正', clockStopped: true, clockStoppedAt: '2026-02-12T07:00:00.000Z' });
    expect((await h.server.engine.getInstance(id))?.suspended).to.not.equal(undefined);
    const notice = await h.http().get(`/api/cases/${id}/receipt`).set(h.as.clerk.headers);
    expect(notice.body.title).to.equal('补正材料通知书');
    expect(notice.body.missingMaterials).to.deep.equal([{ materialId: 'm2', name: '营业场所证明', reason: '复印件不清晰' }]);
    // Nothing moves while the clock stands: the review step cannot be completed.
    const task = (await h.server.engine.queryTasks({ instanceId: id }))[0]!;
    expect((await post('approver', `/api/cases/${id}/complete-task`, { taskId: task.id })).status).to.equal(409);
    expect(errorOf((await post('approver', `/api/cases/${id}/supplement`, { missingMaterials: [{ name: 'x' }] })).body).code).to.equal('CASE_STATUS_CONFLICT');

    h.clock.set('2026-02-24T02:00:00Z'); // Tuesday after the holiday, 10:00
    const resumed = await post('clerk', `/api/cases/${id}/resubmit`, { materials: [{ materialId: 'm2', name: '营业场所证明' }], channel: 'window' });
    expect(resumed.status, JSON.stringify(resumed.body)).to.equal(200);
    // Stopped: 2-13, 2-14, 2-24 (three working days) → 2-26, 2-27, 2-28 (Saturday, 调休)
    expect(resumed.body).to.include({ status: 'accepted', clockStopped: false, clockStoppedAt: null, stoppedWorkingDays: 3, promisedDueAt: '2026-02-28T15:59:59.999Z', onSiteVisits: 2 });
    expect(resumed.body.suspensions).to.have.length(1);
    expect(resumed.body.suspensions[0]).to.include({ kind: 'supplement', endedAt: '2026-02-24T02:00:00.000Z', stoppedWorkingDays: 3 });
    expect((await h.server.engine.getInstance(id))?.suspended ?? null).to.equal(null);
    expect(resumed.body.materials.map((m: { name: string }) => m.name)).to.deep.equal(['营业场所证明']);

    h.clock.set('2026-02-26T02:00:00Z');
    const done = await post('approver', `/api/cases/${id}/complete-task`, { taskId: task.id, formData: { ...FORM_DATA, opinion: '同意' } });
    // Accepted 2-11; working days to 2-26: 2-12, 2-13, 2-14, 2-24, 2-25, 2-26 = 6, less 3 stopped
    expect(done.body).to.include({ status: 'concluded', handlingWorkingDays: 3 });
  });

  it('补正 before acceptance (一次性告知): no clock yet; resubmission returns the case to 待受理', async () => {
    h.clock.set('2026-02-11T03:00:00Z');
    const id = await submit(item, 2);
    const stopped = await post('clerk', `/api/cases/${id}/supplement`, { missingMaterials: [{ name: '身份证复印件' }] });
    expect(stopped.body).to.include({ status: 'supplement', clockStoppedAt: null });
    expect((await post('clerk', `/api/cases/${id}/accept`)).status).to.equal(409);
    h.clock.set('2026-02-12T03:00:00Z');
    const back = await post('adapter', `/api/cases/${id}/resubmit`, { channel: 'online' });
    expect(back.body).to.include({ status: 'submitted', stoppedWorkingDays: 0, promisedDueAt: null, onSiteVisits: 1 });
    const accepted = await post('clerk', `/api/cases/${id}/accept`);
    // The limit starts at acceptance: 2-13, 2-14 (调休), 2-24, 2-25, 2-26
    expect(accepted.body.promisedDueAt).to.equal('2026-02-26T15:59:59.999Z');
  });

  it('special procedures (听证, 检验检测, 专家评审) stop the clock between start and end; calendar-day limits move by calendar days', async () => {
    h.clock.set('2026-02-11T02:00:00Z');
    const id = await submit(calendarItem, 3);
    const accepted = await post('clerk', `/api/cases/${id}/accept`);
    // 10 calendar days from 2-11 → 2-21, a holiday → the next working day, 2-24
    expect(accepted.body.promisedDueAt).to.equal('2026-02-24T15:59:59.999Z');
    expect((await post('approver', `/api/cases/${id}/special-procedure/end`)).status).to.equal(409);
    const started = await post('approver', `/api/cases/${id}/special-procedure`, { kind: 'expertReview', reason: '需组织专家现场评审' });
    expect(started.body).to.include({ status: 'accepted', clockStopped: true });
    expect(errorOf((await post('approver', `/api/cases/${id}/special-procedure`, { kind: 'hearing', reason: '再次' })).body).code).to.equal('CLOCK_ALREADY_STOPPED');
    expect(errorOf((await post('approver', `/api/cases/${id}/supplement`, { missingMaterials: [{ name: 'x' }] })).body).code).to.equal('CLOCK_ALREADY_STOPPED');
    h.clock.set('2026-02-16T02:00:00Z');
    const ended = await post('approver', `/api/cases/${id}/special-procedure/end`, { comment: '评审通过' });
    expect(ended.status, JSON.stringify(ended.body)).to.equal(200);
    // Five calendar days stopped (2-12 … 2-16): 2-24 + 5 = 3-01, a Sunday → Monday 3-02
    expect(ended.body).to.include({ clockStopped: false, promisedDueAt: '2026-03-02T15:59:59.999Z' });
    expect(ended.body.suspensions[0]).to.include({ kind: 'expertReview', name: '专家评审', reason: '需组织专家现场评审' });
    expect(ended.body.timeline.map((e: { type: string }) => e.type)).to.include.members(['specialProcedureStarted', 'specialProcedureEnded']);
  });

  it('gives twenty racing submissions twenty different case numbers with consecutive serials', async () => {
    h.clock.set('2026-03-03T02:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(i % 2 ? 'clerk' : 'adapter', '/api/cases', { itemId: item, ...(i % 2 ? { regionCode: INSIDE_VILLAGE } : {}), channel: i % 2 ? 'window' : 'online', applicant: person(100 + i), formData: FORM_DATA })),
    );
    for (const res of results) expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const numbers = results.map((r) => r.body.caseNo as string);
    expect(new Set(numbers).size).to.equal(20);
    const serials = numbers.map((n) => Number(n.slice(-5))).sort((a, b) => a - b);
    expect(serials).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    // …and twenty racing acceptances each win once.
    const accepts = await Promise.all(results.map((r) => post('clerk', `/api/cases/${r.body.id}/accept`)));
    expect(accepts.map((r) => r.status)).to.deep.equal(Array(20).fill(200));
    const twice = await Promise.all([post('clerk', `/api/cases/${results[0]!.body.id}/withdraw`, { reason: 'a' }), post('clerk', `/api/cases/${results[0]!.body.id}/withdraw`, { reason: 'b' })]);
    expect(twice.map((r) => r.status).sort()).to.deep.equal([200, 409]);
  });
});
