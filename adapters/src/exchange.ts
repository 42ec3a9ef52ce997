/**
 * Provincial data exchange (省级数据共享交换): pushes the engine's outbox (case and instance
 * events, written in the same transaction as the event — engine README "External tasks") to
 * the province's endpoint in batches.
 *
 * - A batch is leased (other pushers, in this or another process, skip it), POSTed as one
 *   signed JSON request (the webhook's signature headers; `Idempotency-Key` names the batch),
 *   and marked delivered on 2xx. On failure the batch is given back with the next attempt's
 *   time (back-off doubling per attempt of its most-tried event), and the pusher stops for this
 *   round rather than overtaking the events that failed (order is per sequence `id`).
 * - Delivery is at least once: a receiver dedupes by event `id` (a response lost after the
 *   province stored the batch means it comes again).
 * - `report()` lists what is still undelivered after `undeliveredAfterMs` (default 12 hours):
 *   supervision must see a province that stopped receiving before the monthly reconciliation does.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Backoff, backoffDelay, nonNegative, sleep } from './backoff.js';
import { sendWebhook, WebhookError } from './webhook.js';

/** An outbox event as `engine.outbox` hands it out. */
export interface ExchangeEvent {
  readonly id: number;
  readonly source: 'instance' | 'case';
  readonly type: string;
  readonly aggregateId: string;
  readonly instanceId: string | null;
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly occurredAt: Date;
  readonly attempts: number;
  readonly processKey?: string | null;
  readonly businessKey?: string | null;
}

/** What the pusher needs of the outbox: `engine.outbox` is one. */
export interface OutboxSource {
  lease(options: { workerId: string; limit: number; leaseMs: number }): Promise<readonly ExchangeEvent[]>;
  markDelivered(ids: readonly number[], workerId: string): Promise<number>;
  markFailed(ids: readonly number[], workerId: string, error: string, retryAt: Date): Promise<number>;
  undelivered(options: { olderThanMs?: number; limit?: number }): Promise<{ since: Date; count: number; events: readonly ExchangeEvent[] }>;
}

export interface ProvincialExchangeOptions {
  readonly outbox: OutboxSource;
  /** The province's endpoint (http(s)). */
  readonly url: string;
  /** Shared secret for the signature. */
  readonly secret: string;
  /** Events per request (default 100). */
  readonly batchSize?: number;
  /** Per request (default 10,000 ms). */
  readonly timeoutMs?: number;
  /** Pause before a failed batch is tried again: `initialMs` doubling per attempt, at most `maxMs` (default 30 s … 1 h). */
  readonly backoff?: Partial<Pick<Backoff, 'initialMs' | 'maxMs'>>;
  /** How long a batch is leased (default 60 s; longer than `timeoutMs`). */
  readonly leaseMs?: number;
  /** Report events undelivered this long after they occurred (default 12 hours). */
  readonly undeliveredAfterMs?: number;
  /** The clock the outbox compares with: pass the engine's (default the system clock). */
  readonly clock?: { now(): Date };
  readonly workerId?: string;
  /** Pause between rounds of `start()` when idle (default 5,000 ms). */
  readonly intervalMs?: number;
  readonly fetch?: typeof fetch;
  /** Hears failures of `start()`'s rounds (default: console.error). */
  readonly onError?: (error: unknown) => void;
}

export interface PushResult {
  readonly delivered: number;
  readonly failed: number;
  readonly batches: number;
}

export class ProvincialExchangePusher {
  readonly workerId: string;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly backoff: Pick<Backoff, 'initialMs' | 'maxMs'>;
  private readonly clock: { now(): Date };
  private running: Promise<void> | undefined;
  private stopping: AbortController | undefined;

  constructor(private readonly options: ProvincialExchangeOptions) {
    this.workerId = options.workerId ?? `exchange:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.batchSize = nonNegative(options.batchSize ?? 100, 'batchSize') || 1;
    this.leaseMs = nonNegative(options.leaseMs ?? 60_000, 'leaseMs');
    this.backoff = { initialMs: 30_000, maxMs: 3_600_000, ...options.backoff };
    this.clock = options.clock ?? { now: () => new Date() };
  }

  /** Leases and sends one batch. */
  async pushOnce(): Promise<PushResult> {
    const events = await this.options.outbox.lease({ workerId: this.workerId, limit: this.batchSize, leaseMs: this.leaseMs });
    if (events.length === 0) return { delivered: 0, failed: 0, batches: 0 };
    const ids = events.map((e) => e.id);
    try {
      await sendWebhook(
        { url: this.options.url, secret: this.options.secret, timeoutMs: this.options.timeoutMs ?? 10_000, retry: { retries: 0 }, ...(this.options.fetch ? { fetch: this.options.fetch } : {}) },
        { idempotencyKey: `outbox-${ids[0]}-${ids[ids.length - 1]}-${ids.length}`, body: { sentAt: this.clock.now().toISOString(), events: events.map(wire) } },
      );
    } catch (error) {
      const attempts = Math.max(...events.map((e) => e.attempts));
      const retryAt = new Date(this.clock.now().getTime() + backoffDelay(this.backoff, attempts));
      const message = error instanceof WebhookError || error instanceof Error ? error.message : String(error);
      await this.options.outbox.markFailed(ids, this.workerId, message, retryAt);
      return { delivered: 0, failed: events.length, batches: 1 };
    }
    const delivered = await this.options.outbox.markDelivered(ids, this.workerId);
    return { delivered, failed: 0, batches: 1 };
  }

  /** Sends batches until none is due or one fails. */
  async drain(): Promise<PushResult> {
    let delivered = 0;
    let batches = 0;
    for (;;) {
      const round = await this.pushOnce();
      delivered += round.delivered;
      batches += round.batches;
      if (round.failed > 0) return { delivered, failed: round.failed, batches };
      if (round.batches === 0) return { delivered, failed: 0, batches };
    }
  }

  /** Events still undelivered after `undeliveredAfterMs` (default 12 hours): how many, and the oldest. */
  report(limit = 100): Promise<{ since: Date; count: number; events: readonly ExchangeEvent[] }> {
    return this.options.outbox.undelivered({ olderThanMs: this.options.undeliveredAfterMs ?? 12 * 3_600_000, limit });
  }

  /** Pushes in the background until `stop()`. */
  start(): void {
    if (this.running) return;
    const stopping = new AbortController();
    this.stopping = stopping;
    const onError = this.options.onError ?? ((error: unknown) => console.error('[tongban exchange]', error));
    this.running = (async () => {
      while (!stopping.signal.aborted) {
        try {
          const round = await this.drain();
          if (round.batches > 0 && round.failed === 0) continue;
        } catch (error) {
          onError(error);
        }
        await sleep(this.options.intervalMs ?? 5_000, stopping.signal);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.running;
    this.running = undefined;
  }
}

function wire(e: ExchangeEvent) {
  return {
    id: e.id,
    source: e.source,
    type: e.type,
    aggregateId: e.aggregateId,
    instanceId: e.instanceId,
    processKey: e.processKey ?? null,
    businessKey: e.businessKey ?? null,
    occurredAt: e.occurredAt.toISOString(),
    data: e.data,
  };
}
