/**
 * What the executor needs from the engine, and no more: the database and clock, the retry
 * policy, ids, and a way to run one leased job as one engine command. Keeps `jobs/` testable
 * and keeps the engine's internals (units of work, instance locks) behind `Engine`.
 */
import type { Clock } from '../clock.js';
import type { Database } from '../store/database.js';
import type { JobRow } from '../store/rows.js';
import type { RetryPolicy } from './retry-policy.js';

export interface JobHost {
  readonly database: Database;
  readonly clock: Clock;
  readonly retryPolicy: RetryPolicy;
  newId(): string;
  /**
   * Runs a job in one transaction: locks its instance tree, re-reads the job under a row lock
   * only if `workerId` still holds its lease, dispatches the job's command and commits.
   * Returns false when the job is gone (fired, cancelled) or its lease was taken over; throws
   * (after rolling back) when running it failed.
   */
  runLeasedJob(job: JobRow, workerId: string): Promise<boolean>;
}
