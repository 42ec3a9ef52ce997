import { expect } from 'chai';
import {
  IDEMPOTENCY_HEADER, SIGNATURE_HEADER, sendWebhook, signWebhook, TIMESTAMP_HEADER, verifyWebhook, webhookAdapter, WebhookError,
} from '../../adapters/src/index.js';
import { BpmnError } from '../../engine/src/index.js';
import { json, LocalServer, sleep } from './support.js';

const SECRET = 'whsec-test-6f1c';
const job = { jobId: 'job-42', instanceId: 'inst-1', businessKey: 'BK-9', processKey: 'permit', elementId: 'notify', topic: 'dept.notify', variables: { applicant: '某某公司', amount: 12 } };

describe('adapters: signed HTTP webhook', function () {
  let server: LocalServer;
  before(async () => (server = await LocalServer.start()));
  after(() => server.close());
  beforeEach(() => server.reset((_r, res) => json(res, 200, {})));

  describe('signature', () => {
    const now = 1_772_000_000_000;
    const body = '{"a":1}';
    const ts = String(now);
    const signature = signWebhook(SECRET, ts, body);

    it('is sha256= and the hex HMAC over timestamp.body, and verifies', () => {
      expect(signature).to.match(/^sha256=[0-9a-f]{64}$/);
      expect(verifyWebhook({ secret: SECRET, body, signature, timestamp: ts, now })).to.deep.equal({ ok: true });
      expect(verifyWebhook({ secret: SECRET, body: Buffer.from(body), signature, timestamp: ts, now: now + 299_000 })).to.deep.equal({ ok: true });
    });

    it('refuses a changed body, another timestamp, another secret, stale or missing or malformed headers', () => {
      expect(verifyWebhook({ secret: SECRET, body: '{"a":2}', signature, timestamp: ts, now })).to.deep.equal({ ok: false, reason: 'mismatch' });
      expect(verifyWebhook({ secret: SECRET, body, signature, timestamp: String(now + 1), now })).to.deep.equal({ ok: false, reason: 'mismatch' });
      expect(verifyWebhook({ secret: 'other', body, signature, timestamp: ts, now })).to.deep.equal({ ok: false, reason: 'mismatch' });
      expect(verifyWebhook({ secret: SECRET, body, signature, timestamp: ts, now: now + 301_000 })).to.deep.equal({ ok: false, reason: 'stale' });
      expect(verifyWebhook({ secret: SECRET, body, signature: undefined, timestamp: ts, now })).to.deep.equal({ ok: false, reason: 'missing' });
      expect(verifyWebhook({ secret: SECRET, body, signature: 'sha1=abc', timestamp: ts, now })).to.deep.equal({ ok: false, reason: 'malformed' });
    });

    it('accepts any of several secrets during a rotation', () => {
      expect(verifyWebhook({ secret: ['new-secret', SECRET], body, signature, timestamp: ts, now }).ok).to.equal(true);
    });
  });

  it('POSTs the task as signed JSON with the job id as idempotency key; the receiver verifies it; answer variables come back', async () => {
    server.respond((_r, res) => json(res, 200, { variables: { accepted: true } }));
    const adapter = webhookAdapter('dept.notify', { url: `${server.url}/hooks/notify`, secret: SECRET });
    expect(await adapter.handle(job)).to.deep.equal({ accepted: true });
    const [request] = server.received;
    expect(request!.method).to.equal('POST');
    expect(request!.path).to.equal('/hooks/notify');
    expect(request!.headers[IDEMPOTENCY_HEADER.toLowerCase()]).to.equal('job-42');
    const verdict = verifyWebhook({
      secret: SECRET,
      body: request!.body,
      signature: request!.headers[SIGNATURE_HEADER.toLowerCase()] as string,
      timestamp: request!.headers[TIMESTAMP_HEADER.toLowerCase()] as string,
    });
    expect(verdict).to.deep.equal({ ok: true });
    expect(JSON.parse(request!.body)).to.deep.equal({
      id: 'job-42', topic: 'dept.notify', processInstanceId: 'inst-1', processDefinitionKey: 'permit', businessKey: 'BK-9', activityId: 'notify',
      variables: { applicant: '某某公司', amount: 12 },
    });
  });

  it('retries 5xx and 429 with back-off, each attempt freshly signed, the same idempotency key', async () => {
    server.respond((_r, res, n) => (n <= 2 ? json(res, n === 1 ? 503 : 429, {}) : json(res, 200, {})));
    const attempts: number[] = [];
    const result = await sendWebhook(
      { url: server.url, secret: SECRET, retry: { retries: 3, initialMs: 20, maxMs: 100 }, onAttempt: (a) => attempts.push(a.status!) },
      { idempotencyKey: 'k-1', body: { x: 1 } },
    );
    expect(result.attempts).to.equal(3);
    expect(attempts).to.deep.equal([503, 429, 200]);
    expect(new Set(server.received.map((r) => r.headers['idempotency-key']))).to.deep.equal(new Set(['k-1']));
    for (const r of server.received) {
      expect(verifyWebhook({ secret: SECRET, body: r.body, signature: r.headers['x-tongban-signature'] as string, timestamp: r.headers['x-tongban-timestamp'] as string }).ok).to.equal(true);
    }
  });

  it('a receiver that does not answer in time is a timeout, retried; when all attempts time out a retryable WebhookError', async () => {
    server.respond(async (_r, res, n) => {
      if (n === 1) await sleep(400);
      json(res, 200, { variables: { second: true } });
    });
    const started = Date.now();
    const result = await sendWebhook({ url: server.url, secret: SECRET, timeoutMs: 150, retry: { retries: 1, initialMs: 10 } }, { idempotencyKey: 'k-2', body: {} });
    expect(result.attempts).to.equal(2);
    expect(Date.now() - started).to.be.below(1_000);

    server.reset(async (_r, res) => {
      await sleep(400);
      json(res, 200, {});
    });
    let error: unknown;
    try {
      await sendWebhook({ url: server.url, secret: SECRET, timeoutMs: 100, retry: { retries: 1, initialMs: 10 } }, { idempotencyKey: 'k-3', body: {} });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(WebhookError);
    expect((error as WebhookError).retryable).to.equal(true);
    expect((error as Error).message).to.contain('did not answer within 100 ms');
    expect(server.received).to.have.length(2);
  });

  it('other 4xx are not retried; 422 with bpmnError raises that BPMN error', async () => {
    server.respond((_r, res) => json(res, 400, { error: 'bad' }));
    let error: unknown;
    try {
      await sendWebhook({ url: server.url, secret: SECRET, retry: { retries: 3, initialMs: 1 } }, { idempotencyKey: 'k', body: {} });
    } catch (e) {
      error = e;
    }
    expect((error as WebhookError).status).to.equal(400);
    expect((error as WebhookError).retryable).to.equal(false);
    expect(server.received).to.have.length(1);

    server.reset((_r, res) => json(res, 422, { bpmnError: { code: 'APPLICANT_BLACKLISTED', message: '失信被执行人' } }));
    try {
      await webhookAdapter('t', { url: server.url, secret: SECRET }).handle(job);
      expect.fail('no BPMN error');
    } catch (e) {
      expect(e).to.be.instanceOf(BpmnError);
      expect((e as BpmnError).errorCode).to.equal('APPLICANT_BLACKLISTED');
    }
  });

  it('sends only the variables named', async () => {
    await webhookAdapter('t', { url: server.url, secret: SECRET, variables: ['amount'] }).handle(job);
    expect(JSON.parse(server.received[0]!.body).variables).to.deep.equal({ amount: 12 });
  });
});
