/**
 * What running a job means, per kind: the step command its transaction dispatches. A timer
 * job fires its timer. Asynchronous continuations (`tongban:async`, kind `async`) get theirs
 * when the runtime learns to park a token before or after an element; until then there are
 * no such jobs, and one would fail into an incident rather than be silently dropped.
 */
import { EngineError } from '../errors.js';
import type { Command } from '../runtime/types.js';
import type { JobRow } from '../store/rows.js';

export function jobCommand(job: Pick<JobRow, 'id' | 'kind' | 'elementId'>): Command {
  switch (job.kind) {
    case 'timer':
      return { type: 'timerFired', jobId: job.id };
    default:
      throw new EngineError('INVALID_ARGUMENT', `No runner for jobs of kind "${job.kind}" (job ${job.id} at ${job.elementId}).`, {
        jobId: job.id,
      });
  }
}
