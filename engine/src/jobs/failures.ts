/**
 * A failed job, an incident, and a person's retry (DESIGN §2 jobs/).
 *
 * A job's own transaction rolled back when it failed, so the failure is written in a second,
 * short one: retries left, when to try again, the error message, and the end of the lease.
 * When no retry is left, the same transaction opens an incident and records it in the
 * instance's history, so that supervision sees a stuck case and an auditor sees why.
 */
import { EngineError } from '../errors.js';
import type { JobRow } from '../store/rows.js';
import * as sql from '../store/sql.js';
import type { JobHost } from './host.js';
import { nextAttempt } from './retry-policy.js';

/** Messages are stored whole up to this length; enough for a stack's first lines. */
const MAX_MESSAGE = 4000;

export type FailureOutcome = 'retry' | 'incident' | 'gone';

export async function recordFailure(host: JobHost, job: JobRow, workerId: string, error: unknown): Promise<FailureOutcome> {
  const now = host.clock.now();
  const message = errorMessage(error);
  const next = nextAttempt(host.retryPolicy, job.retries, now);
  return host.database.knex.transaction(async (trx) => {
    const incidentId = next.incident ? host.newId() : null;
    const updated = await sql.recordJobFailure(trx, {
      id: job.id,
      workerId,
      retries: next.incident ? 0 : next.retries,
      dueAt: next.incident ? now : next.dueAt,
      errorMessage: message,
      incidentId,
    });
    if (!updated) return 'gone'; // deleted meanwhile, or the lease was taken over
    if (incidentId === null) return 'retry';
    await sql.insertIncident(trx, {
      id: incidentId,
      jobId: job.id,
      jobKind: job.kind,
      instanceId: job.instanceId,
      rootId: job.rootId,
      elementId: job.elementId,
      message,
      createdAt: now,
    });
    await sql.insertHistory(trx, [
      {
        instanceId: job.instanceId,
        rootId: job.rootId,
        type: 'incidentCreated',
        time: now,
        elementId: job.elementId,
        tokenId: job.tokenId,
        data: { incidentId, jobId: job.id, jobKind: job.kind, message },
      },
    ]);
    return 'incident';
  });
}

/**
 * Resets a job's retries, resolves its open incident and makes it due now; wakes executors
 * on this database. Throws JOB_NOT_FOUND when the job does not exist.
 */
export async function retryJob(host: JobHost, jobId: string, userId?: string): Promise<void> {
  await host.database.knex.transaction(async (trx) => {
    const now = host.clock.now();
    const reset = await sql.resetJobRetries(trx, jobId, now);
    if (!reset) throw new EngineError('JOB_NOT_FOUND', `Job ${jobId} does not exist or has already been completed.`, { jobId });
    const { job, incidentId } = reset;
    if (incidentId !== null) {
      await sql.resolveIncident(trx, incidentId, now, 'retried');
      await sql.insertHistory(trx, [
        {
          instanceId: job.instanceId,
          rootId: job.rootId,
          type: 'incidentResolved',
          time: now,
          elementId: job.elementId,
          tokenId: job.tokenId,
          userId: userId ?? null,
          data: { incidentId, jobId, resolution: 'retried' },
        },
      ]);
    }
    if ((sql.EXECUTABLE_JOB_KINDS as readonly string[]).includes(job.kind)) await sql.notifyJobs(trx, now);
  });
}

function errorMessage(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = error instanceof Error ? `${typeof code === 'string' ? code + ': ' : ''}${error.message}` : String(error);
  return text.length > MAX_MESSAGE ? text.slice(0, MAX_MESSAGE - 1) + '…' : text;
}
