/**
 * The result at acceptance (runtime-api/src/cases/acceptance-result.ts): an immediate item
 * (即办件) concludes when the window accepts it, so acceptance records the decision and the
 * licence or certificate number; any other case refuses a result there. Every refusal leaves the
 * case waiting for acceptance, its `accept` task open.
 */
import { expect } from 'chai';
import { errorOf, INSIDE_VILLAGE } from '../support/harness.js';
import { FORM_DATA, person, publishItem } from './support/fixtures.js';
import { type CaseHarness, startCaseHarness } from './support/harness.js';

describe('api/cases: the result at acceptance (即办件)', function () {
  this.timeout(180_000);
  let h: CaseHarness;
  let ordinary: string;
  let licence: string;
  let service: string;
  before(async () => {
    h = await startCaseHarness('acceptance_result');
    const immediate = { immediate: true, promisedLimit: { value: 0, unit: 'workingDays' as const } };
    ordinary = await publishItem(h.server);
    licence = await publishItem(h.server, { processKey: 'case_immediate', data: { ...immediate, itemType: '01' } });
    service = await publishItem(h.server, { processKey: 'case_immediate', data: { ...immediate, itemType: '20' } });
  });
  after(() => h?.close());

  let n = 60;
  const submit = async (itemId: string) => {
    const res = await h.http().post('/api/cases').set(h.as.clerk.headers).send({ itemId, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(n++), formData: FORM_DATA });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; caseNo: string; applicant: { idNumber: string } };
  };
  const accept = (id: string, body: object) => h.http().post(`/api/cases/${id}/accept`).set(h.as.clerk.headers).send(body);
  const getCase = async (id: string) => (await h.http().get(`/api/cases/${id}`).set(h.as.clerk.headers)).body;
  const refused = async (id: string, body: object, status: number, code: string) => {
    const res = await accept(id, body);
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(errorOf(res.body).code).to.equal(code);
    const after = await getCase(id);
    expect(after).to.include({ status: 'submitted', acceptedAt: null, result: null });
    expect(after.openTasks.map((t: { elementId: string }) => t.elementId)).to.deep.equal(['accept']);
    return errorOf(res.body);
  };

  it('tells the workbench what acceptance takes: a certificate for a licence, a result for any immediate item, nothing otherwise', async () => {
    expect((await getCase((await submit(licence)).id)).acceptanceResult).to.deep.equal({ certificateRequired: true });
    expect((await getCase((await submit(service)).id)).acceptanceResult).to.deep.equal({ certificateRequired: false });
    expect((await getCase((await submit(ordinary)).id)).acceptanceResult).to.equal(null);
  });

  it('refuses a result on an ordinary item (承诺件): it is given with the last step', async () => {
    const c = await submit(ordinary);
    const error = await refused(c.id, { result: { decision: 'granted', certificateNo: 'X-1' } }, 422, 'RESULT_NOT_AT_ACCEPTANCE');
    expect(error.message).to.contain('complete-task');
    // Without a result it is accepted as before and keeps running.
    const res = await accept(c.id, { comment: '材料齐全' });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ status: 'accepted', result: null, decision: null });
  });

  it('refuses to grant a licence (行政许可) at acceptance without its certificate number, blank or left out', async () => {
    const c = await submit(licence);
    const error = await refused(c.id, {}, 422, 'CERTIFICATE_NO_REQUIRED');
    expect(error.details).to.include({ field: 'result.certificateNo', itemType: '01' });
    await refused(c.id, { result: { decision: 'granted', documentNo: '穗天市监登字〔2026〕1号' } }, 422, 'CERTIFICATE_NO_REQUIRED');
    await refused(c.id, { result: { decision: 'granted', certificateNo: '   ' } }, 422, 'CERTIFICATE_NO_REQUIRED');
  });

  it('refuses a result the schema does not know, and a denial without its reason', async () => {
    const c = await submit(licence);
    await refused(c.id, { result: { decision: 'maybe', certificateNo: 'X-2' } }, 400, 'VALIDATION_FAILED');
    await refused(c.id, { result: { certificateNo: 'X-2', signedBy: 'someone' } }, 400, 'VALIDATION_FAILED');
    const error = await refused(c.id, { result: { decision: 'denied' } }, 422, 'DECISION_REASON_REQUIRED');
    expect(error.details).to.include({ field: 'result.note' });
  });

  it('grants a licence with its number: concluded at acceptance, the number on the case, the receipt and the progress lookup', async () => {
    const c = await submit(licence);
    const res = await accept(c.id, { comment: '当场办结', result: { decision: 'granted', certificateNo: '92440106MA5XXXXX1A', documentNo: '穗天市监登字〔2026〕2号' } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ status: 'concluded', decision: 'granted' });
    expect(res.body.result).to.deep.equal({ decision: 'granted', certificateNo: '92440106MA5XXXXX1A', documentNo: '穗天市监登字〔2026〕2号' });
    expect((await h.server.engine.getInstance(c.id))!.variables).to.include({ accepted: true, approved: true, decision: 'granted' });
    const expected = { decision: 'granted', certificateNo: '92440106MA5XXXXX1A', documentNo: '穗天市监登字〔2026〕2号', note: null };
    const receipt = await h.http().get(`/api/cases/${c.id}/receipt`).set(h.as.clerk.headers);
    expect(receipt.body.result).to.deep.equal(expected);
    const progress = await h.http().post('/api/public/progress').send({ caseNo: c.caseNo, idNumber: c.applicant.idNumber });
    expect(progress.status).to.equal(200);
    expect(progress.body.result).to.deep.equal(expected);
    // Concluded: a second acceptance is a wrong transition, not a new result.
    expect((await accept(c.id, { result: { certificateNo: 'other' } })).status).to.equal(409);
  });

  it('denies at acceptance with the reason (不予许可): concluded as denied, the reason shown to the applicant', async () => {
    const c = await submit(licence);
    const res = await accept(c.id, { result: { decision: 'denied', note: '拟登记名称与已登记名称相同' } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ status: 'concluded', decision: 'denied' });
    expect((await h.server.engine.getInstance(c.id))!.variables).to.include({ approved: false, decision: 'denied' });
    const progress = await h.http().post('/api/public/progress').send({ caseNo: c.caseNo, idNumber: c.applicant.idNumber });
    expect(progress.body.result).to.deep.equal({ decision: 'denied', certificateNo: null, documentNo: null, note: '拟登记名称与已登记名称相同' });
  });

  it('concludes an immediate public service (公共服务) without a number; the receipt shows the result only once concluded', async () => {
    const c = await submit(service);
    expect((await h.http().get(`/api/cases/${c.id}/receipt`).set(h.as.clerk.headers)).body.result).to.equal(null);
    const res = await accept(c.id, {});
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ status: 'concluded', decision: 'granted', result: null });
    expect((await h.http().get(`/api/cases/${c.id}/receipt`).set(h.as.clerk.headers)).body.result).to.deep.equal({ decision: 'granted', certificateNo: null, documentNo: null, note: null });
  });
});
