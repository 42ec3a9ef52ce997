import { expect } from 'chai';
import { InMemoryDirectory } from '../../../engine/src/index.js';
import { processXml } from '../../support/bpmn.js';
import { deployXml, type TestEngine, testEngine } from '../../support/engine.js';

const DAY = 24 * 3600 * 1000;

describe('approvals: policies, time limits, due dates, CC steps and path preview', function () {
  let t: TestEngine;
  const directory = new InMemoryDirectory({ 'market:approver': ['m1'], 'empty:group': [] });

  before(async () => {
    t = await testEngine('approval_policies', { directory });
    const step = (key: string, attrs: string) =>
      deployXml(t.engine, processXml(key, `<startEvent id="s"/><userTask id="review" ${attrs}/><userTask id="after"/>`, ['s->review', 'review->after']), `${key}.bpmn`);
    await step('empty_approve', 'tongban:candidateGroups="empty:group" tongban:onEmptyAssignee="autoApprove"');
    await step('empty_reject', 'tongban:candidateGroups="empty:group" tongban:onEmptyAssignee="autoReject"');
    await step('empty_admin', 'tongban:candidateGroups="empty:group" tongban:onEmptyAssignee="admin" tongban:stepAdmin="chief"');
    await step('empty_assign', 'tongban:candidateGroups="empty:group" tongban:onEmptyAssignee="assign:deputy"');
    await step('starter_skip', 'tongban:approvalMode="allSign" tongban:candidateUsers="citizen,b" tongban:onStarterAssignee="skip"');
    await step('starter_fallback', 'tongban:assignee="citizen" tongban:onStarterAssignee="assign:duty-officer"');
    await step('limit', 'tongban:assignee="slow" tongban:timeLimit="P2WD" tongban:reminders="2" tongban:remindEvery="P1WD" tongban:timeoutAction="autoApprove"');
    await step('escalate', 'tongban:candidateGroups="market:approver" tongban:timeLimit="PT4H" tongban:timeoutAction="escalate" tongban:stepAdmin="chief"');
    await step('due', 'tongban:assignee="x" tongban:dueDate="P3WD" tongban:priority="=if urgent then 90 else 50"');
    await step('limit_reject', 'tongban:assignee="slow" tongban:timeLimit="PT8H" tongban:timeoutAction="autoReject"');
    await step('starter_self', 'tongban:assignee="citizen"');
    await deployXml(
      t.engine,
      processXml(
        'dedupe_always',
        `<startEvent id="s"/><userTask id="first" tongban:assignee="zhang"/><userTask id="middle" tongban:assignee="wang"/>
         <userTask id="last" tongban:approvalMode="allSign" tongban:candidateUsers="zhang,wang,li" tongban:dedupe="always"/><userTask id="after"/>`,
        ['s->first', 'first->middle', 'middle->last', 'last->after'],
      ),
      'dedupe-always.bpmn',
    );
    await deployXml(
      t.engine,
      processXml(
        'dedupe',
        `<startEvent id="s"/><userTask id="first" tongban:assignee="zhang"/><userTask id="second" tongban:approvalMode="allSign" tongban:candidateUsers="zhang,li" tongban:dedupe="consecutive"/><userTask id="after"/>`,
        ['s->first', 'first->second', 'second->after'],
      ),
      'dedupe.bpmn',
    );
    await deployXml(
      t.engine,
      processXml(
        'with_cc',
        `<startEvent id="s"/><sendTask id="notify" tongban:topic="tongban.cc" tongban:ccUsers="=[applicant]" tongban:ccGroups="supervision:staff"/><userTask id="after"/>`,
        ['s->notify', 'notify->after'],
      ),
      'cc.bpmn',
    );
    await deployXml(
      t.engine,
      processXml(
        'route',
        `<startEvent id="s"/><userTask id="accept" tongban:candidateGroups="window:clerk"/><exclusiveGateway id="big"/>
         <userTask id="joint" tongban:approvalMode="allSign" tongban:candidateGroups="market:approver,fire:approver"/>
         <userTask id="simple" tongban:assignee="=officer"/><userTask id="decide" tongban:assignee="director"/><endEvent id="e"/>`,
        ['s->accept', 'accept->big', 'big->joint: =area > 500', 'big->simple: default', 'joint->decide', 'simple->decide', 'decide->e'],
      ),
      'route.bpmn',
    );
  });
  after(() => t.close());

  const openTasks = (id: string) => t.engine.queryTasks({ instanceId: id });
  const vars = async (id: string) => (await t.engine.getInstance(id))!.variables;

  it('no assignee resolves: auto-approve, auto-reject, the step administrator, or a named user', async () => {
    const a = await t.engine.startInstance('empty_approve');
    expect(await vars(a.id)).to.include({ review_outcome: 'approved' });
    expect((await openTasks(a.id)).map((x) => x.elementId)).to.deep.equal(['after']);
    const r = await t.engine.startInstance('empty_reject');
    expect(await vars(r.id)).to.include({ review_outcome: 'rejected' });
    const admin = await t.engine.startInstance('empty_admin');
    expect((await openTasks(admin.id))[0]!.assignee).to.equal('chief');
    const named = await t.engine.startInstance('empty_assign');
    expect((await openTasks(named.id))[0]!.assignee).to.equal('deputy');
    const skipped = (await t.engine.history(a.id)).find((h) => h.type === 'signerSkipped')!;
    expect(skipped.data).to.include({ reason: 'noAssignee', policy: 'autoApprove' });
  });

  it('the assignee is the applicant: skipped as approved, or handed to a named user', async () => {
    const s = await t.engine.startInstance('starter_skip', { userId: 'citizen' });
    expect((await openTasks(s.id)).map((x) => x.assignee)).to.deep.equal(['b']);
    await t.engine.completeTask((await openTasks(s.id))[0]!.id, { userId: 'b' });
    expect(await vars(s.id)).to.include({ review_outcome: 'approved' });
    const f = await t.engine.startInstance('starter_fallback', { userId: 'citizen' });
    expect((await openTasks(f.id))[0]!.assignee).to.equal('duty-officer');
  });

  it('an approver who approved the step just before is not asked again (consecutive)', async () => {
    const i = await t.engine.startInstance('dedupe');
    await t.engine.completeTask((await openTasks(i.id))[0]!.id, { userId: 'zhang' });
    expect((await openTasks(i.id)).map((x) => x.assignee)).to.deep.equal(['li']);
    expect((await t.engine.history(i.id)).find((h) => h.type === 'signerSkipped')!.data).to.include({ reason: 'alreadyApproved' });
  });

  it('the applicant approves their own step by default (approveSelf)', async () => {
    const i = await t.engine.startInstance('starter_self', { userId: 'citizen' });
    expect((await openTasks(i.id))[0]!.assignee).to.equal('citizen');
  });

  it('dedupe always: approvers of any earlier step are skipped; a rejection is not an approval', async () => {
    const i = await t.engine.startInstance('dedupe_always');
    await t.engine.completeTask((await openTasks(i.id))[0]!.id, { userId: 'zhang' });
    await t.engine.completeTask((await openTasks(i.id))[0]!.id, { userId: 'wang', outcome: 'reject' });
    // zhang approved "first": skipped; wang rejected "middle": asked again.
    expect((await openTasks(i.id)).map((x) => x.assignee).sort()).to.deep.equal(['li', 'wang']);
  });

  it('time limit without reminders: auto-reject when it runs out', async () => {
    t.clock.set('2026-03-02T01:00:00Z');
    const i = await t.engine.startInstance('limit_reject');
    t.clock.advance(8 * 3600 * 1000);
    await t.engine.fireDueTimers();
    expect(await vars(i.id)).to.include({ review_outcome: 'rejected' });
  });

  it('time limit: reminders every working day, then auto-approve', async () => {
    t.clock.set('2026-03-02T01:00:00Z'); // Monday 09:00 Beijing
    const i = await t.engine.startInstance('limit');
    const task = (await openTasks(i.id))[0]!;
    expect(task.dueAt!.toISOString()).to.equal('2026-03-04T15:59:59.999Z'); // end of Wednesday
    t.clock.set('2026-03-04T16:00:00Z');
    await t.engine.fireDueTimers();
    t.clock.set('2026-03-05T16:00:00Z');
    await t.engine.fireDueTimers();
    expect((await t.engine.history(i.id)).filter((h) => h.type === 'taskReminded')).to.have.length(2);
    expect((await openTasks(i.id)).map((x) => x.elementId)).to.deep.equal(['review']);
    t.clock.set('2026-03-06T16:00:00Z');
    await t.engine.fireDueTimers();
    expect((await openTasks(i.id)).map((x) => x.elementId)).to.deep.equal(['after']);
    const auto = (await t.engine.history(i.id)).find((h) => h.type === 'taskCompleted' && h.userId === 'system')!;
    expect(auto.data).to.deep.equal({ outcome: 'approve', auto: 'timeout' });
  });

  it('time limit: escalation adds the step administrator and records it', async () => {
    t.clock.set('2026-03-02T01:00:00Z');
    const i = await t.engine.startInstance('escalate');
    t.clock.advance(4 * 3600 * 1000);
    await t.engine.fireDueTimers();
    expect((await openTasks(i.id))[0]!.candidateUsers).to.deep.equal(['chief']);
    expect((await t.engine.history(i.id)).some((h) => h.type === 'stepEscalated')).to.equal(true);
  });

  it('completing the step in time cancels its time limit', async () => {
    const i = await t.engine.startInstance('limit');
    expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(1);
    await t.engine.completeTask((await openTasks(i.id))[0]!.id, { userId: 'slow' });
    expect(await t.engine.queryJobs({ instanceId: i.id })).to.have.length(0);
    t.clock.advance(10 * DAY);
    expect(await t.engine.fireDueTimers()).to.equal(0);
  });

  it('due date in working days and priority from FEEL', async () => {
    t.clock.set('2026-03-02T01:00:00Z');
    const urgent = await t.engine.startInstance('due', { variables: { urgent: true } });
    const task = (await openTasks(urgent.id))[0]!;
    expect(task.dueAt!.toISOString()).to.equal('2026-03-05T15:59:59.999Z');
    expect(task.priority).to.equal(90);
  });

  it('a CC step notifies users and groups and moves on', async () => {
    const i = await t.engine.startInstance('with_cc', { variables: { applicant: 'citizen-9' } });
    expect((await openTasks(i.id)).map((x) => x.elementId)).to.deep.equal(['after']);
    expect((await t.engine.history(i.id)).find((h) => h.type === 'ccSent')!.data).to.deep.equal({ users: ['citizen-9'], groups: ['supervision:staff'] });
  });

  it('path preview from a definition and from a running instance, changing nothing', async () => {
    const big = await t.engine.previewDefinition('route', { variables: { area: 800, officer: 'wang' } });
    expect(big.map((s) => [s.elementId, s.status])).to.deep.equal([
      ['accept', 'next'],
      ['joint', 'next'],
      ['decide', 'next'],
    ]);
    expect(big[1]!.approval).to.deep.equal({
      mode: 'allSign',
      signers: [
        { candidateUsers: [], candidateGroups: ['market:approver'] },
        { candidateUsers: [], candidateGroups: ['fire:approver'] },
      ],
    });
    const unknown = await t.engine.previewDefinition('route', { variables: {} });
    expect(unknown.map((s) => s.elementId)).to.deep.equal(['accept', 'simple', 'decide']); // area missing: null > 500 is not true → default

    const i = await t.engine.startInstance('route', { variables: { area: 100, officer: 'wang' } });
    const before = await t.engine.history(i.id);
    const fromHere = await t.engine.previewInstance(i.id);
    expect(fromHere.map((s) => [s.elementId, s.status])).to.deep.equal([
      ['accept', 'current'],
      ['simple', 'next'],
      ['decide', 'next'],
    ]);
    expect(fromHere[1]!.approval!.signers).to.deep.equal([{ assignee: 'wang', candidateUsers: [], candidateGroups: [] }]);
    expect(await t.engine.history(i.id)).to.deep.equal(before);
  });
});
