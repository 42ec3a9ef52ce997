/**
 * The outbox of the provincial data exchange (省级数据共享交换, DESIGN §4): case and instance
 * events written in the same transaction as what they report, then pushed in batches by a
 * pusher (`@tongban/adapters`' `ProvincialExchangePusher`) that may run in any engine process.
 *
 * - Instance events (started, completed, terminated, withdrawn, suspended, resumed, a step
 *   decided, an incident) are copied from history by migration 006's trigger: no command can
 *   forget them, and a rolled-back command leaves none.
 * - Case events (受理, 补正, 办结 …, which the engine does not know) are appended by the caller,
 *   inside its own transaction when it passes `trx`.
 * - Delivery: a pusher leases a batch (`FOR UPDATE SKIP LOCKED`, lowest sequence first) for a
 *   while, and marks it delivered or failed with the next attempt's time; a pusher that died
 *   leaves a lease that runs out. Delivery is at least once: receivers dedupe by `id`.
 * Time is the engine's clock.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { EngineError } from '../errors.js';
import type { Database } from '../store/database.js';
import * as sql from '../store/sql.js';
import type { OutboxRow } from '../store/sql.js';
import { requireInt, requireText } from './validate.js';

export type OutboxEvent = OutboxRow;

export interface NewCaseEvent {
  /** e.g. `caseAccepted`, `caseSupplementRequested`, `caseConcluded`. */
  readonly type: string;
  /** The case number (办件编号), or whatever identifies the aggregate at the receiver. */
  readonly aggregateId: string;
  readonly instanceId?: string;
  readonly rootId?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  /** Default: the engine's now. */
  readonly occurredAt?: Date;
}

export interface UndeliveredReport {
  /** Events older than this are reported. */
  readonly since: Date;
  readonly count: number;
  /** The oldest of them, at most `limit`. */
  readonly events: OutboxEvent[];
}

/** Default age after which an undelivered event is reported: 12 hours. */
export const DEFAULT_UNDELIVERED_AFTER_MS = 12 * 3_600_000;

export class Outbox {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** Appends case events; pass the caller's transaction to commit them with the change they report. */
  async append(events: readonly NewCaseEvent[], options: { trx?: Knex.Transaction } = {}): Promise<void> {
    const now = this.clock.now();
    const rows = events.map((e, i) => {
      requireText(e.type, `events[${i}].type`);
      requireText(e.aggregateId, `events[${i}].aggregateId`);
      if (e.data !== undefined && (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data))) {
        throw new EngineError('INVALID_ARGUMENT', `events[${i}].data must be an object.`, { field: `events[${i}].data` });
      }
      return {
        source: 'case' as const,
        type: e.type,
        aggregateId: e.aggregateId,
        instanceId: e.instanceId ?? null,
        rootId: e.rootId ?? e.instanceId ?? null,
        data: e.data ?? null,
        occurredAt: e.occurredAt ?? now,
      };
    });
    await sql.appendOutbox(options.trx ?? this.database.knex, rows);
  }

  /** Leases up to `limit` due undelivered events for `leaseMs`, in sequence order. */
  lease(options: { workerId: string; limit: number; leaseMs: number }): Promise<OutboxEvent[]> {
    const now = this.clock.now();
    return sql.leaseOutbox(this.database.knex, {
      workerId: requireText(options.workerId, 'workerId'),
      now,
      lockExpiresAt: new Date(now.getTime() + requireInt(options.leaseMs, 'leaseMs', 1, 86_400_000)),
      limit: requireInt(options.limit, 'limit', 1, 10_000),
    });
  }

  /** Marks leased events delivered; returns how many were still this worker's. */
  markDelivered(ids: readonly number[], workerId: string): Promise<number> {
    return sql.markOutboxDelivered(this.database.knex, ids, workerId, this.clock.now());
  }

  /** Gives leased events back after a failed delivery, to be tried again at `retryAt`. */
  markFailed(ids: readonly number[], workerId: string, error: string, retryAt: Date): Promise<number> {
    return sql.markOutboxFailed(this.database.knex, ids, workerId, error.slice(0, 4_000), retryAt);
  }

  /** Events still undelivered `olderThanMs` after they occurred (default 12 hours). */
  async undelivered(options: { olderThanMs?: number; limit?: number } = {}): Promise<UndeliveredReport> {
    const since = new Date(this.clock.now().getTime() - requireInt(options.olderThanMs ?? DEFAULT_UNDELIVERED_AFTER_MS, 'olderThanMs', 0, 366 * 86_400_000));
    const { count, events } = await sql.undeliveredOutbox(this.database.knex, since, requireInt(options.limit ?? 100, 'limit', 0, 10_000));
    return { since, count, events };
  }

  /** Deletes events delivered more than `olderThanMs` ago; returns how many. */
  prune(options: { olderThanMs: number }): Promise<number> {
    return sql.pruneOutbox(this.database.knex, new Date(this.clock.now().getTime() - requireInt(options.olderThanMs, 'olderThanMs', 0, Number.MAX_SAFE_INTEGER)));
  }

  /** Events by sequence, for inspection. */
  query(query: { delivered?: boolean; aggregateId?: string; limit?: number } = {}): Promise<OutboxEvent[]> {
    return sql.queryOutbox(this.database.knex, query);
  }
}
