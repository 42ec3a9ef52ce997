import { expect } from 'chai';
import { processXml } from '../../support/bpmn.js';
import { deployXml, type TestEngine, testEngine } from '../../support/engine.js';

/** The inbox and notifications as the approval commands leave them: 委派 and 抄送 end to end. */
describe('engine: inbox after approval commands', function () {
  let t: TestEngine;
  before(async () => {
    t = await testEngine('inbox_approvals');
    await deployXml(
      t.engine,
      processXml('single', `<startEvent id="s"/><userTask id="one" name="审核" tongban:assignee="zhang"/><userTask id="next"/>`, ['s->one', 'one->next']),
      'single.bpmn',
    );
  });
  after(() => t.close());

  const inboxIds = async (userId: string, scope?: 'mine' | 'candidate' | 'all') =>
    (await t.engine.inbox({ userId, ...(scope ? { scope } : {}) })).tasks.map((task) => task.id);

  it('delegated: in the delegate\'s inbox as theirs, in the owner\'s under all marked by owner; back to the owner on resolve', async () => {
    const instance = await t.engine.startInstance('single');
    const [task] = await t.engine.queryTasks({ instanceId: instance.id });
    await t.engine.delegateTask(task!.id, 'wang', { userId: 'zhang' });

    expect(await inboxIds('wang', 'mine')).to.deep.equal([task!.id]);
    expect(await inboxIds('zhang', 'mine')).to.deep.equal([]);
    const [owned] = (await t.engine.inbox({ userId: 'zhang' })).tasks;
    expect(owned).to.include({ id: task!.id, assignee: 'wang', owner: 'zhang', delegationState: 'pending' });
    expect(await t.engine.inboxCounts({ userId: 'zhang' })).to.deep.equal({ mine: 0, candidate: 0, overdue: 0 });

    await t.engine.resolveTask(task!.id, { userId: 'wang' });
    expect(await inboxIds('wang')).to.deep.equal([]);
    expect(await inboxIds('zhang', 'mine')).to.deep.equal([task!.id]);
    await t.engine.completeTask(task!.id, { userId: 'zhang' });
    expect(await inboxIds('zhang')).to.deep.equal([]);
  });

  it('CC: each user and group named gets a notice they can list and mark read', async () => {
    const instance = await t.engine.startInstance('single');
    const [task] = await t.engine.queryTasks({ instanceId: instance.id });
    await t.engine.ccTask(task!.id, { users: ['supervisor'], groups: ['market:approver'] }, { userId: 'zhang', comment: '请知悉' });

    const [mine] = await t.engine.listNotifications({ userId: 'supervisor', instanceId: instance.id });
    expect(mine).to.include({ kind: 'cc', recipientUser: 'supervisor', sender: 'zhang', comment: '请知悉', taskId: task!.id, readAt: null });
    const [group] = await t.engine.listNotifications({ userId: 'm1', groups: ['market:approver'], instanceId: instance.id });
    expect(group).to.include({ kind: 'cc', recipientGroup: 'market:approver', sender: 'zhang' });
    expect(await t.engine.listNotifications({ userId: 'zhang', instanceId: instance.id })).to.deep.equal([]);

    await t.engine.markNotificationRead(mine!.id, { userId: 'supervisor' });
    expect(await t.engine.listNotifications({ userId: 'supervisor', unreadOnly: true, instanceId: instance.id })).to.deep.equal([]);
  });
});
