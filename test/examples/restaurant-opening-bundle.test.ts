/**
 * 开办餐饮店 (`examples/restaurant-opening-bundle/`), a bundle (一件事): seeded after its members,
 * applied for once at the district centre's window — one case number — and worked by each
 * member's own departments: 个体工商户设立登记 concludes at the window's acceptance, 食品经营许可
 * goes through market, health and fire in parallel and the market bureau's decision. The case
 * concludes 准予 with both certificate numbers on it. Monday 2 March 2026.
 */
import { expect } from 'chai';
import { idNumber, uscc } from '../api/cases/support/fixtures.js';
import { type DemoServer, publishedItem, startDemoServer, taskOf } from './support/demo-server.js';

const BUNDLE = '11440106YJS0001CY440106';
const REGISTRATION = '20440106GT0001440106';
const FOOD = '11440106MB2C0001XK440106';
const OPERATOR = { type: 'naturalPerson', name: '林小梅', idNumber: idNumber(411), phone: '13700137000' } as const;
const FORM = {
  operator: { name: '林小梅', idNumber: OPERATOR.idNumber, mobile: '13700137000' },
  businessName: '天河区林记小吃店',
  organisation: '个人经营',
  premises: { regionCode: '440106001001', address: '天河区五山路300号首层', area: 45 },
  scope: '餐饮服务',
  capital: 10,
  applicant: { name: '天河区林记小吃店', uscc: uscc(411), legalRepresentative: '林小梅', legalRepresentativeId: OPERATOR.idNumber, mobile: '13700137000' },
  foodCategories: ['热食类食品制售'],
};

describe('examples: 开办餐饮店（一件事） — one application, two licences', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer('restaurant_bundle', '2026-03-02T01:00:00Z'); // Monday 09:00
  });
  after(() => demo?.close());

  it('the guide lists both members and one material list', async () => {
    const guide = await publishedItem(demo, BUNDLE);
    expect(guide).to.include({ kind: 'bundle', name: '开办餐饮店（一件事）' });
    const bundle = (guide as unknown as { bundle: { members: Array<{ implCode: string; departmentName: string }>; materials: Array<{ name: string }> } }).bundle;
    expect(bundle.members.map((m) => `${m.implCode}/${m.departmentName}`)).to.deep.equal([`${REGISTRATION}/天河区市场监督管理局`, `${FOOD}/天河区市场监督管理局`]);
    expect(bundle.materials.map((m) => m.name)).to.not.include('营业执照');
  });

  it('window: one case; the registration concludes at acceptance, the food permit after its joint review; 准予 with both numbers', async () => {
    const applied = demo.ok(
      await demo.send('clerk', 'post', '/api/cases', { itemId: BUNDLE, regionCode: '440106001', channel: 'window', applicant: OPERATOR, situationId: 'catering', formData: FORM }),
      201,
    );
    expect(applied).to.include({ isBundle: true, status: 'submitted', departmentId: 'window' });
    expect(applied.caseNo).to.match(/^44010611440106YJS0001CY2026030200\d{3}$/);

    demo.clock.set('2026-03-02T01:30:00Z');
    const accepted = demo.ok(await demo.send('clerk', 'post', `/api/cases/${applied.id}/accept`, { comment: '一窗受理' }));
    expect(accepted.members.map((m: { implCode: string; status: string }) => `${m.implCode}:${m.status}`)).to.deep.equal([`${REGISTRATION}:concluded`, `${FOOD}:processing`]);
    // The catering situation's variable reached the member's process.
    const food = accepted.members[1].instanceId as string;
    expect((await demo.server.engine.getInstance(food))!.variables).to.include({ catering: true });
    demo.ok(await demo.send('clerk', 'post', `/api/cases/${applied.id}/members/${REGISTRATION}/result`, { certificateNo: '92440106MA5GLXM01X' }));

    let current = accepted;
    for (const [as, step] of [['market', 'Task_MarketReview'], ['health', 'Task_HealthReview'], ['fire', 'Task_FireReview']] as const) {
      current = demo.ok(await demo.send(as, 'post', `/api/cases/${applied.id}/complete-task`, { taskId: taskOf(current, step), outcome: 'approve', comment: '同意' }));
    }
    demo.clock.set('2026-03-04T02:00:00Z');
    const concluded = demo.ok(
      await demo.send('market', 'post', `/api/cases/${applied.id}/complete-task`, {
        taskId: taskOf(current, 'Task_Decide'),
        outcome: 'approve',
        result: { decision: 'granted', certificateNo: 'JY24401060000411', documentNo: '穗天市监食许〔2026〕411号' },
      }),
    );
    expect(concluded).to.include({ status: 'concluded', decision: 'granted' });
    expect(concluded.members.map((m: { result: { certificateNo: string } }) => m.result.certificateNo)).to.deep.equal(['92440106MA5GLXM01X', 'JY24401060000411']);

    const progress = demo.ok(await demo.send(null, 'post', '/api/public/progress', { caseNo: applied.caseNo, idNumber: OPERATOR.idNumber }));
    expect(progress.members.map((m: { itemName: string; decision: string; certificateNo: string }) => [m.itemName, m.decision, m.certificateNo])).to.deep.equal([
      ['个体工商户设立登记', 'granted', '92440106MA5GLXM01X'],
      ['食品经营许可（新办）', 'granted', 'JY24401060000411'],
    ]);
  });
});
