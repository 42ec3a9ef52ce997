import { expect } from 'chai';
import { createEngine, type Database, type Engine, ManualClock } from '../../../engine/src/index.js';
import { ownPool, testDatabase } from '../../support/db.js';
import { deployXml } from '../../support/engine.js';
import { CHECK, OTHER, sleep } from './support.js';

const MINUTE = 60_000;

describe('engine/external: long polling', function () {
  this.timeout(30_000);
  let database: Database;
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  let engine: Engine;
  let other: Engine;

  before(async () => {
    database = await testDatabase('external_long_poll');
    engine = await createEngine({ database: ownPool(database), clock, migrate: false });
    other = await createEngine({ database: ownPool(database), clock, migrate: false });
    await deployXml(engine, CHECK, 'check.bpmn');
    await deployXml(engine, OTHER, 'other.bpmn');
    // A poll interval far longer than the tests: only a notification can wake a poll in time.
    engine.externalTasks.configure({ pollIntervalMs: 60_000 });
    other.externalTasks.configure({ pollIntervalMs: 60_000 });
  });
  after(async () => {
    await engine.close();
    await other.close();
    await database.close();
  });

  const poll = (e: Engine, timeout: number, signal?: AbortSignal) =>
    e.externalTasks.fetchAndLock({ workerId: 'poller', maxTasks: 5, asyncResponseTimeout: timeout, topics: [{ topicName: 'licence.check', lockDuration: MINUTE }] }, signal ? { signal } : {});

  it('answers [] at the timeout when nothing comes', async () => {
    const started = Date.now();
    expect(await poll(engine, 300)).to.deep.equal([]);
    expect(Date.now() - started).to.be.within(280, 5_000);
  });

  it('is woken by a new task of its topic, inserted by another engine, long before its poll interval', async () => {
    const started = Date.now();
    const waiting = poll(engine, 20_000);
    await sleep(200);
    expect(engine.externalTasks.waiting).to.equal(1);
    const i = await other.startInstance('ext_check');
    const [task] = await waiting;
    expect(task!.processInstanceId).to.equal(i.id);
    expect(Date.now() - started).to.be.below(5_000);
    await engine.externalTasks.complete(task!.id, 'poller');
  });

  it('is not answered by a task of another topic', async () => {
    const waiting = poll(engine, 600);
    await sleep(100);
    await other.startInstance('ext_other');
    expect(await waiting).to.deep.equal([]);
  });

  it('an unlock wakes pollers of the topic', async () => {
    const i = await engine.startInstance('ext_check');
    const [task] = await other.externalTasks.fetchAndLock({ workerId: 'holder', maxTasks: 1, topics: [{ topicName: 'licence.check', lockDuration: MINUTE }] });
    const waiting = poll(engine, 20_000);
    await sleep(150);
    const started = Date.now();
    await other.externalTasks.unlock(task!.id);
    const [again] = await waiting;
    expect(again!.processInstanceId).to.equal(i.id);
    expect(Date.now() - started).to.be.below(5_000);
    await engine.externalTasks.complete(again!.id, 'poller');
  });

  it('ends early when its signal aborts (the HTTP client went away)', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = poll(engine, 20_000, controller.signal);
    await sleep(100);
    controller.abort();
    expect(await waiting).to.deep.equal([]);
    expect(Date.now() - started).to.be.below(5_000);
    expect(engine.externalTasks.waiting).to.equal(0);
  });

  it('ends when the engine closes', async () => {
    const closing = await createEngine({ database: ownPool(database), clock, migrate: false });
    closing.externalTasks.configure({ pollIntervalMs: 60_000 });
    const started = Date.now();
    const waiting = poll(closing, 20_000);
    await sleep(100);
    await closing.close();
    expect(await waiting).to.deep.equal([]);
    expect(Date.now() - started).to.be.below(5_000);
  });
});
