/**
 * Remembered instances (engine/src/shell/instance-cache.ts): a task command on an instance
 * this engine ran recently is computed from the remembered row and written under a revision
 * guard. These tests hold it to what matters: a row that moved on in another engine is never
 * trusted, nothing computed from it stays, and the caller sees exactly what the ordinary path
 * would have told them.
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { createEngine, type Engine, type EngineError, ManualClock } from '../../../engine/src/index.js';
import type { Database } from '../../../engine/src/index.js';
import { InstanceCache } from '../../../engine/src/shell/instance-cache.js';
import * as sql from '../../../engine/src/store/sql.js';
import type { ProcessModel } from '../../../engine/src/model/types.js';
import type { InstanceRow } from '../../../engine/src/store/rows.js';
import { ownPool, roundTrips, testDatabase } from '../../support/db.js';
import { completeAt, trace } from '../../support/engine.js';

describe('engine: remembered instances', function () {
  let database: Database;
  let first: Engine;
  let second: Engine;
  let uncached: Engine;

  before(async () => {
    database = await testDatabase('instance_cache');
    const clock = new ManualClock();
    first = await createEngine({ database: ownPool(database, 3), clock, migrate: false });
    second = await createEngine({ database: ownPool(database, 3), clock, migrate: false });
    uncached = await createEngine({ database: ownPool(database, 3), clock, migrate: false, instanceCache: 0 });
    const xml = await readFile(new URL('../../../examples/food-business-licence/process.bpmn', import.meta.url), 'utf8');
    await first.deploy({ name: 'example', resources: [{ name: 'process.bpmn', xml }] });
  });
  after(async () => {
    for (const engine of [first, second, uncached]) await engine.close();
    await database.close();
  });

  const taskAt = async (instanceId: string, elementId: string) => (await first.queryTasks({ instanceId })).find((t) => t.elementId === elementId)!;

  it('does not trust a row another engine has moved on: the join fires once and every completion is recorded once', async () => {
    const i = await first.startInstance('food_business_licence');
    await completeAt(first, i.id, 'accept'); // `first` now remembers the three department tasks
    await completeAt(second, i.id, 'Task_MarketReview', { approved: true });
    await completeAt(second, i.id, 'Task_HealthReview', { approved: true });
    // Computed from the remembered row, Fire would be the first of three and the join would wait.
    await completeAt(first, i.id, 'Task_FireReview', { approved: true });
    const entered = await trace(first, i.id);
    expect(entered.filter((e) => e === 'Gateway_Join')).to.have.length(3);
    expect(entered.filter((e) => e === 'Gateway_Approved')).to.have.length(1);
    expect((await first.queryTasks({ instanceId: i.id })).map((t) => t.elementId)).to.deep.equal(['Task_Decide']);
    const completions = (await first.history(i.id)).filter((h) => h.type === 'taskCompleted').map((h) => h.elementId);
    expect(completions).to.deep.equal(['accept', 'Task_MarketReview', 'Task_HealthReview', 'Task_FireReview']);
    // And it goes on from the row as it really is.
    await completeAt(first, i.id, 'Task_Decide', { approved: true });
    expect((await first.getInstance(i.id))!.status).to.equal('completed');
  });

  it('reports what really happened when the remembered row is stale: already completed, by whom', async () => {
    const i = await first.startInstance('food_business_licence');
    const accept = await taskAt(i.id, 'accept');
    await second.completeTask(accept.id, { userId: 'clerk-b' });
    const failure = await first.completeTask(accept.id, { userId: 'clerk-a' }).then(
      () => undefined,
      (e: unknown) => e as EngineError,
    );
    expect(failure?.code).to.equal('TASK_ALREADY_COMPLETED');
    expect(failure?.message).to.include('clerk-b');
    expect((await first.history(i.id)).filter((h) => h.type === 'taskCompleted')).to.have.length(1);
  });

  it('reports a real error of the command itself, as without the cache', async () => {
    const i = await first.startInstance('food_business_licence');
    const accept = await taskAt(i.id, 'accept');
    await first.claimTask(accept.id, 'clerk-a');
    const failure = await first.claimTask(accept.id, 'clerk-b').then(
      () => undefined,
      (e: unknown) => e as EngineError,
    );
    const without = await uncached.claimTask(accept.id, 'clerk-b').then(
      () => undefined,
      (e: unknown) => e as EngineError,
    );
    expect(failure?.code).to.be.a('string').and.equal(without?.code);
    expect((await first.getTask(accept.id))!.assignee).to.equal('clerk-a');
  });

  it('is not changed by what a caller does with the instance it was given', async () => {
    const started = await first.startInstance('food_business_licence', { variables: { applicant: { name: '张三' } } });
    (started.variables.applicant as { name: string }).name = '李四';
    (started.variables as Record<string, unknown>).injected = true;
    await completeAt(first, started.id, 'accept', { approved: true }); // computed from the remembered row
    const variables = (await first.getInstance(started.id))!.variables;
    expect(variables.applicant).to.deep.equal({ name: '张三' });
    expect(variables).to.not.have.property('injected');
  });

  it('a task command on a remembered instance is one round trip (two without)', async () => {
    const a = await first.startInstance('food_business_licence');
    const b = await uncached.startInstance('food_business_licence');
    const taskA = await taskAt(a.id, 'accept');
    const taskB = await taskAt(b.id, 'accept');
    expect(await roundTrips(() => first.completeTask(taskA.id))).to.equal(1);
    expect(await roundTrips(() => uncached.completeTask(taskB.id))).to.equal(2);
  });

  describe('the remembered latest version of a process', () => {
    const tiny = (name: string) =>
      `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <process id="remembered_latest" name="${name}" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
    <userTask id="a"/><sequenceFlow id="f2" sourceRef="a" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`;

    it('starts on the version deployed meanwhile by another engine, not on the one it remembers', async () => {
      await first.deploy({ name: 'v1', resources: [{ name: 'p.bpmn', xml: tiny('one') }] });
      expect((await first.startInstance('remembered_latest')).definitionId).to.equal('remembered_latest:1');
      await second.deploy({ name: 'v2', resources: [{ name: 'p.bpmn', xml: tiny('two') }] });
      const started = await first.startInstance('remembered_latest');
      expect(started.definitionId).to.equal('remembered_latest:2');
      // The attempt on the remembered version left nothing behind.
      expect(await sql.queryInstances(database.knex, { processKey: 'remembered_latest' })).to.have.length(2);
      expect((await first.startInstance('remembered_latest')).definitionId).to.equal('remembered_latest:2');
    });

    it('a start by key is one round trip once the latest version is known', async () => {
      await first.startInstance('food_business_licence');
      expect(await roundTrips(() => first.startInstance('food_business_licence'))).to.equal(1);
      expect(await roundTrips(() => first.startInstance('food_business_licence', { version: 1 }))).to.equal(2);
    });
  });

  describe('what is kept', () => {
    const model = (kinds: string[]) => ({ nodes: new Map(kinds.map((kind, n) => [`n${n}`, { id: `n${n}`, kind }])) }) as unknown as ProcessModel;
    const row = (id: string, tasks: string[], extra: Partial<InstanceRow> = {}) =>
      ({
        id,
        rootId: id,
        parentId: null,
        status: 'active',
        rev: 3,
        state: { tasks: Object.fromEntries(tasks.map((t) => [t, { id: t }])) },
        ...extra,
      }) as unknown as InstanceRow;

    it('finds an instance by its open tasks, forgets it on eviction, and keeps at most its capacity (least recently used out)', () => {
      const cache = new InstanceCache(2);
      const plain = model(['startEvent', 'userTask']);
      cache.put(row('i1', ['t1', 't2']), plain);
      cache.put(row('i2', ['t3']), plain);
      expect(cache.forTask('t2')?.id).to.equal('i1'); // i1 is now the most recently used
      cache.put(row('i3', ['t4']), plain);
      expect(cache.forTask('t3')).to.equal(undefined);
      expect(cache.forTask('t1')?.id).to.equal('i1');
      cache.put(row('i1', ['t2'], { rev: 4 }), plain); // t1 completed
      expect(cache.forTask('t1')).to.equal(undefined);
      expect(cache.forTask('t2')?.rev).to.equal(4);
      cache.evict('i1');
      expect(cache.forTask('t2')).to.equal(undefined);
      expect(cache.size).to.equal(1);
    });

    it('keeps neither ended nor called instances, nor instances of processes with call activities, nor anything at capacity 0', () => {
      const cache = new InstanceCache(10);
      cache.put(row('ended', ['t1'], { status: 'completed' }), model(['userTask']));
      cache.put(row('child', ['t2'], { parentId: 'p' }), model(['userTask']));
      cache.put(row('caller', ['t3']), model(['userTask', 'callActivity']));
      expect(cache.size).to.equal(0);
      const off = new InstanceCache(0);
      off.put(row('i', ['t']), model(['userTask']));
      expect(off.forTask('t')).to.equal(undefined);
    });
  });
});
