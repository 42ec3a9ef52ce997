/**
 * What the external-task and outbox services need from the engine: its database and clock,
 * ids, the job retry policy, and its command machinery (one transaction, retried on deadlock;
 * the instance tree locked as every command locks it). Keeps `Engine` the only owner of units
 * of work while the protocol lives in this folder.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { RetryPolicy } from '../jobs/retry-policy.js';
import type { UnitOfWork } from '../shell/unit-of-work.js';
import type { Database } from '../store/database.js';

export interface ExternalTaskHost {
  readonly database: Database;
  readonly clock: Clock;
  readonly retryPolicy: RetryPolicy;
  newId(): string;
  /** Runs `work` in one transaction at the engine clock's `now`, retried on deadlock. */
  transaction<T>(work: (trx: Knex.Transaction, now: Date) => Promise<T>): Promise<T>;
  /** Locks the root of the instance's call tree and loads the instance into a unit of work. */
  lockTree(trx: Knex.Transaction, now: Date, rootId: string, instanceId: string): Promise<UnitOfWork>;
}
