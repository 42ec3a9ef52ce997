/**
 * 老年人优待证 (`examples/senior-preferential-card/`): a town template (五山街道) whose `derived`
 * entry becomes the published village item of 五山社区 on first start — same process and form,
 * parameters filled in. A case of the village item is accepted by the community office named
 * by the parameter `office`; the town office named by `handler` reviews elders without local
 * household registration (情形 nonLocal) and issues the card. Monday 2 March 2026.
 */
import { expect } from 'chai';
import { idNumber } from '../api/cases/support/fixtures.js';
import { type DemoServer, openSteps, passedElements, publishedItem, startDemoServer, taskOf } from './support/demo-server.js';

const TEMPLATE = '20440106LN0001440106001';
const VILLAGE_ITEM = '20440106LN0001-440106001001';
const VILLAGE = '440106001001';
const elder = (n: number) => ({ type: 'naturalPerson', name: `林${n}婆`, idNumber: idNumber(600 + n), phone: '13500135000' }) as const;
const formOf = (n: number) => ({
  name: `林${n}婆`, idNumber: elder(n).idNumber, birthDate: '1960-01-01', mobile: '13500135000', regionCode: VILLAGE, address: '天河区五山路五山社区12号', delivery: '到村（社区）领取',
});

describe('examples: 老年人优待证 — a village item derived from the town template', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer('senior_card', '2026-03-02T01:00:00Z');
  });
  after(() => demo?.close());

  it('the town template and the village item derived from it are both published, on one process and form', async () => {
    const template = await publishedItem(demo, TEMPLATE);
    expect(template).to.include({ level: 'town', isTemplate: true, templateId: null });
    const village = await publishedItem(demo, VILLAGE_ITEM);
    expect(village).to.include({ name: '五山社区老年人优待证办理', level: 'village', regionCode: VILLAGE, departmentId: 'wushan', isTemplate: false, templateId: template.id });
    expect(village.templateParams).to.deep.include({ handler: 'wushan', office: 'wushan-community', village: '五山社区' });
    expect(village.published.processDefinitionId).to.equal(template.published.processDefinitionId).and.equal('senior_preferential_card:1');
    expect(village.published.formVersionId).to.equal(template.published.formVersionId);
    expect(village.published.data).to.include({ contact: '五山社区党群服务站，020-87110002' });
    expect(village.published.data).not.to.have.property('templateParameters');
  });

  async function applied(n: number, situationId?: string) {
    const body = demo.ok(
      await demo.send('communityclerk', 'post', '/api/cases', {
        itemId: VILLAGE_ITEM, regionCode: VILLAGE, channel: 'villageAgent', applicant: elder(n), formData: formOf(n), ...(situationId ? { situationId } : {}),
        materials: [{ materialId: 'idCard', name: '居民身份证', form: 'eCertificate' }, { materialId: 'photo', name: '近期一寸免冠彩色照片', form: 'electronic' }],
      }),
      201,
    );
    expect(body).to.include({ status: 'submitted', regionCode: VILLAGE, departmentId: 'wushan' });
    expect(openSteps(body)).to.deep.equal(['accept@wushan-community:clerk']);
    expect((await demo.server.engine.getInstance(body.id))!.variables).to.include({ handler: 'wushan', office: 'wushan-community' });
    return body;
  }

  it('local elder: the community office accepts, the town office issues the card', async () => {
    const submitted = await applied(1);
    const caseId = submitted.id as string;
    // The town's window does not accept for the village: the parameter `office` names who does.
    expect((await demo.send('townclerk', 'post', `/api/cases/${caseId}/accept`, {})).status).to.equal(403);
    demo.clock.set('2026-03-02T02:00:00Z');
    const accepted = demo.ok(await demo.send('communityclerk', 'post', `/api/cases/${caseId}/accept`, { comment: '身份证电子证照核验通过' }));
    expect(openSteps(accepted)).to.deep.equal(['Task_Issue@wushan:clerk']);
    demo.clock.set('2026-03-03T02:00:00Z');
    const issueTask = taskOf(accepted, 'Task_Issue');
    const seen = demo.ok(await demo.send('townclerk', 'get', `/api/cases/${caseId}/form?taskId=${issueTask}`));
    const concluded = demo.ok(
      await demo.send('townclerk', 'post', `/api/cases/${caseId}/complete-task`, { taskId: issueTask, outcome: 'approve', formData: { ...seen.data, cardNo: 'GZTH2026030001' }, result: { decision: 'granted', certificateNo: 'GZTH2026030001' } }),
    );
    expect(concluded).to.include({ status: 'concluded', decision: 'granted', concludedBy: await demo.userId('townclerk'), handlingWorkingDays: 1 });
    expect(((await demo.server.engine.getInstance(caseId))!.variables.form as { cardNo: string }).cardNo).to.equal('GZTH2026030001');
    expect((await passedElements(demo, 'supervisor', caseId)).has('Task_TownReview')).to.equal(false);
  });

  it('elder without local household registration (情形 nonLocal): the town reviews before issuing', async () => {
    const submitted = await applied(2, 'nonLocal');
    const caseId = submitted.id as string;
    demo.clock.set('2026-03-02T02:00:00Z');
    const accepted = demo.ok(await demo.send('communityclerk', 'post', `/api/cases/${caseId}/accept`, {}));
    expect(openSteps(accepted)).to.deep.equal(['Task_TownReview@wushan:approver']);
    demo.clock.set('2026-03-04T02:00:00Z');
    const reviewTask = taskOf(accepted, 'Task_TownReview');
    const seen = demo.ok(await demo.send('townapprover', 'get', `/api/cases/${caseId}/form?taskId=${reviewTask}`));
    const reviewed = demo.ok(
      await demo.send('townapprover', 'post', `/api/cases/${caseId}/complete-task`, { taskId: reviewTask, outcome: 'approve', formData: { ...seen.data, verification: '居住证有效，在本社区居住满一年' } }),
    );
    expect(openSteps(reviewed)).to.deep.equal(['Task_Issue@wushan:clerk']);
    const concluded = demo.ok(await demo.send('townclerk', 'post', `/api/cases/${caseId}/complete-task`, { taskId: taskOf(reviewed, 'Task_Issue'), outcome: 'approve', result: { decision: 'granted', certificateNo: 'GZTH2026030002' } }));
    expect(concluded).to.include({ status: 'concluded', decision: 'granted' });
    const byStep = concluded.timeline.filter((e: { type: string }) => e.type === 'stepCompleted').map((e: { by: string; data: { stepId: string } }) => `${e.data.stepId}:${e.by}`);
    expect(byStep).to.deep.equal([`Task_TownReview:${await demo.userId('townapprover')}`, `Task_Issue:${await demo.userId('townclerk')}`]);
    expect(concluded.acceptedBy).to.equal(await demo.userId('communityclerk'));
  });
});
