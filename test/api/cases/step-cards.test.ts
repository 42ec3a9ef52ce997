/**
 * Step deadlines follow the case clock: a step with its own due date (tongban:dueDate) keeps
 * the working days it had left when 补正 or a special procedure stopped the clock, so its
 * yellow and red cards come as late as the case's do — here across the 2026 Mid-Autumn and
 * National Day holidays, with the make-up Saturday 10-10 a working day.
 */
import { expect } from 'chai';
import { runSupervisionScan } from '../../../runtime-api/src/supervision/scan.js';
import { definitionsXml } from '../../support/bpmn.js';
import { INSIDE_VILLAGE } from '../support/harness.js';
import { FORM_DATA, person, publishItem } from './support/fixtures.js';
import { type CaseHarness, startCaseHarness } from './support/harness.js';

const WORKERS = 'tongban:candidateUsers="user-admin" tongban:candidateGroups="town-in:clerk,town-in:approver"';
const STEP_DUE = definitionsXml(`
  <process id="case_step_due" name="审查限三个工作日" isExecutable="true">
    <startEvent id="sd_s"/><userTask id="accept" name="受理" ${WORKERS}/>
    <userTask id="review" name="审查" tongban:dueDate="P3WD" ${WORKERS}/><endEvent id="sd_e"/>
    <sequenceFlow id="sd_1" sourceRef="sd_s" targetRef="accept"/><sequenceFlow id="sd_2" sourceRef="accept" targetRef="review"/>
    <sequenceFlow id="sd_3" sourceRef="review" targetRef="sd_e"/>
  </process>`);

describe('api/cases: step cards after the clock stopped (补正, 特别程序)', function () {
  this.timeout(60_000);
  let h: CaseHarness;
  let item: string;
  before(async () => {
    h = await startCaseHarness('step_cards', { start: '2026-09-22T02:00:00Z' }); // Tuesday 22 September 2026, 10:00
    await h.server.engine.deploy({ name: 'step-due', resources: [{ name: 'step-due.bpmn', xml: STEP_DUE }] });
    item = await publishItem(h.server, { processKey: 'case_step_due' }); // promised: 5 working days
  });
  after(() => h?.close());

  const post = (path: string, body: object = {}) => h.http().post(path).set(h.as.clerk.headers).send(body);
  const newAcceptedCase = async (n: number) => {
    h.clock.set('2026-09-22T02:00:00Z');
    const res = await post('/api/cases', { itemId: item, regionCode: INSIDE_VILLAGE, channel: 'window', applicant: person(n), formData: FORM_DATA });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const accepted = await post(`/api/cases/${res.body.id}/accept`);
    // 5 working days: 9-23, 9-24, 9-28, 9-29, 9-30 (Mid-Autumn 9-25…9-27)
    expect(accepted.body.promisedDueAt).to.equal('2026-09-30T15:59:59.999Z');
    return res.body.id as string;
  };
  const reviewDue = async (id: string) => (await h.server.engine.queryTasks({ instanceId: id, elementId: 'review' }))[0]!.dueAt!.toISOString();
  const scanAt = async (at: string, id: string) => {
    h.clock.set(at);
    return (await runSupervisionScan(h.server.context, null)).issued.filter((i) => i.caseId === id).map((i) => `${i.taskId === null ? 'case' : 'step'}:${i.level}`).sort();
  };

  /** Stops the clock on Thursday 9-24 09:00 and restarts it on Thursday 10-08 10:00, after National Day. */
  async function stopAndRestart(id: string, stop: () => Promise<unknown>, restart: () => Promise<{ body: { promisedDueAt: string; stoppedWorkingDays: number } }>) {
    // The review step: 3 working days from acceptance → 9-23, 9-24, 9-28.
    expect(await reviewDue(id)).to.equal('2026-09-28T15:59:59.999Z');
    expect(await scanAt('2026-09-23T02:00:00Z', id)).to.deep.equal([]); // 2 working days left for the step
    h.clock.set('2026-09-24T01:00:00Z');
    await stop();
    h.clock.set('2026-10-08T02:00:00Z');
    const restarted = await restart();
    // Stopped: 9-24 (used up), 9-28, 9-29, 9-30, 10-8. The case had 9-28, 9-29, 9-30 left → 10-9, 10-10, 10-12;
    // the step had 9-28 left → 10-9.
    expect(restarted.body).to.include({ promisedDueAt: '2026-10-12T15:59:59.999Z', stoppedWorkingDays: 4 });
    expect(await reviewDue(id)).to.equal('2026-10-09T15:59:59.999Z');
    // 10-08 11:00: the step has one working day left (yellow), not a red card for its old 9-28 deadline.
    expect(await scanAt('2026-10-08T03:00:00Z', id)).to.deep.equal(['step:yellow']);
    // 10-10 (make-up Saturday): the step is overdue (red); the case has one working day left (yellow).
    expect(await scanAt('2026-10-10T02:00:00Z', id)).to.deep.equal(['case:yellow', 'step:red']);
    const cards = await h.http().get(`/api/supervision/cards?caseId=${id}`).set(h.as.supervisor.headers);
    const stepCards = cards.body.items.filter((k: { elementId: string | null }) => k.elementId !== null);
    expect(stepCards.map((k: { level: string; elementId: string; dueAt: string }) => `${k.level}:${k.elementId}:${k.dueAt}`).sort()).to.deep.equal([
      'red:review:2026-10-09T15:59:59.999Z',
      'yellow:review:2026-10-09T15:59:59.999Z',
    ]);
  }

  it('补正 then resubmission moves the step deadline and its cards by the working days stopped', async () => {
    const id = await newAcceptedCase(1);
    await stopAndRestart(
      id,
      () => post(`/api/cases/${id}/supplement`, { missingMaterials: [{ name: '营业场所证明' }] }),
      () => post(`/api/cases/${id}/resubmit`, { channel: 'window' }),
    );
  });

  it('a special procedure (expert review) moves them the same way', async () => {
    const id = await newAcceptedCase(2);
    await stopAndRestart(
      id,
      () => h.http().post(`/api/cases/${id}/special-procedure`).set(h.as.approver.headers).send({ kind: 'expertReview', reason: '需专家评审' }),
      () => h.http().post(`/api/cases/${id}/special-procedure/end`).set(h.as.approver.headers).send({ comment: '评审完毕' }),
    );
  });
});
