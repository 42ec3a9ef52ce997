import { expect } from 'chai';
import * as sql from '../../../engine/src/store/sql.js';
import type { Database } from '../../../engine/src/store/index.js';
import { testDatabase } from '../../support/db.js';
import { at, history, instance, job, state, subscription, T0, task } from './fixtures.js';

describe('store: sql', function () {
  let db: Database;
  before(async function () {
    db = await testDatabase('sql');
  });
  after(async function () {
    await db?.close();
  });

  describe('deployments and definitions', function () {
    const def = (id: string, key: string, version: number, hash: string) => ({
      id,
      key,
      version,
      name: version === 1 ? null : `请假审批 v${version}`,
      deploymentId: 'dep-1',
      resource: 'leave.bpmn',
      xml: `<definitions id="${id}"/>`,
      hash,
      createdAt: at(version),
    });

    before(async function () {
      await sql.insertDeployment(db.knex, { id: 'dep-1', name: 'leave', createdAt: T0 });
      await sql.insertDefinition(db.knex, def('leave:1', 'leave', 1, 'h1'));
      await sql.insertDefinition(db.knex, def('leave:2', 'leave', 2, 'h2'));
      await sql.insertDefinition(db.knex, def('other:1', 'other', 1, 'h1'));
    });

    it('finds a definition by id, by key and version, and the latest', async function () {
      expect(await sql.findDefinitionById(db.knex, 'leave:1')).to.deep.equal(def('leave:1', 'leave', 1, 'h1'));
      // By key and version, as by key alone, a summary: the XML is read by id when a model is compiled.
      const { xml: _xml, ...summary } = def('leave:2', 'leave', 2, 'h2');
      expect(await sql.findDefinition(db.knex, 'leave', 2)).to.deep.equal(summary);
      expect((await sql.findLatestDefinition(db.knex, 'leave'))?.id).to.equal('leave:2');
      expect(await sql.findDefinitionById(db.knex, 'nope')).to.equal(undefined);
      expect(await sql.findDefinition(db.knex, 'leave', 3)).to.equal(undefined);
      expect(await sql.findLatestDefinition(db.knex, 'nope')).to.equal(undefined);
    });

    it('lists definitions without XML, by key then version', async function () {
      const all = await sql.listDefinitions(db.knex);
      expect(all.map((d) => d.id)).to.deep.equal(['leave:1', 'leave:2', 'other:1']);
      expect(all[0]).to.not.have.property('xml');
      const { xml: _xml, ...summary } = def('leave:2', 'leave', 2, 'h2');
      expect((await sql.listDefinitions(db.knex, { key: 'leave' }))[1]).to.deep.equal(summary);
      expect(await sql.listDefinitions(db.knex, { key: 'nope' })).to.deep.equal([]);
    });

    it('detects an identical redeploy only against the latest version', async function () {
      expect((await sql.findDefinitionByHash(db.knex, 'leave', 'h2'))?.id).to.equal('leave:2');
      expect(await sql.findDefinitionByHash(db.knex, 'leave', 'h1')).to.equal(undefined);
      expect((await sql.findDefinitionByHash(db.knex, 'other', 'h1'))?.id).to.equal('other:1');
    });

    it('refuses a second definition with the same key and version', async function () {
      const error = await sql.insertDefinition(db.knex, def('leave:2b', 'leave', 2, 'h3')).catch((e: unknown) => e);
      expect((error as { code?: string }).code).to.equal('23505');
    });
  });

  describe('instances', function () {
    it('round-trips an instance, including its jsonb state', async function () {
      const variables = {
        申请人: '张三',
        days: 3,
        ratio: 0.5,
        approved: true,
        nothing: null,
        list: [1, 'two', { three: 3 }],
        nested: { deep: { quote: `it's "quoted" \\ ?` } },
      };
      await sql.insertInstance(db.knex, instance('i-1', { businessKey: 'BK-1', state: state('i-1', variables) }));
      const row = await sql.getInstance(db.knex, 'i-1');
      expect(row).to.deep.equal({
        id: 'i-1',
        rootId: 'i-1',
        parentId: null,
        parentTokenId: null,
        definitionId: 'def-1',
        processKey: 'leave',
        businessKey: 'BK-1',
        status: 'active',
        state: state('i-1', variables),
        startedAt: T0,
        endedAt: null,
        rev: 0,
      });
      expect(row?.startedAt).to.be.instanceOf(Date);
      expect(await sql.getInstance(db.knex, 'nope')).to.equal(undefined);
    });

    it('locks, updates (bumping rev) and reads back in one transaction', async function () {
      await sql.insertInstance(db.knex, instance('i-2'));
      const rev = await db.knex.transaction(async (trx) => {
        const locked = await sql.lockInstance(trx, 'i-2');
        expect(locked?.state).to.deep.equal(state('i-2'));
        const ended = { ...state('i-2', { result: '准予' }), status: 'completed' as const, tokens: {} };
        return sql.updateInstance(trx, 'i-2', { status: 'completed', state: ended, endedAt: at(60) });
      });
      expect(rev).to.equal(1);
      const row = await sql.getInstance(db.knex, 'i-2');
      expect(row).to.include({ status: 'completed', rev: 1 });
      expect(row?.endedAt).to.deep.equal(at(60));
      expect(row?.state.tokens).to.deep.equal({});
      expect(row?.state.scopes['i-2']?.variables).to.deep.equal({ result: '准予' });
      expect(await sql.updateInstance(db.knex, 'i-2', { status: 'completed', state: row!.state })).to.equal(2);
      expect((await sql.getInstance(db.knex, 'i-2'))?.endedAt).to.equal(null);
      expect(await sql.lockInstance(db.knex, 'nope')).to.equal(undefined);
      expect(await sql.updateInstance(db.knex, 'nope', { status: 'active', state: state('nope') })).to.equal(undefined);
    });

    it('finds the child instance a call activity started, without its state', async function () {
      await sql.insertInstance(db.knex, instance('i-3'));
      await sql.insertInstance(db.knex, instance('i-3-child', { rootId: 'i-3', parentId: 'i-3', parentTokenId: 't9' }));
      const child = await sql.findChildInstance(db.knex, 'i-3', 't9');
      expect(child).to.include({ id: 'i-3-child', rootId: 'i-3', parentId: 'i-3', parentTokenId: 't9' });
      expect(child).to.not.have.property('state');
      expect(await sql.findChildInstance(db.knex, 'i-3', 't1')).to.equal(undefined);
    });

    it('queries instances by key, status, business key, root and parent, with paging', async function () {
      await sql.insertInstance(db.knex, instance('q-1', { processKey: 'permit', startedAt: at(1), businessKey: 'BK-Q' }));
      await sql.insertInstance(db.knex, instance('q-2', { processKey: 'permit', startedAt: at(2) }));
      await sql.insertInstance(db.knex, instance('q-3', { processKey: 'permit', startedAt: at(3), status: 'completed' }));
      const ids = async (q: sql.InstanceQuery) => (await sql.queryInstances(db.knex, q)).map((i) => i.id);
      expect(await ids({ processKey: 'permit' })).to.deep.equal(['q-3', 'q-2', 'q-1']);
      expect(await ids({ processKey: 'permit', status: 'active' })).to.deep.equal(['q-2', 'q-1']);
      expect(await ids({ businessKey: 'BK-Q' })).to.deep.equal(['q-1']);
      expect(await ids({ rootId: 'i-3' })).to.deep.equal(['i-3', 'i-3-child']);
      expect(await ids({ parentId: 'i-3' })).to.deep.equal(['i-3-child']);
      expect(await ids({ processKey: 'permit', limit: 1, offset: 1 })).to.deep.equal(['q-2']);
      expect((await sql.queryInstances(db.knex, { processKey: 'permit' }))[0]).to.not.have.property('state');
      const error = await sql.queryInstances(db.knex, { limit: -1 }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(RangeError);
    });
  });

  describe('tasks', function () {
    before(async function () {
      await sql.insertTasks(db.knex, [
        task('task-a', 'ti-1', { candidateGroups: ['窗口', 'clerks'], createdAt: at(1) }),
        task('task-b', 'ti-1', { candidateUsers: ['li'], candidateGroups: ['approvers'], createdAt: at(2), name: '审批' }),
        task('task-c', 'ti-2', {
          assignee: 'wang',
          businessKey: 'BK-9',
          processKey: 'permit',
          elementId: 'review',
          createdAt: at(2),
          dueAt: at(86400),
          priority: 80,
        }),
        task('task-d', 'ti-2', { candidateGroups: ['has,comma', 'quote"d'], createdAt: at(3) }),
      ]);
    });
    const ids = async (q: sql.TaskQuery) => (await sql.queryTasks(db.knex, q)).map((t) => t.id);

    it('round-trips every column, applying the defaults', async function () {
      expect(await sql.getTask(db.knex, 'task-c')).to.deep.equal({
        id: 'task-c',
        instanceId: 'ti-2',
        rootId: 'ti-2',
        definitionId: 'def-1',
        processKey: 'permit',
        elementId: 'review',
        name: null,
        tokenId: 't1',
        assignee: 'wang',
        candidateUsers: [],
        candidateGroups: [],
        businessKey: 'BK-9',
        createdAt: at(2),
        dueAt: at(86400),
        priority: 80,
        owner: null,
        delegationState: null,
        loopIndex: null,
      });
      expect(await sql.getTask(db.knex, 'task-b')).to.include({ name: '审批', priority: 50, assignee: null, dueAt: null, owner: null });
      expect(await sql.getTask(db.knex, 'nope')).to.equal(undefined);
    });

    it('orders by creation time, then id', async function () {
      expect(await ids({})).to.deep.equal(['task-a', 'task-b', 'task-c', 'task-d']);
      expect(await ids({ limit: 2, offset: 1 })).to.deep.equal(['task-b', 'task-c']);
    });

    it('filters by instance, assignee, process key, business key and element', async function () {
      expect(await ids({ instanceId: 'ti-1' })).to.deep.equal(['task-a', 'task-b']);
      expect(await ids({ assignee: 'wang' })).to.deep.equal(['task-c']);
      expect(await ids({ processKey: 'permit' })).to.deep.equal(['task-c']);
      expect(await ids({ businessKey: 'BK-9' })).to.deep.equal(['task-c']);
      expect(await ids({ elementId: 'review', instanceId: 'ti-2' })).to.deep.equal(['task-c']);
      expect(await ids({ elementId: 'review', instanceId: 'ti-1' })).to.deep.equal([]);
    });

    it('filters candidate groups by overlap, candidate users by membership, and both as either', async function () {
      expect(await ids({ candidateGroups: ['clerks'] })).to.deep.equal(['task-a']);
      expect(await ids({ candidateGroups: ['窗口', 'approvers', 'others'] })).to.deep.equal(['task-a', 'task-b']);
      expect(await ids({ candidateGroups: ['has,comma'] })).to.deep.equal(['task-d']);
      expect(await ids({ candidateGroups: ['quote"d'] })).to.deep.equal(['task-d']);
      expect(await ids({ candidateGroups: ['has'] })).to.deep.equal([]);
      expect(await ids({ candidateGroups: [] }), 'no groups match nothing').to.deep.equal([]);
      expect(await ids({ candidateUser: 'li' })).to.deep.equal(['task-b']);
      expect(await ids({ candidateUser: 'zhao' })).to.deep.equal([]);
      expect(await ids({ candidateUser: 'zhao', candidateGroups: ['clerks'] })).to.deep.equal(['task-a']);
      expect(await ids({ candidateUser: 'li', candidateGroups: ['clerks'] })).to.deep.equal(['task-a', 'task-b']);
      expect(await ids({ candidateUser: 'li', candidateGroups: ['clerks'], instanceId: 'ti-2' })).to.deep.equal([]);
    });

    it('deletes several tasks in one go, and nothing for an empty list', async function () {
      await sql.insertTasks(db.knex, [task('del-1', 'ti-3'), task('del-2', 'ti-3'), task('del-3', 'ti-3')]);
      expect(await sql.deleteTasks(db.knex, [])).to.equal(0);
      expect(await sql.deleteTasks(db.knex, ['del-1', 'del-3', 'nope'])).to.equal(2);
      expect(await ids({ instanceId: 'ti-3' })).to.deep.equal(['del-2']);
      await sql.insertTasks(db.knex, []);
    });
  });

  describe('jobs', function () {
    it('round-trips, queries by topic and instance, and deletes', async function () {
      await sql.insertJobs(db.knex, [
        job('job-1', 'ji-1', { createdAt: at(2) }),
        job('job-2', 'ji-1', { kind: 'script', topic: 'feel', script: '= a + 1', createdAt: at(1), dueAt: at(10) }),
        job('job-3', 'ji-2', { lockedBy: 'worker-1', lockExpiresAt: at(30), retries: 2, errorMessage: '超时' }),
      ]);
      const expected = {
        id: 'job-3',
        instanceId: 'ji-2',
        rootId: 'ji-2',
        kind: 'serviceTask',
        topic: 'notify',
        elementId: 'send',
        tokenId: 't2',
        script: null,
        createdAt: T0,
        dueAt: null,
        lockedBy: 'worker-1',
        lockExpiresAt: at(30),
        retries: 2,
        errorMessage: '超时',
      };
      // Only these columns: the job executor adds columns of its own (incidents) to job rows.
      const row = (await sql.getJob(db.knex, 'job-3')) as Record<string, unknown> | undefined;
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, row?.[k]]))).to.deep.equal(expected);
      expect(await sql.getJob(db.knex, 'job-2')).to.include({ script: '= a + 1', retries: null, lockedBy: null });
      const ids = async (q: { topic?: string; instanceId?: string }) => (await sql.queryJobs(db.knex, q)).map((j) => j.id);
      expect(await ids({ instanceId: 'ji-1' })).to.deep.equal(['job-2', 'job-1']);
      expect(await ids({ topic: 'notify' })).to.deep.equal(['job-3', 'job-1']);
      expect(await ids({ topic: 'notify', instanceId: 'ji-1' })).to.deep.equal(['job-1']);
      expect(await sql.deleteJobs(db.knex, ['job-1', 'job-2'])).to.equal(2);
      expect(await sql.getJob(db.knex, 'job-1')).to.equal(undefined);
      expect(await ids({})).to.deep.equal(['job-3']);
    });
    it('lists due, unleased jobs of the given kinds, oldest due first', async function () {
      await sql.insertJobs(db.knex, [
        job('due-1', 'ji-9', { kind: 'timer', dueAt: at(100) }),
        job('due-2', 'ji-9', { kind: 'timer', dueAt: at(50) }),
        job('due-3', 'ji-9', { kind: 'timer', dueAt: at(500) }),
        job('due-4', 'ji-9', { kind: 'timer', dueAt: at(10) }),
        job('due-5', 'ji-9', { kind: 'timer', dueAt: at(20), lockedBy: 'w', lockExpiresAt: at(200) }),
        job('due-6', 'ji-9', { kind: 'timer', dueAt: at(30), lockedBy: 'w', lockExpiresAt: at(150) }),
        job('due-7', 'ji-9', { kind: 'serviceTask', dueAt: at(1) }),
      ]);
      const ids = async (now: Date, limit = 10) =>
        (await sql.dueJobs(db.knex, { kinds: ['timer'], now, limit })).map((j) => j.id);
      expect(await ids(at(180))).to.deep.equal(['due-4', 'due-6', 'due-2', 'due-1']);
      expect(await ids(at(180), 2)).to.deep.equal(['due-4', 'due-6']);
      expect(await ids(at(5))).to.deep.equal([]);
      expect((await sql.dueJobs(db.knex, { kinds: ['timer', 'serviceTask'], now: at(15), limit: 10 })).map((j) => j.id))
        .to.deep.equal(['due-7', 'due-4']);
      expect(await sql.deleteJobs(db.knex, ['due-1', 'due-2', 'due-3', 'due-4', 'due-5', 'due-6', 'due-7'])).to.equal(7);
    });
  });

  describe('subscriptions', function () {
    it('round-trips and matches message name with, or explicitly without, a correlation key', async function () {
      await sql.insertSubscriptions(db.knex, [
        subscription('sub-1', 'si-1', { correlationKey: 'BK-1', createdAt: at(2) }),
        subscription('sub-2', 'si-2', { correlationKey: 'BK-2' }),
        subscription('sub-3', 'si-3', { createdAt: at(1) }),
        subscription('sub-4', 'si-4', { createdAt: at(0) }),
        subscription('sub-5', 'si-5', { name: 'other' }),
        subscription('sub-6', 'si-6', { kind: 'signal', correlationKey: 'BK-1' }),
      ]);
      expect(await sql.getSubscription(db.knex, 'sub-1')).to.deep.equal({
        id: 'sub-1',
        instanceId: 'si-1',
        rootId: 'si-1',
        kind: 'message',
        name: 'materialsSupplied',
        correlationKey: 'BK-1',
        elementId: 'wait',
        tokenId: 't3',
        createdAt: at(2),
      });
      const ids = async (key: string | null) =>
        (await sql.findMessageSubscriptions(db.knex, 'materialsSupplied', key)).map((s) => s.id);
      expect(await ids('BK-1')).to.deep.equal(['sub-1']);
      expect(await ids(null)).to.deep.equal(['sub-4', 'sub-3']);
      expect(await ids('BK-3')).to.deep.equal([]);
      expect(await sql.deleteSubscriptions(db.knex, ['sub-1', 'sub-4'])).to.equal(2);
      expect(await ids('BK-1')).to.deep.equal([]);
      expect(await ids(null)).to.deep.equal(['sub-3']);
      expect(await sql.getSubscription(db.knex, 'sub-1')).to.equal(undefined);
    });
  });

  describe('history', function () {
    it('appends events and reads them back in insertion order', async function () {
      await sql.insertHistory(db.knex, [
        history('hi-1', 'instanceStarted', { data: { variables: { 申请人: '张三', list: [1, 2] } } }),
        history('hi-1', 'taskCreated', { elementId: 'approve', elementType: 'userTask', tokenId: 't1', taskId: 'ht-1' }),
        history('hi-2', 'instanceStarted'),
      ]);
      await sql.insertHistory(db.knex, [
        history('hi-1', 'taskCompleted', { taskId: 'ht-1', userId: 'li', time: at(5), data: { outcome: 'approve' } }),
      ]);
      await sql.insertHistory(db.knex, []);
      const events = await sql.listHistory(db.knex, 'hi-1');
      expect(events.map((e) => e.type)).to.deep.equal(['instanceStarted', 'taskCreated', 'taskCompleted']);
      expect(events.map((e) => e.id)).to.satisfy((xs: number[]) => xs.every((x, i) => typeof x === 'number' && (i === 0 || x > xs[i - 1]!)));
      const { id: _id, ...created } = events[1]!;
      expect(created).to.deep.equal({
        instanceId: 'hi-1',
        rootId: 'hi-1',
        type: 'taskCreated',
        elementId: 'approve',
        elementType: 'userTask',
        tokenId: 't1',
        taskId: 'ht-1',
        userId: null,
        data: null,
        time: T0,
      });
      expect(events[0]?.data).to.deep.equal({ variables: { 申请人: '张三', list: [1, 2] } });
      expect(await sql.listHistory(db.knex, 'nope')).to.deep.equal([]);
    });

    it('copies the lifecycle and decided steps to the outbox in the same statement, in order, from both writers', async function () {
      await sql.insertHistory(db.knex, [
        history('ho-1', 'instanceStarted', { userId: 'zhang' }),
        history('ho-1', 'elementEntered', { elementId: 'accept' }),
        history('ho-1', 'stepCompleted', { elementId: 'accept', userId: 'li', data: { outcome: 'approve' } }),
      ]);
      const empty = { instanceInserts: [], instanceUpdates: [], taskDeletes: [], taskInserts: [], taskUpserts: [], jobDeletes: [], jobInserts: [], subscriptionDeletes: [], subscriptionInserts: [], notifications: [] };
      await sql.writeUnit(db.knex, { ...empty, history: [history('ho-1', 'taskCompleted', { taskId: 'x' }), history('ho-1', 'instanceCompleted', { time: at(9) })] });
      const outbox = await sql.queryOutbox(db.knex, { aggregateId: 'ho-1' });
      expect(outbox.map((e) => [e.source, e.type, e.instanceId, e.rootId])).to.deep.equal([
        ['instance', 'instanceStarted', 'ho-1', 'ho-1'],
        ['instance', 'stepCompleted', 'ho-1', 'ho-1'],
        ['instance', 'instanceCompleted', 'ho-1', 'ho-1'],
      ]);
      expect(outbox[0]!.data).to.deep.equal({ userId: 'zhang' });
      expect(outbox[1]!.data).to.deep.equal({ elementId: 'accept', userId: 'li', data: { outcome: 'approve' } });
      expect(outbox[2]!.occurredAt).to.deep.equal(at(9));
    });

    it('finds the latest end of a task, telling "already completed" from "no such task"', async function () {
      await sql.insertHistory(db.knex, [
        history('hi-3', 'taskCreated', { taskId: 'ht-3' }),
        history('hi-3', 'taskCancelled', { taskId: 'ht-3' }),
        history('hi-3', 'taskCompleted', { taskId: 'ht-3', userId: 'wang' }),
        history('hi-3', 'variablesSet', { taskId: 'ht-3' }),
      ]);
      expect(await sql.findTaskHistory(db.knex, 'ht-3')).to.include({ type: 'taskCompleted', userId: 'wang' });
      expect(await sql.findTaskHistory(db.knex, 'ht-1')).to.include({ type: 'taskCompleted', userId: 'li' });
      await sql.insertHistory(db.knex, [history('hi-4', 'taskCreated', { taskId: 'ht-4' })]);
      expect(await sql.findTaskHistory(db.knex, 'ht-4')).to.equal(undefined);
      expect(await sql.findTaskHistory(db.knex, 'nope')).to.equal(undefined);
    });
  });

  it('rolls every write back with its transaction', async function () {
    const failure = new Error('step failed');
    const caught = await db.knex
      .transaction(async (trx) => {
        await sql.insertInstance(trx, instance('rb-1'));
        await sql.insertTasks(trx, [task('rb-task', 'rb-1')]);
        await sql.insertHistory(trx, [history('rb-1', 'instanceStarted')]);
        throw failure;
      })
      .catch((e: unknown) => e);
    expect(caught).to.equal(failure);
    expect(await sql.getInstance(db.knex, 'rb-1')).to.equal(undefined);
    expect(await sql.getTask(db.knex, 'rb-task')).to.equal(undefined);
    expect(await sql.listHistory(db.knex, 'rb-1')).to.deep.equal([]);
  });
});
