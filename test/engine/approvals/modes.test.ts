import { expect } from 'chai';
import { InMemoryDirectory } from '../../../engine/src/index.js';
import { processXml } from '../../support/bpmn.js';
import { deployXml, type TestEngine, testEngine } from '../../support/engine.js';

/** One approval step, then a gateway on its outcome. */
function stepXml(key: string, attrs: string, extra = ''): string {
  return processXml(
    key,
    `<startEvent id="s"/><userTask id="review" name="会审" ${attrs}>${extra}</userTask><exclusiveGateway id="gw"/>
     <userTask id="granted"/><userTask id="denied"/>`,
    ['s->review', 'review->gw', 'gw->granted: =review_outcome = "approved"', 'gw->denied: default'],
  );
}

describe('approvals: modes', function () {
  let t: TestEngine;
  const directory = new InMemoryDirectory({ 'market:approver': ['m1', 'm2'], 'health:approver': ['h1'], 'fire:approver': ['f1'] });

  before(async () => {
    t = await testEngine('approval_modes', { directory });
    await deployXml(t.engine, stepXml('all', 'tongban:approvalMode="allSign" tongban:candidateUsers="a,b,c"'), 'all.bpmn');
    await deployXml(t.engine, stepXml('any', 'tongban:approvalMode="anySign" tongban:candidateUsers="a,b,c"'), 'any.bpmn');
    await deployXml(t.engine, stepXml('seq', 'tongban:approvalMode="sequential" tongban:candidateUsers="a,b,c"'), 'seq.bpmn');
    await deployXml(t.engine, stepXml('ratio', 'tongban:approvalMode="ratio" tongban:passRatio="2/3" tongban:candidateUsers="a,b,c"'), 'ratio.bpmn');
    await deployXml(t.engine, stepXml('veto', 'tongban:approvalMode="vetoOnReject" tongban:candidateUsers="a,b,c"'), 'veto.bpmn');
    await deployXml(t.engine, stepXml('groups', 'tongban:approvalMode="allSign" tongban:candidateGroups="market:approver,health:approver,fire:approver"'), 'groups.bpmn');
    await deployXml(
      t.engine,
      stepXml('custom', 'tongban:candidateUsers="a,b,c,d"', '<multiInstanceLoopCharacteristics><completionCondition>=approved >= 2 or rejected >= 2</completionCondition></multiInstanceLoopCharacteristics>'),
      'custom.bpmn',
    );
    await deployXml(
      t.engine,
      stepXml('collection', 'tongban:approvalMode="allSign" tongban:collection="=reviewers" tongban:elementVariable="reviewer" tongban:assignee="=reviewer.id"'),
      'collection.bpmn',
    );
  });
  after(() => t.close());

  const open = async (id: string) => (await t.engine.queryTasks({ instanceId: id })).map((x) => ({ id: x.id, assignee: x.assignee, groups: x.candidateGroups, element: x.elementId }));
  const act = async (id: string, user: string, outcome: 'approve' | 'reject') => {
    const task = (await open(id)).find((x) => x.assignee === user);
    if (!task) throw new Error(`no open task for ${user}`);
    await t.engine.completeTask(task.id, { userId: user, outcome });
  };
  const outcome = async (id: string) => (await t.engine.getInstance(id))!.variables.review_outcome;

  it('会签 allSign: one task per signer; decided when all have signed', async () => {
    const i = await t.engine.startInstance('all');
    expect((await open(i.id)).map((x) => x.assignee).sort()).to.deep.equal(['a', 'b', 'c']);
    await act(i.id, 'a', 'approve');
    await act(i.id, 'b', 'approve');
    expect(await outcome(i.id)).to.equal(undefined);
    await act(i.id, 'c', 'approve');
    expect(await outcome(i.id)).to.equal('approved');
    expect((await open(i.id)).map((x) => x.element)).to.deep.equal(['granted']);
  });

  it('会签 allSign: a rejection makes the step rejected once all have signed', async () => {
    const i = await t.engine.startInstance('all');
    await act(i.id, 'a', 'reject');
    await act(i.id, 'b', 'approve');
    await act(i.id, 'c', 'approve');
    expect(await outcome(i.id)).to.equal('rejected');
  });

  it('或签 anySign: the first to act decides; the other tasks are cancelled and recorded', async () => {
    const i = await t.engine.startInstance('any');
    await act(i.id, 'b', 'reject');
    expect(await outcome(i.id)).to.equal('rejected');
    const cancelled = (await t.engine.history(i.id)).filter((h) => h.type === 'taskCancelled');
    expect(cancelled).to.have.length(2);
    expect(cancelled.every((h) => (h.data as { reason: string }).reason === 'stepDecided')).to.equal(true);
  });

  it('依次 sequential: one after another in order; a rejection ends the step', async () => {
    const i = await t.engine.startInstance('seq');
    expect((await open(i.id)).map((x) => x.assignee)).to.deep.equal(['a']);
    await act(i.id, 'a', 'approve');
    expect((await open(i.id)).map((x) => x.assignee)).to.deep.equal(['b']);
    await act(i.id, 'b', 'reject');
    expect(await outcome(i.id)).to.equal('rejected');
    expect((await open(i.id)).map((x) => x.element)).to.deep.equal(['denied']);
  });

  it('比例 ratio 2/3: passes at the second approval; the third task is cancelled and recorded', async () => {
    const i = await t.engine.startInstance('ratio');
    await act(i.id, 'a', 'approve');
    expect(await outcome(i.id)).to.equal(undefined);
    await act(i.id, 'c', 'approve');
    expect(await outcome(i.id)).to.equal('approved');
    const history = await t.engine.history(i.id);
    const cancelled = history.filter((h) => h.type === 'taskCancelled');
    expect(cancelled).to.have.length(1);
    const created = history.filter((h) => h.type === 'taskCreated' && h.elementId === 'review');
    const bTask = created.find((h) => (h.data as { assignee?: string }).assignee === 'b')!.taskId;
    expect(cancelled[0]!.taskId).to.equal(bTask);
    expect(history.find((h) => h.type === 'stepCompleted')!.data).to.deep.include({ outcome: 'approved', approved: 2, instances: 3 });
  });

  it('比例 ratio 2/3: rejected as soon as two thirds can no longer be reached', async () => {
    const i = await t.engine.startInstance('ratio');
    await act(i.id, 'a', 'reject');
    expect(await outcome(i.id)).to.equal(undefined);
    await act(i.id, 'b', 'reject');
    expect(await outcome(i.id)).to.equal('rejected');
  });

  it('一票否决 vetoOnReject: one rejection ends the step at once', async () => {
    const i = await t.engine.startInstance('veto');
    await act(i.id, 'a', 'approve');
    await act(i.id, 'c', 'reject');
    expect(await outcome(i.id)).to.equal('rejected');
    expect((await open(i.id)).map((x) => x.element)).to.deep.equal(['denied']);
  });

  it('会签 among departments: one task per candidate group, claimable by its members only', async () => {
    const i = await t.engine.startInstance('groups');
    const tasks = await open(i.id);
    expect(tasks.map((x) => x.groups[0]).sort()).to.deep.equal(['fire:approver', 'health:approver', 'market:approver']);
    const market = tasks.find((x) => x.groups[0] === 'market:approver')!;
    const refused = await t.engine.completeTask(market.id, { userId: 'h1' }).catch((e: unknown) => e);
    expect((refused as { code: string }).code).to.equal('TASK_NOT_PERMITTED');
    await t.engine.completeTask(market.id, { userId: 'm2' });
    for (const x of tasks.filter((y) => y.id !== market.id)) await t.engine.completeTask(x.id, { userId: x.groups[0] === 'health:approver' ? 'h1' : 'f1' });
    expect(await outcome(i.id)).to.equal('approved');
  });

  it('custom completion condition in FEEL over the counters', async () => {
    const i = await t.engine.startInstance('custom');
    await act(i.id, 'a', 'approve');
    await act(i.id, 'b', 'reject');
    expect(await outcome(i.id)).to.equal(undefined);
    await act(i.id, 'd', 'approve');
    expect(await outcome(i.id)).to.equal('approved');
    expect(await open(i.id)).to.have.length(1); // c's task cancelled; "granted" open
  });

  it('signers from a collection with an element variable', async () => {
    const i = await t.engine.startInstance('collection', { variables: { reviewers: [{ id: 'x1' }, { id: 'x2' }] } });
    expect((await open(i.id)).map((x) => x.assignee).sort()).to.deep.equal(['x1', 'x2']);
  });
});
