import { expect } from 'chai';
import { processXml } from '../../support/bpmn.js';
import { deployXml, type TestEngine, testEngine } from '../../support/engine.js';
import { DAY, HOUR, ids, insertTasks, taskRow } from './support.js';

/**
 * engine.inbox / inboxCounts on a small, hand-made population: tasks created by running
 * processes (assignee, candidate users and groups from the model), plus rows inserted
 * directly for due dates, priorities and delegations.
 *
 * 张三 (zhangsan) is a 科员 of 审批科 and a 受理员 at the window; 李四 (lisi) is 审批科's 科长.
 */
describe('engine: inbox', function () {
  let t: TestEngine;
  let now: Date;
  const zhang = { userId: 'zhangsan', groups: ['审批科:科员', '窗口:受理员'] };
  const li = { userId: 'lisi', groups: ['审批科:科长'] };
  /** Task ids by role in the scenario. */
  const id: Record<string, string> = {};

  before(async () => {
    t = await testEngine('inbox');
    now = t.clock.now();
    await deployXml(
      t.engine,
      processXml('review', `<startEvent id="s"/><userTask id="check" name="审核" tongban:assignee="zhangsan"/><endEvent id="e"/>`, ['s->check', 'check->e']),
      'review.bpmn',
    );
    await deployXml(
      t.engine,
      processXml('intake', `<startEvent id="s"/><userTask id="accept" name="受理" tongban:candidateGroups="窗口:受理员"/><endEvent id="e"/>`, ['s->accept', 'accept->e']),
      'intake.bpmn',
    );
    await deployXml(
      t.engine,
      processXml(
        'approve',
        `<startEvent id="s"/><userTask id="sign" name="审批" tongban:candidateUsers="zhangsan, lisi" tongban:candidateGroups="审批科:科长"/><endEvent id="e"/>`,
        ['s->sign', 'sign->e'],
      ),
      'approve.bpmn',
    );
    const start = async (key: string, businessKey: string) => {
      const instance = await t.engine.startInstance(key, { businessKey });
      t.clock.advance(60_000); // distinct creation times
      return (await t.engine.queryTasks({ instanceId: instance.id }))[0]!.id;
    };
    id.assigned = await start('review', 'BK-1');
    id.window = await start('intake', 'BK-2');
    id.byName = await start('approve', 'BK-3');
    t.clock.set(now); // due dates below are relative to the clock's start

    const at = (ms: number) => new Date(now.getTime() + ms);
    const rows = [
      taskRow('d-overdue', { createdAt: at(-5 * DAY), assignee: 'zhangsan', dueAt: at(-DAY), priority: 80 }),
      taskRow('d-later', { createdAt: at(-4 * DAY), assignee: 'zhangsan', dueAt: at(2 * DAY), priority: 20, processKey: 'permit', elementId: 'review' }),
      taskRow('d-group', { createdAt: at(-3 * DAY), candidateGroups: ['审批科:科员'], dueAt: at(DAY), businessKey: 'BK-9' }),
      taskRow('d-taken', { createdAt: at(-3 * DAY), assignee: 'wangwu', candidateGroups: ['审批科:科员'], dueAt: at(DAY) }),
      taskRow('d-delegated', { createdAt: at(-2 * DAY), assignee: 'zhaoliu', owner: 'zhangsan', delegationState: 'pending', dueAt: at(-2 * HOUR), priority: 90 }),
      taskRow('d-resolved', { createdAt: at(-2 * DAY), assignee: 'zhangsan', owner: 'zhangsan', delegationState: 'resolved', dueAt: at(3 * DAY) }),
      taskRow('d-both', { createdAt: at(-DAY), candidateUsers: ['zhangsan'], candidateGroups: ['审批科:科员'] }),
    ];
    await insertTasks(t.engine, rows);
  });
  after(() => t.close());

  describe('scopes', () => {
    it('all: assigned to me, offered to me or my groups, and delegated by me — not tasks someone else took', async () => {
      const page = await t.engine.inbox(zhang);
      expect(page.total).to.equal(9);
      expect(ids(page.tasks)).to.have.members([
        id.assigned, id.window, id.byName, 'd-overdue', 'd-later', 'd-group', 'd-delegated', 'd-resolved', 'd-both',
      ]);
      expect(ids(page.tasks)).not.to.include('d-taken');
    });

    it('mine: assigned to me, including a delegation handed back to me', async () => {
      const page = await t.engine.inbox({ ...zhang, scope: 'mine' });
      expect(ids(page.tasks)).to.have.members([id.assigned, 'd-overdue', 'd-later', 'd-resolved']);
      expect(page.total).to.equal(4);
    });

    it('candidate: unassigned and offered to me by name or to one of my groups, each task once', async () => {
      const page = await t.engine.inbox({ ...zhang, scope: 'candidate' });
      expect(ids(page.tasks)).to.have.members([id.window, id.byName, 'd-group', 'd-both']);
      expect(page.total).to.equal(4);
    });

    it('a task offered to the user by name and to their group appears once', async () => {
      const page = await t.engine.inbox({ ...li, scope: 'candidate' });
      expect(ids(page.tasks)).to.deep.equal([id.byName]);
    });

    it('without groups, only what names the user', async () => {
      expect(ids((await t.engine.inbox({ userId: 'zhangsan', scope: 'candidate' })).tasks).sort()).to.deep.equal(['d-both', id.byName].sort());
      expect(await t.engine.inbox({ userId: 'nobody', groups: [] })).to.deep.equal({ tasks: [], total: 0 });
    });

    it('a delegated task is in the delegate\'s own inbox, and in the owner\'s under all, marked by owner', async () => {
      const [delegate] = (await t.engine.inbox({ userId: 'zhaoliu', scope: 'mine' })).tasks;
      expect(delegate).to.include({ id: 'd-delegated', assignee: 'zhaoliu', owner: 'zhangsan', delegationState: 'pending' });
      const owners = (await t.engine.inbox(zhang)).tasks.find((task) => task.id === 'd-delegated');
      expect(owners).to.include({ assignee: 'zhaoliu', owner: 'zhangsan' });
      expect(ids((await t.engine.inbox({ ...zhang, scope: 'mine' })).tasks)).not.to.include('d-delegated');
    });
  });

  describe('sorting and paging', () => {
    it('by due date by default, earliest first, tasks without a due date last (then by id)', async () => {
      const page = await t.engine.inbox(zhang);
      const dated = ['d-overdue', 'd-delegated', 'd-group', 'd-later', 'd-resolved'];
      const undated = [id.assigned, id.window, id.byName, 'd-both'].sort();
      expect(ids(page.tasks)).to.deep.equal([...dated, ...undated]);
    });

    it('descending by due date still puts tasks without a due date last', async () => {
      const page = await t.engine.inbox({ ...zhang, direction: 'desc' });
      expect(ids(page.tasks).slice(0, 5)).to.deep.equal(['d-resolved', 'd-later', 'd-group', 'd-delegated', 'd-overdue']);
      expect(page.tasks.slice(5).every((task) => task.dueAt === null)).to.equal(true);
    });

    it('by creation time, either way', async () => {
      const asc = ids((await t.engine.inbox({ ...zhang, sort: 'createdAt' })).tasks);
      expect(asc.slice(0, 2)).to.deep.equal(['d-overdue', 'd-later']);
      expect(asc.slice(-3)).to.deep.equal([id.assigned, id.window, id.byName]);
      const desc = ids((await t.engine.inbox({ ...zhang, sort: 'createdAt', direction: 'desc' })).tasks);
      expect(desc.slice(0, 3)).to.deep.equal([id.byName, id.window, id.assigned]);
    });

    it('by priority, highest first unless asked otherwise, ties by due date', async () => {
      const page = ids((await t.engine.inbox({ ...zhang, sort: 'priority' })).tasks);
      expect(page.slice(0, 2)).to.deep.equal(['d-delegated', 'd-overdue']);
      expect(page.at(-1)).to.equal('d-later');
      expect(page.slice(2, 4)).to.deep.equal(['d-group', 'd-resolved']); // priority 50, by due date
      expect(ids((await t.engine.inbox({ ...zhang, sort: 'priority', direction: 'asc' })).tasks)[0]).to.equal('d-later');
    });

    it('pages through the same order with a constant total, and past the end still counts', async () => {
      const whole = ids((await t.engine.inbox(zhang)).tasks);
      const seen: string[] = [];
      for (let offset = 0; offset < 12; offset += 4) {
        const page = await t.engine.inbox({ ...zhang, limit: 4, offset });
        expect(page.total).to.equal(9);
        seen.push(...ids(page.tasks));
      }
      expect(seen).to.deep.equal(whole);
      expect(await t.engine.inbox({ ...zhang, limit: 4, offset: 40 })).to.deep.equal({ tasks: [], total: 9 });
    });

    it('returns 20 by default', async () => {
      await insertTasks(
        t.engine,
        Array.from({ length: 25 }, (_, k) => taskRow(`bulk-${String(k).padStart(2, '0')}`, { createdAt: now, assignee: 'bulk-user' })),
      );
      const page = await t.engine.inbox({ userId: 'bulk-user' });
      expect(page.tasks).to.have.length(20);
      expect(page.total).to.equal(25);
      expect(ids((await t.engine.inbox({ userId: 'bulk-user', offset: 20 })).tasks)).to.deep.equal(['bulk-20', 'bulk-21', 'bulk-22', 'bulk-23', 'bulk-24']);
    });
  });

  describe('filters', () => {
    it('by process, business key and element', async () => {
      expect(ids((await t.engine.inbox({ ...zhang, processKey: 'intake' })).tasks)).to.deep.equal([id.window]);
      expect(ids((await t.engine.inbox({ ...zhang, businessKey: 'BK-9' })).tasks)).to.deep.equal(['d-group']);
      expect(ids((await t.engine.inbox({ ...zhang, elementId: 'review' })).tasks)).to.deep.equal(['d-later']);
      expect(ids((await t.engine.inbox({ ...zhang, processKey: 'permit', scope: 'candidate' })).tasks)).to.deep.equal([]);
    });

    it('by due date, strictly before and after; tasks without one never match', async () => {
      const at = (ms: number) => new Date(now.getTime() + ms);
      expect(ids((await t.engine.inbox({ ...zhang, dueBefore: at(DAY) })).tasks)).to.deep.equal(['d-overdue', 'd-delegated']);
      expect(ids((await t.engine.inbox({ ...zhang, dueAfter: at(DAY) })).tasks)).to.deep.equal(['d-later', 'd-resolved']);
      const window = await t.engine.inbox({ ...zhang, dueAfter: at(-3 * HOUR), dueBefore: at(2 * DAY) });
      expect(ids(window.tasks)).to.deep.equal(['d-delegated', 'd-group']);
      expect(window.total).to.equal(2);
    });

    it('overdue by the engine clock, and not overdue (including no due date)', async () => {
      expect(ids((await t.engine.inbox({ ...zhang, overdue: true })).tasks)).to.deep.equal(['d-overdue', 'd-delegated']);
      expect((await t.engine.inbox({ ...zhang, overdue: false })).total).to.equal(7);
      t.clock.set(new Date(now.getTime() + DAY + HOUR)); // d-group is due a day after the start
      try {
        expect(ids((await t.engine.inbox({ ...zhang, overdue: true })).tasks)).to.deep.equal(['d-overdue', 'd-delegated', 'd-group']);
      } finally {
        t.clock.set(now);
      }
    });
  });

  describe('counts', () => {
    it('mine, candidate, and overdue among everything in scope all', async () => {
      expect(await t.engine.inboxCounts(zhang)).to.deep.equal({ mine: 4, candidate: 4, overdue: 2 });
      expect(await t.engine.inboxCounts(li)).to.deep.equal({ mine: 0, candidate: 1, overdue: 0 });
      expect(await t.engine.inboxCounts({ userId: 'zhaoliu' })).to.deep.equal({ mine: 1, candidate: 0, overdue: 1 });
    });

    it('follow the engine clock', async () => {
      t.clock.set(new Date(now.getTime() + 4 * DAY));
      try {
        expect(await t.engine.inboxCounts(zhang)).to.deep.equal({ mine: 4, candidate: 4, overdue: 5 });
      } finally {
        t.clock.set(now);
      }
    });

    it('agree with the totals of the inbox', async () => {
      const counts = await t.engine.inboxCounts(zhang);
      expect((await t.engine.inbox({ ...zhang, scope: 'mine' })).total).to.equal(counts.mine);
      expect((await t.engine.inbox({ ...zhang, scope: 'candidate' })).total).to.equal(counts.candidate);
      expect((await t.engine.inbox({ ...zhang, overdue: true })).total).to.equal(counts.overdue);
    });
  });

  it('a completed task leaves the inbox', async () => {
    const instance = await t.engine.startInstance('review', { businessKey: 'BK-done' });
    const [task] = await t.engine.queryTasks({ instanceId: instance.id });
    expect(ids((await t.engine.inbox({ ...zhang, businessKey: 'BK-done' })).tasks)).to.deep.equal([task!.id]);
    await t.engine.completeTask(task!.id, { userId: 'zhangsan', outcome: 'approve' });
    expect(await t.engine.inbox({ ...zhang, businessKey: 'BK-done' })).to.deep.equal({ tasks: [], total: 0 });
  });
});
