/**
 * The acceptance test for push and pull adapters: a department server that fails half
 * of the calls and sometimes times out after it already acted. Every effect must happen exactly
 * once per task (the receiver dedupes by Idempotency-Key, which must stay the same across
 * in-process retries, engine retries and worker re-fetches); when retries run out an incident
 * appears, and retrying clears it.
 */
import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import { ExternalTaskWorker, registerAdapter, verifyWebhook, webhookAdapter } from '../../adapters/src/index.js';
import type { Engine, ManualClock } from '../../engine/src/index.js';
import { processXml } from '../support/bpmn.js';
import { deployXml, testEngine, type TestEngine } from '../support/engine.js';
import { json, LocalServer, type Received, sleep } from './support.js';

const SECRET = 'dept-secret-9a2e';
const PULL = processXml('hook_pull', `<startEvent id="s"/><serviceTask id="register" tongban:topic="dept.pull"/><userTask id="done"/>`, ['s->register', 'register->done']);
const PUSH = processXml('hook_push', `<startEvent id="s"/><serviceTask id="register" tongban:topic="dept.push" tongban:async="before"/><userTask id="done"/>`, ['s->register', 'register->done']);

/** The department: applies each request's effect once per Idempotency-Key, answering the same again. */
class Department {
  readonly effects = new Map<string, number>();
  readonly keysSeen = new Set<string>();
  readonly attemptsByKey = new Map<string, number>();
  down = false;
  badSignatures = 0;
  /** global: every odd call fails, every fourth acts then answers late. perKey: each key's 1st call fails, 2nd acts then answers late, 3rd answers. */
  mode: 'global' | 'perKey' = 'global';

  answer = async (r: Received, res: ServerResponse, n: number) => {
    const ok = verifyWebhook({ secret: SECRET, body: r.body, signature: r.headers['x-tongban-signature'] as string, timestamp: r.headers['x-tongban-timestamp'] as string });
    if (!ok.ok) {
      this.badSignatures++;
      return json(res, 401, {});
    }
    const key = r.headers['idempotency-key'] as string;
    this.keysSeen.add(key);
    const attempt = (this.attemptsByKey.get(key) ?? 0) + 1;
    this.attemptsByKey.set(key, attempt);
    const fail = this.mode === 'global' ? n % 2 === 1 : attempt === 1;
    const late = this.mode === 'global' ? n % 4 === 0 : attempt === 2;
    if (this.down || fail) return json(res, 503, { error: 'busy' }); // half of the calls fail
    if (!this.effects.has(key)) this.effects.set(key, 1); // the effect, once per key
    if (late) await sleep(250); // acted, but answers too late: the caller times out
    json(res, 200, { variables: { registrationNo: `REG-${key}` } });
  };
}

describe('adapters: exactly-once effects against a flaky department', function () {
  this.timeout(60_000);
  let t: TestEngine;
  let engine: Engine;
  let clock: ManualClock;
  let server: LocalServer;
  let department: Department;

  before(async () => {
    t = await testEngine('adapters_exactly_once');
    engine = t.engine;
    clock = t.clock;
    server = await LocalServer.start();
    await deployXml(engine, PULL, 'pull.bpmn');
    await deployXml(engine, PUSH, 'push.bpmn');
  });
  after(async () => {
    await server.close();
    await t.close();
  });
  beforeEach(() => {
    department = new Department();
    server.reset(department.answer);
  });

  const hook = (topic: string, retries = 1) => webhookAdapter(topic, { url: `${server.url}/register`, secret: SECRET, timeoutMs: 100, retry: { retries, initialMs: 5, maxMs: 20 } });

  async function expectAllDone(ids: string[]) {
    for (const id of ids) {
      const instance = (await engine.getInstance(id))!;
      expect(instance.activeElementIds, id).to.deep.equal(['done']);
      expect(String(instance.variables.registrationNo)).to.match(/^REG-/);
    }
  }

  it('pull: an external-task worker runs the webhook outside any transaction; each task acts once', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 8; n++) ids.push((await engine.startInstance('hook_pull', { businessKey: `P-${n}` })).id);
    const worker = new ExternalTaskWorker(engine.externalTasks, { adapters: [hook('dept.pull', 3)], lockDuration: 60_000 });
    for (let round = 0; round < 20 && (await engine.externalTasks.query({ topicName: 'dept.pull' })).length > 0; round++) {
      await worker.drain();
      clock.advance(60_000); // past any back-off the engine's policy set after a failure report
    }
    await expectAllDone(ids);
    expect(department.effects.size).to.equal(8);
    for (const [key, count] of department.effects) expect(count, key).to.equal(1);
    expect(department.keysSeen.size).to.equal(8); // one key per task, however many attempts
    expect(department.badSignatures).to.equal(0);
    expect(server.received.length).to.be.greaterThan(8);
  });

  it('push: with tongban:async the executor runs the webhook, retries it on failure, and each task acts once', async () => {
    department.mode = 'perKey';
    registerAdapter(engine, hook('dept.push', 0));
    const ids: string[] = [];
    for (let n = 0; n < 8; n++) ids.push((await engine.startInstance('hook_push', { businessKey: `Q-${n}` })).id);
    for (let round = 0; round < 20; round++) {
      await engine.runDueJobs();
      const waiting = (await Promise.all(ids.map((id) => engine.getInstance(id)))).filter((i) => !i!.activeElementIds.includes('done'));
      if (waiting.length === 0) break;
      clock.advance(60_000);
    }
    await expectAllDone(ids);
    expect(department.effects.size).to.equal(8);
    for (const [, count] of department.effects) expect(count).to.equal(1);
    // The task's job id is the key: rolled back and tried again, it is the same id.
    expect(department.keysSeen.size).to.equal(8);
    for (const [key, attempts] of department.attemptsByKey) expect(attempts, key).to.equal(3); // failed, timed out, answered
  });

  it('when the department stays down an incident opens; once it is back, retrying clears it and the task acts once', async () => {
    department.down = true;
    const i = await engine.startInstance('hook_pull');
    const worker = new ExternalTaskWorker(engine.externalTasks, { adapters: [hook('dept.pull', 0)] });
    for (let attempt = 0; attempt < 6; attempt++) {
      await worker.drain();
      clock.advance(60_000);
    }
    const [incident] = await engine.queryIncidents({ instanceId: i.id, open: true });
    expect(incident!.message).to.contain('answered 503');
    const attempts = server.received.length;
    expect(attempts).to.equal(4); // the policy's first attempt and three retries
    await worker.drain();
    expect(server.received.length).to.equal(attempts); // not fetched while the incident is open

    department.down = false;
    server.reset(department.answer);
    const [task] = await engine.externalTasks.query({ processInstanceId: i.id });
    await engine.externalTasks.setRetries(task!.id, 3, { userId: 'ops-01' });
    for (let round = 0; round < 5 && (await engine.externalTasks.query({ processInstanceId: i.id })).length > 0; round++) {
      await worker.drain();
      clock.advance(60_000);
    }
    expect(await engine.queryIncidents({ instanceId: i.id, open: true })).to.have.length(0);
    expect((await engine.getInstance(i.id))!.activeElementIds).to.deep.equal(['done']);
    expect([...department.effects.values()]).to.deep.equal([1]);
  });
});
