/**
 * 农村宅基地建房审批 (`examples/rural-homestead/`): applied for at the village agent point of
 * 石南村, the village committee accepts and reviews, 温泉镇 reviews, 从化区农业农村局 approves —
 * village → town → county, each by its own staff in its own region. The town asks for a
 * missing material (补正): the clock stops until the village resubmits, and the deadlines move
 * by the working days it stood. With the situation 占用农用地 the district natural-resources
 * branch decides the farmland conversion first; its refusal (不予转用) ends the case as denied.
 *
 * Dates (March 2026 has no public holiday): accepted Monday 2 March → 15 working days → 23 March
 * (promised), 20 → 30 March (statutory); stopped Thursday 5 March 15:00, resumed Tuesday 10 March
 * → 3 working days (6, 9, 10 March) → 26 March and 2 April.
 */
import { expect } from 'chai';
import { errorOf } from '../api/support/harness.js';
import { idNumber } from '../api/cases/support/fixtures.js';
import { closing, type DemoServer, openSteps, passedElements, publishedItem, startDemoServer, taskOf } from './support/demo-server.js';

const IMPL_CODE = '11440117NY0001XK440117';
const VILLAGE = '440117101201';
const villager = (n: number) => ({ type: 'naturalPerson', name: `黄${n}伯`, idNumber: idNumber(700 + n), phone: '13600136000' }) as const;
const formOf = (n: number, landType: string) => ({
  applicant: { name: `黄${n}伯`, idNumber: idNumber(700 + n), mobile: '13600136000', householdSize: 4 },
  reason: '分户新建',
  site: { regionCode: VILLAGE, location: `石南村第${n}经济社东侧`, landArea: 100, floorArea: 280, floors: 3, landType },
  plannedStart: '2026-05-01',
});

describe('examples: 农村宅基地建房审批 — village → town → county, with 补正', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer('rural_homestead', '2026-03-02T01:00:00Z');
  });
  after(() => demo?.close());

  /** Applied at the village agent point Monday 09:00, accepted 10:00, reviewed by the village Tuesday. */
  async function reviewedByVillage(n: number, situationId?: string) {
    demo.clock.set('2026-03-02T01:00:00Z');
    const applied = demo.ok(
      await demo.send('villageclerk', 'post', '/api/cases', {
        itemId: IMPL_CODE, regionCode: VILLAGE, channel: 'villageAgent', applicant: villager(n), formData: formOf(n, situationId === 'farmland' ? '农用地' : '建设用地'),
        ...(situationId ? { situationId } : {}),
        materials: [{ materialId: 'idCard', name: '申请人居民身份证', form: 'eCertificate' }, { materialId: 'hukou', name: '居民户口簿', form: 'eCertificate' }],
      }),
      201,
    );
    expect(applied).to.include({ status: 'submitted', regionCode: VILLAGE, departmentId: 'conghua-agri', channel: 'villageAgent' });
    expect(openSteps(applied)).to.deep.equal(['accept@shinan:clerk']);
    demo.clock.set('2026-03-02T02:00:00Z');
    const accepted = demo.ok(await demo.send('villageclerk', 'post', `/api/cases/${applied.id}/accept`, {}));
    expect(openSteps(accepted)).to.deep.equal(['Task_VillageReview@shinan:clerk']);
    demo.clock.set('2026-03-03T02:00:00Z');
    const village = demo.ok(
      await demo.send('villageclerk', 'post', `/api/cases/${applied.id}/complete-task`, { taskId: taskOf(accepted, 'Task_VillageReview'), outcome: 'approve', comment: '村民代表会议同意，公示5个工作日无异议' }),
    );
    expect(openSteps(village)).to.deep.equal(['Task_TownReview@wenquan:approver']);
    return village;
  }

  it('is published for the 从化区 agriculture bureau, with the 占用农用地 situation', async () => {
    const guide = await publishedItem(demo, IMPL_CODE);
    expect(guide).to.include({ departmentId: 'conghua-agri', level: 'county' });
    expect(guide.published.processDefinitionId).to.equal('rural_homestead:1');
    expect(guide.published.data.situations.map((s) => s.id)).to.deep.equal(['farmland', 'rebuild']);
  });

  it('village accepts and reviews, the town asks for 补正 (clock stops), the village resubmits, town and county approve', async () => {
    const village = await reviewedByVillage(1);
    const caseId = village.id as string;
    expect(village).to.include({ status: 'processing', promisedDueAt: closing('2026-03-23'), legalDueAt: closing('2026-03-30') });
    // Another district's clerk does not see it.
    expect([403, 404]).to.include((await demo.send('clerk', 'get', `/api/cases/${caseId}`)).status);

    // ── 补正 by the town, Thursday 5 March 15:00 ──
    demo.clock.set('2026-03-05T07:00:00Z');
    const missing = { materialId: 'housePlan', name: '住房设计图或选用的通用设计图', reason: '未提供建房设计图' };
    const stopped = demo.ok(await demo.send('wenquan', 'post', `/api/cases/${caseId}/supplement`, { missingMaterials: [missing], reason: '材料不全' }));
    expect(stopped).to.include({ status: 'supplement', clockStopped: true, clockStoppedAt: '2026-03-05T07:00:00.000Z' });
    expect((await demo.server.engine.getInstance(caseId))!.suspended).to.include({ at: '2026-03-05T07:00:00.000Z' });
    const frozen = await demo.send('wenquan', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(village, 'Task_TownReview'), outcome: 'approve' });
    expect(frozen.status).to.equal(409);
    expect(errorOf(frozen.body).code).to.equal('CASE_STATUS_CONFLICT');

    // ── the village resubmits, Tuesday 10 March 10:00 ──
    demo.clock.set('2026-03-10T02:00:00Z');
    const resumed = demo.ok(await demo.send('villageclerk', 'post', `/api/cases/${caseId}/resubmit`, { channel: 'villageAgent', materials: [{ materialId: 'housePlan', name: missing.name, form: 'paper' }] }));
    expect(resumed).to.include({ status: 'processing', clockStopped: false, stoppedWorkingDays: 3, promisedDueAt: closing('2026-03-26'), legalDueAt: closing('2026-04-02') });
    expect((await demo.server.engine.getInstance(caseId))!.suspended).to.equal(undefined);

    // ── town, Wednesday 11 March; the county's task is not the town's, nor the land office's ──
    demo.clock.set('2026-03-11T02:00:00Z');
    const town = demo.ok(await demo.send('wenquan', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(resumed, 'Task_TownReview'), outcome: 'approve', comment: '实地审查符合规划和用地条件' }));
    expect(openSteps(town), 'no farmland: straight to the county').to.deep.equal(['Task_CountyApproval@conghua-agri:approver']);
    const countyTask = taskOf(town, 'Task_CountyApproval');
    for (const as of ['wenquan', 'landuse']) {
      const res = await demo.send(as, 'post', `/api/cases/${caseId}/complete-task`, { taskId: countyTask, outcome: 'approve' });
      expect(res.status, as).to.equal(403);
    }

    // ── county, Thursday 12 March ──
    demo.clock.set('2026-03-12T02:00:00Z');
    const result = { decision: 'granted', documentNo: '从农宅批〔2026〕第0012号' };
    const concluded = demo.ok(await demo.send('agri', 'post', `/api/cases/${caseId}/complete-task`, { taskId: countyTask, outcome: 'approve', comment: '准予批准', result }));
    expect(concluded).to.include({ status: 'concluded', decision: 'granted', concludedBy: await demo.userId('agri'), stoppedWorkingDays: 3, handlingWorkingDays: 5 }); // 8 working days less 3 stopped
    expect(concluded.timeline.map((e: { type: string }) => e.type)).to.deep.equal(['submitted', 'accepted', 'stepCompleted', 'supplementRequested', 'resubmitted', 'stepCompleted', 'stepCompleted', 'concluded']);
    const byStep = concluded.timeline.filter((e: { type: string }) => e.type === 'stepCompleted').map((e: { by: string; data: { stepId: string } }) => `${e.data.stepId}:${e.by}`);
    expect(byStep).to.deep.equal([
      `Task_VillageReview:${await demo.userId('villageclerk')}`, `Task_TownReview:${await demo.userId('wenquan')}`, `Task_CountyApproval:${await demo.userId('agri')}`,
    ]);
    expect(concluded.suspensions).to.have.length(1);
    expect(concluded.suspensions[0]).to.include({ kind: 'supplement', stoppedWorkingDays: 3 });
    const passed = await passedElements(demo, 'admin', caseId);
    expect(passed.has('End_Granted') && !passed.has('Task_LandUse')).to.equal(true);
  });

  it('占用农用地: after the town, the natural-resources branch decides the conversion; its refusal (不予转用) ends the case as denied', async () => {
    const village = await reviewedByVillage(2, 'farmland');
    const caseId = village.id as string;
    expect((await demo.server.engine.getInstance(caseId))!.variables).to.include({ farmland: true });
    demo.clock.set('2026-03-04T02:00:00Z');
    const town = demo.ok(await demo.send('wenquan', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(village, 'Task_TownReview'), outcome: 'approve' }));
    expect(openSteps(town)).to.deep.equal(['Task_LandUse@conghua-planning:approver']);
    demo.clock.set('2026-03-05T02:00:00Z');
    const refused = demo.ok(await demo.send('landuse', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(town, 'Task_LandUse'), outcome: 'reject', comment: '拟用地位于永久基本农田，不予转用' }));
    expect(refused).to.include({ status: 'concluded', decision: 'denied', concludedBy: await demo.userId('landuse') });
    const passed = await passedElements(demo, 'admin', caseId);
    expect(passed.has('End_NoConversion') && !passed.has('Task_CountyApproval')).to.equal(true);
  });
});
