/**
 * 个体工商户设立登记 (`examples/individual-business-registration/`), an immediate item (即办件):
 * seeded and published on first start, applied for at the window, and concluded — granted — by
 * the window's acceptance itself, with no department step. Monday 2 March 2026.
 */
import { expect } from 'chai';
import { errorOf } from '../api/support/harness.js';
import { idNumber } from '../api/cases/support/fixtures.js';
import { closing, type DemoServer, passedElements, publishedItem, startDemoServer } from './support/demo-server.js';

const IMPL_CODE = '20440106GT0001440106';
const OPERATOR = { type: 'naturalPerson', name: '陈小明', idNumber: idNumber(301), phone: '13900139000' } as const;
const FORM = {
  operator: { name: '陈小明', idNumber: OPERATOR.idNumber, mobile: '13900139000' },
  businessName: '天河区陈记五金店',
  organisation: '个人经营',
  premises: { regionCode: '440106001001', address: '天河区五山路200号之一首层' },
  scope: '五金产品零售；日用百货销售',
  capital: 5,
  employees: 2,
  openingDate: '2026-03-09',
};

describe('examples: 个体工商户设立登记 — 即办件 concluded at acceptance', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer('individual_business', '2026-03-02T01:00:00Z'); // Monday 09:00
  });
  after(() => demo?.close());

  it('is published in the catalogue as an immediate item of the market bureau, with its materials and situations', async () => {
    const guide = await publishedItem(demo, IMPL_CODE);
    expect(guide).to.include({ name: '个体工商户设立登记', departmentId: 'market', level: 'county' });
    expect(guide.published).to.include({ version: 1, processDefinitionId: 'individual_business_registration:1' });
    expect(guide.published.data).to.include({ immediate: true, onlineDepth: 4 });
    expect(guide.published.data.promisedLimit).to.deep.equal({ value: 0, unit: 'workingDays' });
    expect(guide.published.data.materials.map((m) => m.id)).to.deep.equal(['application', 'operatorId', 'premisesProof']);
    expect(guide.published.data.situations.map((s) => s.id)).to.deep.equal(['agent', 'family']);
  });

  it('refuses an application whose form has a wrong ID number check digit', async () => {
    const bad = { ...FORM, operator: { ...FORM.operator, idNumber: OPERATOR.idNumber.slice(0, 17) + (OPERATOR.idNumber.endsWith('1') ? '2' : '1') } };
    const res = await demo.send('clerk', 'post', '/api/cases', { itemId: IMPL_CODE, regionCode: '440106001', channel: 'window', applicant: OPERATOR, formData: bad });
    expect(res.status).to.equal(422);
    expect(errorOf(res.body).code).to.equal('FORM_INVALID');
  });

  it('window: submit, then accept — the case concludes on the spot as granted', async () => {
    const applied = demo.ok(
      await demo.send('clerk', 'post', '/api/cases', {
        itemId: IMPL_CODE,
        regionCode: '440106001', // 五山街道, where the shop is
        channel: 'window',
        applicant: OPERATOR,
        situationId: 'family',
        materials: [
          { materialId: 'application', name: '个体工商户登记（备案）申请书', form: 'electronic' },
          { materialId: 'operatorId', name: '经营者身份证明', form: 'eCertificate' },
          { materialId: 'premisesProof', name: '经营场所使用证明', form: 'paper' },
          { materialId: 'familyRelation', name: '家庭成员关系证明', form: 'eCertificate' },
        ],
        formData: FORM,
      }),
      201,
    );
    expect(applied).to.include({ status: 'submitted', departmentId: 'market', regionCode: '440106001', situationId: 'family' });
    expect(applied.openTasks.map((t: { elementId: string; candidateGroups: string[] }) => [t.elementId, t.candidateGroups])).to.deep.equal([['accept', ['window:clerk']]]);
    expect((await demo.server.engine.getInstance(applied.id))!.variables).to.deep.include({ familyBusiness: true });

    // Only the window may accept: the market bureau's approver is no window clerk.
    expect((await demo.send('market', 'post', `/api/cases/${applied.id}/accept`, {})).status).to.equal(403);

    // The registration is a 行政许可 decided at the window: granting it needs the licence's number.
    expect(demo.ok(await demo.send('clerk', 'get', `/api/cases/${applied.id}`)).acceptanceResult).to.deep.equal({ certificateRequired: true });
    const noNumber = await demo.send('clerk', 'post', `/api/cases/${applied.id}/accept`, { comment: '材料齐全，当场登记' });
    expect(noNumber.status).to.equal(422);
    expect(errorOf(noNumber.body).code).to.equal('CERTIFICATE_NO_REQUIRED');
    expect(demo.ok(await demo.send('clerk', 'get', `/api/cases/${applied.id}`))).to.include({ status: 'submitted', acceptedAt: null });

    demo.clock.set('2026-03-02T01:20:00Z');
    const clerkId = await demo.userId('clerk');
    const licence = { decision: 'granted', certificateNo: '92440106MA5CHENJ1X', documentNo: '穗天市监个登字〔2026〕第0001号' };
    const done = demo.ok(await demo.send('clerk', 'post', `/api/cases/${applied.id}/accept`, { comment: '材料齐全，当场登记', result: licence }));
    expect(done.result).to.deep.equal(licence);
    expect(done).to.include({
      status: 'concluded', decision: 'granted', acceptedBy: clerkId, concludedBy: clerkId,
      acceptedAt: '2026-03-02T01:20:00.000Z', concludedAt: '2026-03-02T01:20:00.000Z',
      promisedDueAt: closing('2026-03-02'), // immediate: the same working day
      handlingWorkingDays: 0,
    });
    expect(done.openTasks).to.deep.equal([]);
    expect(done.timeline.map((e: { type: string }) => e.type)).to.deep.equal(['submitted', 'accepted', 'concluded']);
    expect((await demo.server.engine.getInstance(applied.id))!.status).to.equal('completed');
    const passed = await passedElements(demo, 'supervisor', applied.id);
    expect(passed.has('End_Registered')).to.equal(true);

    // The applicant takes the licence number home: on the receipt and in the progress lookup.
    const shown = { ...licence, note: null };
    expect(demo.ok(await demo.send('clerk', 'get', `/api/cases/${applied.id}/receipt`)).result).to.deep.equal(shown);
    const progress = demo.ok(await demo.send(null, 'post', '/api/public/progress', { caseNo: applied.caseNo, idNumber: OPERATOR.idNumber }));
    expect(progress).to.include({ status: 'concluded', decision: 'granted' });
    expect(progress.result).to.deep.equal(shown);
  });

  it('window: denied on the spot (不予登记) with the reason, which the applicant reads in the progress lookup', async () => {
    const applicant = { ...OPERATOR, name: '陈大明', idNumber: idNumber(302) };
    const applied = demo.ok(
      await demo.send('clerk', 'post', '/api/cases', { itemId: IMPL_CODE, regionCode: '440106001', channel: 'window', applicant, formData: { ...FORM, operator: { ...FORM.operator, name: '陈大明', idNumber: applicant.idNumber } } }),
      201,
    );
    const noReason = await demo.send('clerk', 'post', `/api/cases/${applied.id}/accept`, { result: { decision: 'denied' } });
    expect(noReason.status).to.equal(422);
    expect(errorOf(noReason.body).code).to.equal('DECISION_REASON_REQUIRED');
    const done = demo.ok(await demo.send('clerk', 'post', `/api/cases/${applied.id}/accept`, { result: { decision: 'denied', note: '经营场所位于禁止经营区域' } }));
    expect(done).to.include({ status: 'concluded', decision: 'denied' });
    const progress = demo.ok(await demo.send(null, 'post', '/api/public/progress', { caseNo: applied.caseNo, idNumber: applicant.idNumber }));
    expect(progress.result).to.deep.equal({ decision: 'denied', certificateNo: null, documentNo: null, note: '经营场所位于禁止经营区域' });
  });
});
