/**
 * 村（社区）开具居住证明 (`examples/village-residence-certificate/`): a town template whose
 * `derived` entry becomes the published village item of 五山社区 on first start. The office named
 * by the parameter `handler` (五山街道) accepts at the step `accept`, checks with the community
 * (Task_Verify, the only step that may write `verification`) and issues the certificate; the town
 * reviews first for less than six months' residence (情形 shortResidence; the review does not
 * see the ID number). Monday 2 March 2026.
 */
import { expect } from 'chai';
import { idNumber } from '../api/cases/support/fixtures.js';
import { errorOf } from '../api/support/harness.js';
import { type DemoServer, openSteps, passedElements, publishedItem, startDemoServer, taskOf } from './support/demo-server.js';

const TEMPLATE = '20440106CJ0001440106';
const VILLAGE_ITEM = '20440106CJ0001-440106001001';
const VILLAGE = '440106001001';
const resident = (n: number) => ({ type: 'naturalPerson', name: `黄${n}明`, idNumber: idNumber(700 + n), phone: '13700137000' }) as const;
const formOf = (n: number) => ({
  name: `黄${n}明`, idNumber: resident(n).idNumber, mobile: '13700137000', regionCode: VILLAGE, address: '天河区五山路五山社区8号', since: '2025-01-01', purpose: '子女入学',
});

describe('examples: 开具居住证明 — a village item derived from the town template', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer('village_residence', '2026-03-02T01:00:00Z');
  });
  after(() => demo?.close());

  it('the village item is seeded from the template, published on the template’s process with its acceptance step', async () => {
    const template = await publishedItem(demo, TEMPLATE);
    const village = await publishedItem(demo, VILLAGE_ITEM);
    expect(village).to.include({ name: '五山社区开具居住证明', level: 'village', regionCode: VILLAGE, departmentId: 'wushan', isTemplate: false, templateId: template.id });
    expect(village.published.processDefinitionId).to.equal(template.published.processDefinitionId).and.equal('village_residence_certificate:1');
    expect(village.published.data.fieldPermissions).to.deep.equal({
      applicant: { '/verification': 'hidden' },
      Task_Verify: { '/verification': 'editable' },
      Task_TownReview: { '/idNumber': 'hidden' },
    });
  });

  async function applied(n: number, situationId?: string) {
    const body = demo.ok(
      await demo.send('communityclerk', 'post', '/api/cases', {
        itemId: VILLAGE_ITEM, regionCode: VILLAGE, channel: 'villageAgent', applicant: resident(n), formData: formOf(n), ...(situationId ? { situationId } : {}),
        materials: [{ materialId: 'idCard', name: '居民身份证', form: 'eCertificate' }, { materialId: 'tenancy', name: '房屋租赁合同或房产证明', form: 'paper' }],
      }),
      201,
    );
    expect(body).to.include({ status: 'submitted', regionCode: VILLAGE, departmentId: 'wushan' });
    expect(openSteps(body)).to.deep.equal(['accept@wushan:clerk']);
    return body;
  }

  it('six months or more: the town window accepts, verifies with the community and issues — concluded', async () => {
    const caseId = (await applied(1)).id as string;
    // The community's agent point takes the application in; acceptance is the handler's window.
    expect((await demo.send('communityclerk', 'post', `/api/cases/${caseId}/accept`, {})).status).to.equal(403);
    // A 公共服务 item that is not immediate takes its result with the last step, not at acceptance.
    const early = await demo.send('townclerk', 'post', `/api/cases/${caseId}/accept`, { result: { decision: 'granted', documentNo: 'X' } });
    expect(early.status).to.equal(422);
    expect(errorOf(early.body).code).to.equal('RESULT_NOT_AT_ACCEPTANCE');

    demo.clock.set('2026-03-02T02:00:00Z');
    const accepted = demo.ok(await demo.send('townclerk', 'post', `/api/cases/${caseId}/accept`, { comment: '材料齐全' }));
    expect(accepted).to.include({ status: 'accepted', acceptedBy: await demo.userId('townclerk') });
    expect(openSteps(accepted)).to.deep.equal(['Task_Verify@wushan:clerk']);

    const verifyTask = taskOf(accepted, 'Task_Verify');
    const seen = demo.ok(await demo.send('townclerk', 'get', `/api/cases/${caseId}/form?taskId=${verifyTask}`));
    expect(seen.data).to.include({ idNumber: resident(1).idNumber });
    const verified = demo.ok(
      await demo.send('townclerk', 'post', `/api/cases/${caseId}/complete-task`, { taskId: verifyTask, outcome: 'approve', formData: { ...seen.data, verification: '经社区核实，申请人在本社区居住满一年' } }),
    );
    expect(openSteps(verified)).to.deep.equal(['Task_Issue@wushan:clerk']);

    demo.clock.set('2026-03-03T02:00:00Z');
    const concluded = demo.ok(
      await demo.send('townclerk', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(verified, 'Task_Issue'), outcome: 'approve', result: { decision: 'granted', documentNo: '五山居证〔2026〕1号' } }),
    );
    expect(concluded).to.include({ status: 'concluded', decision: 'granted', handlingWorkingDays: 1 });
    expect(concluded.result).to.deep.equal({ decision: 'granted', documentNo: '五山居证〔2026〕1号' });
    expect(((await demo.server.engine.getInstance(caseId))!.variables.form as { verification: string }).verification).to.equal('经社区核实，申请人在本社区居住满一年');
    const passed = await passedElements(demo, 'supervisor', caseId);
    for (const id of ['accept', 'Task_Verify', 'Task_Issue', 'End_Done']) expect(passed.has(id), id).to.equal(true);
    expect(passed.has('Task_TownReview')).to.equal(false);
  });

  it('less than six months (情形 shortResidence): the town reviews without seeing the ID number, then the certificate is issued', async () => {
    const caseId = (await applied(2, 'shortResidence')).id as string;
    const accepted = demo.ok(await demo.send('townclerk', 'post', `/api/cases/${caseId}/accept`, {}));
    const verifyTask = taskOf(accepted, 'Task_Verify');
    const seen = demo.ok(await demo.send('townclerk', 'get', `/api/cases/${caseId}/form?taskId=${verifyTask}`));
    const verified = demo.ok(
      await demo.send('townclerk', 'post', `/api/cases/${caseId}/complete-task`, { taskId: verifyTask, outcome: 'approve', formData: { ...seen.data, verification: '居住四个月，邻居证明属实' } }),
    );
    expect(openSteps(verified)).to.deep.equal(['Task_TownReview@wushan:approver']);

    const reviewTask = taskOf(verified, 'Task_TownReview');
    const review = demo.ok(await demo.send('townapprover', 'get', `/api/cases/${caseId}/form?taskId=${reviewTask}`));
    expect(review.data).to.not.have.property('idNumber');
    expect(review.data).to.include({ verification: '居住四个月，邻居证明属实' });
    const reviewed = demo.ok(await demo.send('townapprover', 'post', `/api/cases/${caseId}/complete-task`, { taskId: reviewTask, outcome: 'approve', formData: review.data }));
    expect(openSteps(reviewed)).to.deep.equal(['Task_Issue@wushan:clerk']);
    // The ID number the review could not see is kept.
    expect(((await demo.server.engine.getInstance(caseId))!.variables.form as { idNumber: string }).idNumber).to.equal(resident(2).idNumber);

    const concluded = demo.ok(await demo.send('townclerk', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(reviewed, 'Task_Issue'), outcome: 'approve', result: { decision: 'granted', documentNo: '五山居证〔2026〕2号' } }));
    expect(concluded).to.include({ status: 'concluded', decision: 'granted' });
    const byStep = concluded.timeline.filter((e: { type: string }) => e.type === 'stepCompleted').map((e: { data: { stepId: string } }) => e.data.stepId);
    expect(byStep).to.deep.equal(['Task_Verify', 'Task_TownReview', 'Task_Issue']);
  });
});
