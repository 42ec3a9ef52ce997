import { expect } from 'chai';
import { type EngineError, InMemoryDirectory } from '../../../engine/src/index.js';
import { processXml } from '../../support/bpmn.js';
import { deployXml, type TestEngine, testEngine } from '../../support/engine.js';

describe('approvals: task commands', function () {
  let t: TestEngine;
  const directory = new InMemoryDirectory({ 'window:clerk': ['clerk1', 'clerk2'], 'market:approver': ['m1', 'm2'] });

  before(async () => {
    t = await testEngine('approval_commands', { directory });
    // 申请 (the applicant's own step) → 窗口受理 → 会签 of three → 决定
    await deployXml(
      t.engine,
      processXml(
        'licence',
        `<startEvent id="s"/>
         <userTask id="apply" name="申请" tongban:assignee="=applicant"/>
         <userTask id="accept" name="受理" tongban:candidateGroups="window:clerk"/>
         <userTask id="joint" name="会签" tongban:approvalMode="allSign" tongban:candidateUsers="a,b,c" tongban:returnTargets="apply,accept"/>
         <userTask id="decide" name="决定" tongban:assignee="director"/>`,
        ['s->apply', 'apply->accept', 'accept->joint', 'joint->decide'],
      ),
      'licence.bpmn',
    );
    await deployXml(
      t.engine,
      processXml('seqstep', `<startEvent id="s"/><userTask id="chain" tongban:approvalMode="sequential" tongban:candidateUsers="a,b"/><userTask id="next"/>`, [
        's->chain',
        'chain->next',
      ]),
      'seq.bpmn',
    );
    await deployXml(t.engine, processXml('single', `<startEvent id="s"/><userTask id="one" tongban:assignee="zhang"/><userTask id="next"/>`, ['s->one', 'one->next']), 'single.bpmn');
  });
  after(() => t.close());

  const tasks = (id: string) => t.engine.queryTasks({ instanceId: id });
  const taskOf = async (id: string, user: string) => (await tasks(id)).find((x) => x.assignee === user)!;
  const taskAt = async (id: string, element: string) => (await tasks(id)).find((x) => x.elementId === element)!;
  const code = (err: unknown) => (err as EngineError).code;
  const startLicence = async () => {
    const i = await t.engine.startInstance('licence', { userId: 'citizen', variables: { applicant: 'citizen' } });
    await t.engine.completeTask((await taskAt(i.id, 'apply')).id, { userId: 'citizen' });
    return i;
  };
  const toJoint = async () => {
    const i = await startLicence();
    const accept = await taskAt(i.id, 'accept');
    await t.engine.claimTask(accept.id, 'clerk1');
    await t.engine.completeTask(accept.id, { userId: 'clerk1' });
    return i;
  };

  it('claim and unclaim: a candidate takes a group task; only a candidate may, and only once', async () => {
    const i = await startLicence();
    const accept = await taskAt(i.id, 'accept');
    expect(code(await t.engine.claimTask(accept.id, 'm1').catch((e: unknown) => e))).to.equal('TASK_NOT_PERMITTED');
    await t.engine.claimTask(accept.id, 'clerk2');
    expect((await t.engine.getTask(accept.id))!.assignee).to.equal('clerk2');
    expect(code(await t.engine.claimTask(accept.id, 'clerk1').catch((e: unknown) => e))).to.equal('COMMAND_NOT_ALLOWED');
    expect(code(await t.engine.completeTask(accept.id, { userId: 'clerk1' }).catch((e: unknown) => e))).to.equal('TASK_NOT_PERMITTED');
    await t.engine.unclaimTask(accept.id, 'clerk2');
    expect((await t.engine.getTask(accept.id))!.assignee).to.equal(null);
  });

  it('会签 of three, returned to the applicant and resubmitted, comes back whole with the same signers', async () => {
    const i = await toJoint();
    const first = (await tasks(i.id)).map((x) => x.assignee).sort();
    expect(first).to.deep.equal(['a', 'b', 'c']);
    await t.engine.completeTask((await taskOf(i.id, 'a')).id, { userId: 'a' });
    await t.engine.returnTask((await taskOf(i.id, 'b')).id, 'apply', { userId: 'b', comment: '缺少营业执照副本' });
    expect((await tasks(i.id)).map((x) => [x.elementId, x.assignee])).to.deep.equal([['apply', 'citizen']]);
    const returned = (await t.engine.history(i.id)).find((h) => h.type === 'taskReturned')!;
    expect(returned).to.include({ userId: 'b', elementId: 'joint' });
    expect(returned.data).to.deep.equal({ to: 'apply', comment: '缺少营业执照副本' });

    await t.engine.completeTask((await taskAt(i.id, 'apply')).id, { userId: 'citizen' });
    const accept = await taskAt(i.id, 'accept');
    await t.engine.completeTask(accept.id, { userId: 'clerk1' });
    expect((await tasks(i.id)).map((x) => x.assignee).sort()).to.deep.equal(['a', 'b', 'c']);
  });

  it('return: only to allowed earlier steps the case passed through; refused returns change nothing', async () => {
    const i = await toJoint();
    const task = await taskOf(i.id, 'a');
    expect(code(await t.engine.returnTask(task.id, 'decide', { userId: 'a' }).catch((e: unknown) => e))).to.equal('COMMAND_NOT_ALLOWED');
    expect(code(await t.engine.returnTask(task.id, 'accept', { userId: 'b' }).catch((e: unknown) => e))).to.equal('TASK_NOT_PERMITTED');
    expect((await tasks(i.id))).to.have.length(3);
    await t.engine.returnTask(task.id, 'accept', { userId: 'a' });
    expect((await tasks(i.id)).map((x) => x.elementId)).to.deep.equal(['accept']);
  });

  it('return into a 会签 step re-creates it whole', async () => {
    const i = await toJoint();
    for (const u of ['a', 'b', 'c']) await t.engine.completeTask((await taskOf(i.id, u)).id, { userId: u });
    const decide = await taskAt(i.id, 'decide');
    await t.engine.returnTask(decide.id, 'joint', { userId: 'director' });
    expect((await tasks(i.id)).map((x) => x.assignee).sort()).to.deep.equal(['a', 'b', 'c']);
  });

  it('withdraw: allowed while the next step is untouched, refused once it was acted on', async () => {
    const i = await startLicence();
    expect(code(await t.engine.withdrawInstance(i.id, 'clerk1').catch((e: unknown) => e))).to.equal('TASK_NOT_PERMITTED');
    await t.engine.withdrawInstance(i.id, 'citizen', { comment: '材料填错' });
    expect((await tasks(i.id)).map((x) => [x.elementId, x.assignee])).to.deep.equal([['apply', 'citizen']]);

    await t.engine.completeTask((await taskAt(i.id, 'apply')).id, { userId: 'citizen' });
    await t.engine.claimTask((await taskAt(i.id, 'accept')).id, 'clerk1');
    const refused = await t.engine.withdrawInstance(i.id, 'citizen').catch((e: unknown) => e);
    expect(code(refused)).to.equal('COMMAND_NOT_ALLOWED');
    expect((refused as Error).message).to.contain('already been acted on');
    expect((await tasks(i.id)).map((x) => x.elementId)).to.deep.equal(['accept']);
  });

  it('withdraw with no step of the applicant ends the instance as withdrawn', async () => {
    const i = await t.engine.startInstance('single', { userId: 'citizen' });
    await t.engine.withdrawInstance(i.id, 'citizen');
    expect((await t.engine.getInstance(i.id))!.status).to.equal('terminated');
    expect((await t.engine.history(i.id)).some((h) => h.type === 'instanceWithdrawn')).to.equal(true);
  });

  it('transfer, then delegate, then resolve: the owner decides in the end', async () => {
    const i = await t.engine.startInstance('single');
    const task = (await tasks(i.id))[0]!;
    await t.engine.transferTask(task.id, 'li', { userId: 'zhang', comment: '出差，转李科长' });
    expect((await t.engine.getTask(task.id))!.assignee).to.equal('li');
    expect(code(await t.engine.completeTask(task.id, { userId: 'zhang' }).catch((e: unknown) => e))).to.equal('TASK_NOT_PERMITTED');

    await t.engine.delegateTask(task.id, 'wang', { userId: 'li' });
    expect(await t.engine.getTask(task.id)).to.include({ assignee: 'wang', owner: 'li', delegationState: 'pending' });
    expect(code(await t.engine.completeTask(task.id, { userId: 'wang' }).catch((e: unknown) => e))).to.equal('COMMAND_NOT_ALLOWED');
    expect(code(await t.engine.resolveTask(task.id, { userId: 'li' }).catch((e: unknown) => e))).to.equal('TASK_NOT_PERMITTED');

    await t.engine.resolveTask(task.id, { userId: 'wang', comment: '已核实', variables: { checked: true } });
    expect(await t.engine.getTask(task.id)).to.include({ assignee: 'li', owner: 'li', delegationState: 'resolved' });
    await t.engine.completeTask(task.id, { userId: 'li' });
    const types = (await t.engine.history(i.id)).filter((h) => h.taskId === task.id).map((h) => `${h.type}:${h.userId ?? ''}`);
    expect(types).to.deep.equal(['taskCreated:', 'taskTransferred:zhang', 'taskDelegated:li', 'taskResolved:wang', 'taskCompleted:li']);
  });

  it('加签 after, inside a sequential step: the new signer comes right after the current one', async () => {
    const i = await t.engine.startInstance('seqstep');
    await t.engine.addSigner((await taskOf(i.id, 'a')).id, ['x'], { position: 'after', userId: 'a' });
    expect((await tasks(i.id)).map((x) => x.assignee)).to.deep.equal(['a']);
    await t.engine.completeTask((await taskOf(i.id, 'a')).id, { userId: 'a' });
    expect((await tasks(i.id)).map((x) => x.assignee)).to.deep.equal(['x']);
    await t.engine.completeTask((await taskOf(i.id, 'x')).id, { userId: 'x' });
    expect((await tasks(i.id)).map((x) => x.assignee)).to.deep.equal(['b']);
    await t.engine.completeTask((await taskOf(i.id, 'b')).id, { userId: 'b' });
    expect((await tasks(i.id)).map((x) => x.elementId)).to.deep.equal(['next']);
  });

  it('加签 before on a single task: the signer goes first, then the task comes back', async () => {
    const i = await t.engine.startInstance('single');
    const task = (await tasks(i.id))[0]!;
    await t.engine.addSigner(task.id, ['expert'], { position: 'before', userId: 'zhang', comment: '请专家先审' });
    expect((await tasks(i.id)).map((x) => x.assignee)).to.deep.equal(['expert']);
    expect(await t.engine.getTask(task.id)).to.equal(undefined);
    await t.engine.completeTask((await taskOf(i.id, 'expert')).id, { userId: 'expert' });
    expect((await tasks(i.id)).map((x) => x.assignee)).to.deep.equal(['zhang']);
    await t.engine.completeTask((await taskOf(i.id, 'zhang')).id, { userId: 'zhang' });
    expect((await tasks(i.id)).map((x) => x.elementId)).to.deep.equal(['next']);
  });

  it('加签 in parallel and 减签 in a 会签 step', async () => {
    const i = await toJoint();
    await t.engine.addSigner((await taskOf(i.id, 'a')).id, ['d'], { position: 'parallel', userId: 'a' });
    expect((await tasks(i.id)).map((x) => x.assignee).sort()).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(code(await t.engine.addSigner((await taskOf(i.id, 'a')).id, ['b'], { position: 'parallel', userId: 'a' }).catch((e: unknown) => e))).to.equal('COMMAND_NOT_ALLOWED');
    await t.engine.removeSigner((await taskOf(i.id, 'a')).id, 'c', { userId: 'a', comment: '回避' });
    expect((await tasks(i.id)).map((x) => x.assignee).sort()).to.deep.equal(['a', 'b', 'd']);
    for (const u of ['a', 'b', 'd']) await t.engine.completeTask((await taskOf(i.id, u)).id, { userId: u });
    expect((await tasks(i.id)).map((x) => x.elementId)).to.deep.equal(['decide']);
    const removed = (await t.engine.history(i.id)).find((h) => h.type === 'signerRemoved')!;
    expect(removed.data).to.deep.equal({ signer: 'c', comment: '回避' });
  });

  it('减签 refuses to remove the last open signer', async () => {
    const i = await t.engine.startInstance('single');
    const task = (await tasks(i.id))[0]!;
    expect(code(await t.engine.removeSigner(task.id, 'zhang').catch((e: unknown) => e))).to.equal('COMMAND_NOT_ALLOWED');
  });

  it('CC and comments are recorded; commands on finished tasks are refused as already completed', async () => {
    const i = await t.engine.startInstance('single');
    const task = (await tasks(i.id))[0]!;
    await t.engine.ccTask(task.id, { users: ['supervisor'], groups: ['market:approver'] }, { userId: 'zhang', comment: '请知悉' });
    await t.engine.addComment(task.id, '材料齐全', { userId: 'zhang', attachments: [{ name: '现场照片.jpg', ref: 'file:abc' }] });
    await t.engine.completeTask(task.id, { userId: 'zhang' });
    const history = await t.engine.history(i.id);
    expect(history.find((h) => h.type === 'ccSent')!.data).to.deep.equal({ users: ['supervisor'], groups: ['market:approver'], comment: '请知悉' });
    expect(history.find((h) => h.type === 'commentAdded')!.data).to.deep.equal({ text: '材料齐全', attachments: [{ name: '现场照片.jpg', ref: 'file:abc' }] });
    for (const attempt of [
      t.engine.transferTask(task.id, 'li'),
      t.engine.addComment(task.id, 'late'),
      t.engine.completeTask(task.id),
    ]) {
      expect(code(await attempt.catch((e: unknown) => e))).to.equal('TASK_ALREADY_COMPLETED');
    }
  });
});
