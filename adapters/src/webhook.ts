/**
 * Signed HTTP webhook: POSTs a task's work to a department system.
 *
 * Every request carries
 * - `X-Tongban-Timestamp`: Unix time in milliseconds when this attempt was signed;
 * - `X-Tongban-Signature`: `sha256=` + hex HMAC-SHA256 with the shared secret over
 *   `timestamp + "." + body` (the exact bytes sent). Binding the timestamp stops replays of an
 *   old request; binding the body stops tampering. Receivers check it with `verifyWebhook`.
 * - `Idempotency-Key`: the job id — the same on every retry, in-process or by the engine, so
 *   the receiver applies the effect once however often the request arrives.
 *
 * Answers: 2xx is done (a JSON body's `variables` object becomes process variables); 422 with
 * `{ "bpmnError": { "code", "message" } }` raises that BPMN error; 408, 425, 429, 5xx, network
 * errors and timeouts are retried here with back-off, then thrown (the engine retries again
 * later); other answers are thrown at once. Nothing here logs: `onAttempt` hears status and
 * timing only, never the secret, signature or body.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BpmnError } from '@tongban/engine';
import { type Backoff, backoffDelay, nonNegative, sleep } from './backoff.js';
import type { DepartmentAdapter, JobContext, Variables } from './contract.js';

export const SIGNATURE_HEADER = 'X-Tongban-Signature';
export const TIMESTAMP_HEADER = 'X-Tongban-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** `sha256=<hex>` over `timestamp + "." + body`. */
export function signWebhook(secret: string, timestamp: string, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret).update(timestamp).update('.').update(body);
  return `sha256=${mac.digest('hex')}`;
}

export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export interface VerifyInput {
  /** The shared secret, or several during a rotation (any may match). */
  readonly secret: string | readonly string[];
  /** The raw request body as received — not re-serialised JSON. */
  readonly body: string | Uint8Array;
  readonly signature: string | undefined | null;
  readonly timestamp: string | undefined | null;
  /** How far the timestamp may be from now, either way (default 5 minutes). */
  readonly toleranceMs?: number;
  readonly now?: number;
}

/** For receivers: is this request from us, unaltered and recent? Constant-time comparison. */
export function verifyWebhook(input: VerifyInput): VerifyResult {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^\d{1,16}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed' };
  const skew = Math.abs((input.now ?? Date.now()) - Number(timestamp));
  if (skew > (input.toleranceMs ?? 300_000)) return { ok: false, reason: 'stale' };
  const given = Buffer.from(signature);
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  for (const secret of secrets) {
    const expected = Buffer.from(signWebhook(secret, timestamp, input.body));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}

export interface WebhookOptions {
  /** http(s) URL of the department's endpoint. */
  readonly url: string;
  readonly secret: string;
  /** Per attempt (default 5,000 ms). */
  readonly timeoutMs?: number;
  /** In-process retries and back-off (default 2 retries, 200 ms doubling, at most 5 s). */
  readonly retry?: Partial<Backoff>;
  /** Extra headers (e.g. an API key of the receiver). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Names of the variables to send (default: every variable visible at the task). */
  readonly variables?: readonly string[];
  readonly fetch?: typeof fetch;
  /** Hears each attempt's outcome: for logs and metrics (no secrets in it). */
  readonly onAttempt?: (info: { attempt: number; status?: number; error?: string; ms: number }) => void;
}

export interface WebhookResult {
  readonly status: number;
  readonly body: unknown;
  readonly attempts: number;
}

/** A webhook that failed: `retryable` when trying again later may help. */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

const RETRYABLE = new Set([408, 425, 429]);

/** POSTs `body` as JSON, signed, with retries; resolves on 2xx, throws `WebhookError` or `BpmnError`. */
export async function sendWebhook(options: WebhookOptions, request: { idempotencyKey: string; body: unknown }): Promise<WebhookResult> {
  const url = new URL(options.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookError(`Webhook URLs must be http(s), got ${url.protocol}`, undefined, false);
  const timeoutMs = nonNegative(options.timeoutMs ?? 5_000, 'timeoutMs');
  const policy: Backoff = { retries: 2, initialMs: 200, maxMs: 5_000, ...options.retry };
  nonNegative(policy.retries, 'retry.retries');
  const doFetch = options.fetch ?? fetch;
  const payload = JSON.stringify(request.body);
  let last: WebhookError | undefined;
  for (let attempt = 1; attempt <= policy.retries + 1; attempt++) {
    if (attempt > 1) await sleep(backoffDelay(policy, attempt - 1));
    const started = Date.now();
    const timestamp = String(started);
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: {
          ...options.headers,
          'content-type': 'application/json; charset=utf-8',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(options.secret, timestamp, payload),
          [IDEMPOTENCY_HEADER]: request.idempotencyKey,
        },
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      options.onAttempt?.({ attempt, status: response.status, ms: Date.now() - started });
      const body = parseJson(text);
      if (response.ok) return { status: response.status, body, attempts: attempt };
      const bpmn = bpmnErrorOf(response.status, body);
      if (bpmn) throw bpmn;
      last = new WebhookError(`Webhook ${url.host} answered ${response.status}`, response.status, response.status >= 500 || RETRYABLE.has(response.status));
      if (!last.retryable) throw last;
    } catch (error) {
      if (error instanceof BpmnError || (error instanceof WebhookError && !error.retryable)) throw error;
      if (!(error instanceof WebhookError)) {
        const timedOut = (error as Error).name === 'TimeoutError';
        options.onAttempt?.({ attempt, error: timedOut ? 'timeout' : (error as Error).message, ms: Date.now() - started });
        last = new WebhookError(timedOut ? `Webhook ${url.host} did not answer within ${timeoutMs} ms` : `Webhook ${url.host} failed: ${(error as Error).message}`, undefined, true);
      }
    }
  }
  throw last!;
}

/** The adapter: POSTs the task (id, topic, instance, business key, element, variables) to `options.url`. */
export function webhookAdapter(topic: string, options: WebhookOptions): DepartmentAdapter {
  return {
    topic,
    async handle(job: JobContext): Promise<Variables | void> {
      const variables = options.variables ? pick(job.variables, options.variables) : job.variables;
      const result = await sendWebhook(options, {
        idempotencyKey: job.jobId,
        body: {
          id: job.jobId,
          topic: job.topic,
          processInstanceId: job.instanceId,
          processDefinitionKey: job.processKey,
          businessKey: job.businessKey ?? null,
          activityId: job.elementId,
          variables,
        },
      });
      const answer = result.body as { variables?: unknown } | undefined;
      if (answer && typeof answer.variables === 'object' && answer.variables !== null && !Array.isArray(answer.variables)) return answer.variables as Variables;
    },
  };
}

function bpmnErrorOf(status: number, body: unknown): BpmnError | undefined {
  if (status !== 422 || typeof body !== 'object' || body === null) return undefined;
  const error = (body as { bpmnError?: { code?: unknown; message?: unknown } }).bpmnError;
  if (!error || typeof error.code !== 'string' || error.code === '') return undefined;
  return new BpmnError(error.code, typeof error.message === 'string' ? error.message : undefined);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function pick(variables: Readonly<Variables>, names: readonly string[]): Variables {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (Object.prototype.hasOwnProperty.call(variables, name)) picked[name] = variables[name];
  return picked;
}
