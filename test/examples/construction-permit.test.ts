/**
 * 建设工程施工许可 (`examples/construction-permit/`): the window accepts; housing, natural
 * resources and fire review in parallel as one 会签 step (`allSign`: a task per department, all
 * must sign, one rejection makes the step rejected); a site check unless the builder chose
 * 告知承诺制; the housing bureau issues the permit within 20 working days.
 *
 * Dates: accepted Monday 2 March 2026 10:00 (March 2026 has no public holiday); the 会签 tasks
 * are due in 15 working days (23 March), the case in 20 (30 March).
 */
import { expect } from 'chai';
import { errorOf } from '../api/support/harness.js';
import { idNumber, uscc } from '../api/cases/support/fixtures.js';
import { closing, type DemoServer, openSteps, passedElements, publishedItem, startDemoServer, taskOf } from './support/demo-server.js';

const IMPL_CODE = '11440106ZJ0001XK440106';
const REVIEWERS = { housing: 'housing:approver', planning: 'planning:approver', fire: 'fire:approver' } as const;
const JOINT = ['Task_JointReview@fire:approver', 'Task_JointReview@housing:approver', 'Task_JointReview@planning:approver'];

const builder = (n: number) => ({ type: 'legalPerson', name: `广州五山置业有限公司${n}`, uscc: uscc(5100 + n), legalRepresentative: '周建国', phone: '13700137000' }) as const;
const formOf = (n: number) => ({
  builder: { name: `广州五山置业有限公司${n}`, uscc: uscc(5100 + n), legalRepresentative: '周建国', legalRepresentativeId: idNumber(510 + n), mobile: '13700137000' },
  project: {
    name: `五山科技园${n}号楼`, projectCode: '2026-440106-47-01-000123', regionCode: '440106001001', address: '天河区五山路300号地块',
    floorArea: 18_500, contractPrice: 9_800, plannedStart: '2026-04-01', plannedEnd: '2027-12-31',
  },
  contractor: { name: '广东某建工集团有限公司', uscc: uscc(5200) },
});

describe('examples: 建设工程施工许可 — three departments in parallel with 会签', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer('construction_permit', '2026-03-02T01:00:00Z');
  });
  after(() => demo?.close());

  /** Submits (Monday 09:00) and accepts (10:00) a case; returns the accepted case. */
  async function acceptedCase(n: number, situationId?: string) {
    demo.clock.set('2026-03-02T01:00:00Z');
    const applied = demo.ok(
      await demo.send('clerk', 'post', '/api/cases', {
        itemId: IMPL_CODE, regionCode: '440106001', channel: 'window', applicant: builder(n), formData: formOf(n),
        ...(situationId ? { situationId } : {}),
        materials: [{ materialId: 'planningPermit', name: '建设工程规划许可证', form: 'eCertificate', eCertificateNo: '440106202600123' }],
      }),
      201,
    );
    demo.clock.set('2026-03-02T02:00:00Z');
    return demo.ok(await demo.send('clerk', 'post', `/api/cases/${applied.id}/accept`, { comment: '材料齐全，予以受理' }));
  }

  const sign = async (as: keyof typeof REVIEWERS, caseBody: Parameters<typeof taskOf>[0], caseId: string, outcome: 'approve' | 'reject', comment: string) =>
    demo.send(as, 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(caseBody, 'Task_JointReview', REVIEWERS[as]), outcome, comment });

  it('is published for the housing bureau with 20 working days and the 告知承诺 situation', async () => {
    const guide = await publishedItem(demo, IMPL_CODE);
    expect(guide).to.include({ name: '建筑工程施工许可证核发', departmentId: 'housing' });
    expect(guide.published.processDefinitionId).to.equal('construction_permit:1');
    expect(guide.published.data.legalLimit).to.deep.equal({ value: 20, unit: 'workingDays' });
    expect(guide.published.data.promisedLimit).to.deep.equal({ value: 20, unit: 'workingDays' });
    expect(guide.published.data.situations.map((s) => s.id)).to.deep.equal(['pledge', 'specialFire']);
  });

  it('all three departments approve → site check → permit issued (granted)', async () => {
    const accepted = await acceptedCase(1);
    const caseId = accepted.id as string;
    expect(accepted).to.include({ status: 'accepted', departmentId: 'housing', promisedDueAt: closing('2026-03-30'), legalDueAt: closing('2026-03-30') });
    expect(openSteps(accepted)).to.deep.equal(JOINT);
    for (const task of accepted.openTasks) expect(task.dueAt, 'each 会签 task is due in 15 working days').to.equal(closing('2026-03-23'));

    // A department signs only its own task.
    const wrong = await demo.send('fire', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(accepted, 'Task_JointReview', REVIEWERS.housing), outcome: 'approve' });
    expect(wrong.status).to.equal(403);
    expect(errorOf(wrong.body).code).to.equal('TASK_NOT_PERMITTED');

    demo.clock.set('2026-03-04T02:00:00Z');
    const afterHousing = demo.ok(await sign('housing', accepted, caseId, 'approve', '符合施工许可条件'));
    expect(afterHousing.status).to.equal('processing');
    expect(openSteps(afterHousing), 'the step waits for the other two').to.deep.equal(JOINT.filter((s) => !s.includes('housing')));
    demo.ok(await sign('planning', accepted, caseId, 'approve', '用地和规划手续齐全'));
    const afterAll = demo.ok(await sign('fire', accepted, caseId, 'approve', '消防设计审查合格'));
    expect(openSteps(afterAll)).to.deep.equal(['Task_SiteCheck@housing:approver']);
    expect((await demo.server.engine.getInstance(caseId))!.variables).to.include({ jointReview: 'approved', approved: true });

    demo.clock.set('2026-03-06T02:00:00Z');
    const checked = demo.ok(await demo.send('housing', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(afterAll, 'Task_SiteCheck'), outcome: 'approve', comment: '现场具备施工条件' }));
    expect(openSteps(checked)).to.deep.equal(['Task_Issue@housing:approver']);
    const issueTask = taskOf(checked, 'Task_Issue');
    const seen = demo.ok(await demo.send('housing', 'get', `/api/cases/${caseId}/form?taskId=${issueTask}`));
    const result = { decision: 'granted', certificateNo: '440106202603060101' };
    const concluded = demo.ok(
      await demo.send('housing', 'post', `/api/cases/${caseId}/complete-task`, { taskId: issueTask, outcome: 'approve', formData: { ...seen.data, permitNo: result.certificateNo }, result }),
    );
    expect(concluded).to.include({ status: 'concluded', decision: 'granted', concludedBy: await demo.userId('housing'), handlingWorkingDays: 4 });
    expect(concluded.result).to.deep.equal(result);
    const steps = concluded.timeline.filter((e: { type: string }) => e.type === 'stepCompleted').map((e: { data: { stepId: string } }) => e.data.stepId);
    expect(steps).to.deep.equal(['Task_JointReview', 'Task_JointReview', 'Task_JointReview', 'Task_SiteCheck', 'Task_Issue']);
    const passed = await passedElements(demo, 'supervisor', caseId);
    expect(passed.has('End_Granted') && !passed.has('End_Denied')).to.equal(true);
  });

  it('one department rejects: the other signers still sign (会签), then the case ends 不予许可', async () => {
    const accepted = await acceptedCase(2);
    const caseId = accepted.id as string;
    demo.clock.set('2026-03-05T02:00:00Z');
    demo.ok(await sign('housing', accepted, caseId, 'approve', '符合条件'));
    const rejected = demo.ok(await sign('planning', accepted, caseId, 'reject', '建设工程规划许可证与施工图不一致'));
    expect(rejected.status).to.equal('processing');
    expect(openSteps(rejected), 'all must sign: fire still decides').to.deep.equal(['Task_JointReview@fire:approver']);
    const concluded = demo.ok(await sign('fire', accepted, caseId, 'approve', '消防设计审查合格'));
    expect(concluded).to.include({ status: 'concluded', decision: 'denied', concludedBy: await demo.userId('fire') });
    expect(concluded.openTasks).to.deep.equal([]);
    expect((await demo.server.engine.getInstance(caseId))!.variables).to.include({ jointReview: 'rejected', approved: false });
    const passed = await passedElements(demo, 'supervisor', caseId);
    expect([...passed].filter((id) => ['Task_SiteCheck', 'Task_Issue', 'End_Granted', 'End_Denied'].includes(id))).to.deep.equal(['End_Denied']);
  });

  it('告知承诺制 (situation pledge): approved by all three, the permit is issued without a site check', async () => {
    const accepted = await acceptedCase(3, 'pledge');
    const caseId = accepted.id as string;
    expect((await demo.server.engine.getInstance(caseId))!.variables).to.include({ pledge: true });
    demo.clock.set('2026-03-03T02:00:00Z');
    for (const as of ['housing', 'planning', 'fire'] as const) demo.ok(await sign(as, accepted, caseId, 'approve', '同意'));
    const afterAll = demo.ok(await demo.send('supervisor', 'get', `/api/cases/${caseId}`));
    expect(openSteps(afterAll)).to.deep.equal(['Task_Issue@housing:approver']);
    const concluded = demo.ok(await demo.send('housing', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(afterAll, 'Task_Issue'), outcome: 'approve', result: { decision: 'granted', certificateNo: '440106202603030102' } }));
    expect(concluded).to.include({ status: 'concluded', decision: 'granted', handlingWorkingDays: 1 });
    expect((await passedElements(demo, 'supervisor', caseId)).has('Task_SiteCheck')).to.equal(false);
  });
});
