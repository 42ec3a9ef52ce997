import { expect } from 'chai';
import { ProvincialExchangePusher, verifyWebhook } from '../../adapters/src/index.js';
import type { Engine, ManualClock } from '../../engine/src/index.js';
import { processXml } from '../support/bpmn.js';
import { completeAt, deployXml, testEngine, type TestEngine } from '../support/engine.js';
import { type Answer, json, LocalServer } from './support.js';

const HOUR = 3_600_000;
const SECRET = 'province-secret-77';
const CASE = processXml('exchange_case', `<startEvent id="s"/><userTask id="review"/><endEvent id="e"/>`, ['s->review', 'review->e']);

interface Batch {
  sentAt: string;
  events: Array<{ id: number; source: string; type: string; aggregateId: string; businessKey: string | null; processKey: string | null }>;
}

describe('adapters: provincial data exchange (outbox)', function () {
  let t: TestEngine;
  let engine: Engine;
  let clock: ManualClock;
  let server: LocalServer;
  const batches: Batch[] = [];
  let pusher: ProvincialExchangePusher;

  before(async () => {
    t = await testEngine('adapters_exchange');
    engine = t.engine;
    clock = t.clock;
    server = await LocalServer.start();
    await deployXml(engine, CASE, 'case.bpmn');
    pusher = new ProvincialExchangePusher({ outbox: engine.outbox, url: `${server.url}/exchange`, secret: SECRET, batchSize: 3, clock, backoff: { initialMs: 30_000, maxMs: HOUR } });
  });
  after(async () => {
    await server.close();
    await t.close();
  });
  /** The province: verifies the signature, keeps the batch. */
  const accept: Answer = (r, res) => {
    const ok = verifyWebhook({ secret: SECRET, body: r.body, signature: r.headers['x-tongban-signature'] as string, timestamp: r.headers['x-tongban-timestamp'] as string });
    if (!ok.ok) return json(res, 401, {});
    batches.push(JSON.parse(r.body) as Batch);
    json(res, 200, { accepted: true });
  };
  beforeEach(async () => {
    server.reset(accept);
    clock.advance(24 * HOUR);
    await pusher.drain(); // what earlier tests left
    batches.length = 0;
    server.reset();
  });

  it('instance events are written with the command that causes them; case events with the caller transaction, or not at all', async () => {
    const i = await engine.startInstance('exchange_case', { businessKey: 'SZ2026-0042' });
    await completeAt(engine, i.id, 'review');
    await engine.outbox.append([{ type: 'caseAccepted', aggregateId: 'SZ2026-0042', instanceId: i.id, data: { channel: 'window' } }]);
    try {
      await engine.database.knex.transaction(async (trx) => {
        await engine.outbox.append([{ type: 'caseConcluded', aggregateId: 'SZ2026-0042' }], { trx });
        throw new Error('the case update failed');
      });
    } catch {
      // rolled back: the event must be gone with it
    }
    const pending = await engine.outbox.query({ delivered: false });
    const mine = pending.filter((e) => e.aggregateId === i.id || e.aggregateId === 'SZ2026-0042');
    expect(mine.map((e) => `${e.source}:${e.type}`)).to.deep.equal(['instance:instanceStarted', 'instance:stepCompleted', 'instance:instanceCompleted', 'case:caseAccepted']);
    expect(mine[0]!.rootId).to.equal(i.id);
  });

  it('delivers in batches of batchSize, signed, in sequence order, and marks them delivered', async () => {
    for (let n = 0; n < 2; n++) await engine.startInstance('exchange_case', { businessKey: `B-${n}` });
    await engine.outbox.append([1, 2, 3].map((n) => ({ type: 'caseAccepted', aggregateId: `C-${n}` })));
    const pending = (await engine.outbox.query({ delivered: false })).length;
    const result = await pusher.drain();
    expect(result.delivered).to.equal(pending);
    expect(batches).to.have.length(Math.ceil(pending / 3));
    expect(batches.slice(0, -1).every((b) => b.events.length === 3)).to.equal(true);
    const ids = batches.flatMap((b) => b.events.map((e) => e.id));
    expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
    expect(batches.flatMap((b) => b.events).find((e) => e.type === 'instanceStarted')!.businessKey).to.match(/^B-/);
    expect(await engine.outbox.query({ delivered: false })).to.have.length(0);
  });

  it('a failed batch is given back with a back-off and delivered on a later attempt; nothing is lost or overtaken', async () => {
    await engine.outbox.append([{ type: 'caseAccepted', aggregateId: 'F-1' }, { type: 'caseAccepted', aggregateId: 'F-2' }]);
    let calls = 0;
    server.respond((r, res, n) => (++calls <= 2 ? json(res, 503, {}) : accept(r, res, n)));
    expect(await pusher.drain()).to.deep.include({ delivered: 0, failed: 2 });
    const [event] = await engine.outbox.query({ delivered: false });
    expect(event!.attempts).to.equal(1);
    expect(event!.lastError).to.contain('503');
    expect(event!.nextAttemptAt!.getTime()).to.equal(clock.now().getTime() + 30_000);
    expect((await pusher.drain()).batches).to.equal(0); // not due yet
    clock.advance(30_000);
    expect(await pusher.drain()).to.deep.include({ failed: 2 }); // second failure: 60 s now
    expect((await engine.outbox.query({ delivered: false }))[0]!.nextAttemptAt!.getTime()).to.equal(clock.now().getTime() + 60_000);
    clock.advance(60_000);
    expect(await pusher.drain()).to.deep.include({ delivered: 2, failed: 0 });
    expect(batches.flatMap((b) => b.events.map((e) => e.aggregateId))).to.deep.equal(['F-1', 'F-2']);
  });

  it('reports events undelivered after 12 hours (configurable)', async () => {
    server.respond((_r, res) => json(res, 503, {}));
    await engine.outbox.append([{ type: 'caseConcluded', aggregateId: 'LATE-1' }]);
    await pusher.drain();
    expect((await pusher.report()).count).to.equal(0);
    clock.advance(12 * HOUR - 1);
    expect((await pusher.report()).count).to.equal(0);
    clock.advance(2);
    const report = await pusher.report();
    expect(report.count).to.equal(1);
    expect(report.events[0]).to.deep.include({ aggregateId: 'LATE-1', type: 'caseConcluded' });
    expect(report.since.getTime()).to.equal(clock.now().getTime() - 12 * HOUR);
    const soon = new ProvincialExchangePusher({ outbox: engine.outbox, url: server.url, secret: SECRET, clock, undeliveredAfterMs: HOUR });
    expect((await soon.report()).count).to.equal(1);
  });
});
