/**
 * Asynchronous continuations (`tongban:async`, Camunda's asyncBefore/asyncAfter): the token
 * stops at a node and a job of kind `async` continues it in a transaction of its own, run by
 * the job executor. Slow or failure-prone work (a department system, a batch) then runs
 * outside the caller's transaction: the caller's command commits at the wait, and a failure
 * in the continuation is retried by the executor (and becomes an incident) instead of
 * rolling the caller back.
 */
import { EngineError } from '../errors.js';
import type { ActiveToken, Arrival, Run } from './run.js';
import { enter, leave } from './tokens.js';
import type { FlowModel } from '../model/types.js';

/** Parks a token before its node runs; true when it was parked. */
export function parkBefore(run: Run, token: ActiveToken, arrival: Arrival): boolean {
  if (!token.node.asyncBefore || arrival.continued) return false;
  run.wait(token, { kind: 'async', jobId: newJob(run, token), phase: 'before' });
  return true;
}

/** Parks a token after its node ran, with the flows it will take; true when it was parked. */
export function parkAfter(run: Run, token: ActiveToken, flows: readonly FlowModel[]): boolean {
  if (!token.node.asyncAfter || token.continuedAfter) return false;
  run.wait(token, { kind: 'async', jobId: newJob(run, token), phase: 'after', flows: flows.map((f) => f.id) });
  return true;
}

/** The continuation's job runs: the node runs now (before), or its flows are taken (after). */
export function continueAsync(run: Run, jobId: string): void {
  const stored = [...run.tokens.values()].find((t) => t.wait.kind === 'async' && t.wait.jobId === jobId);
  if (!stored || stored.wait.kind !== 'async') {
    throw new EngineError('JOB_NOT_FOUND', `No continuation ${jobId} waits in instance ${run.instanceId}.`, { jobId });
  }
  const wait = stored.wait;
  run.emit({ type: 'jobEnded', jobId, reason: 'completed' });
  run.tokens.delete(stored.id);
  const node = run.node(stored.elementId);
  if (wait.phase === 'before') {
    enter(run, {
      elementId: stored.elementId,
      scopeId: stored.scopeId,
      ...(stored.arrivedVia !== undefined ? { arrivedVia: stored.arrivedVia } : {}),
      continued: true,
      tokenId: stored.id,
    });
    return;
  }
  const token: ActiveToken = { id: stored.id, node, scopeId: stored.scopeId, continuedAfter: true };
  leave(run, token, (wait.flows ?? []).map((id) => run.flow(id)));
}

function newJob(run: Run, token: ActiveToken): string {
  const id = run.globalId();
  run.emit({
    type: 'jobCreated',
    job: { id, kind: 'async', elementId: token.node.id, tokenId: token.id, topic: 'async', createdAt: run.now, dueAt: run.now },
  });
  return id;
}
