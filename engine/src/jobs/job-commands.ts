/**
 * What running a job means, per kind: the step command its transaction dispatches. A timer
 * job fires its timer; an asynchronous continuation (`tongban:async`, kind `async`) continues
 * its token. A job of any other kind fails into an incident rather than being dropped.
 */
import { EngineError } from '../errors.js';
import type { Command } from '../runtime/types.js';
import type { JobRow } from '../store/rows.js';

export function jobCommand(job: Pick<JobRow, 'id' | 'kind' | 'elementId'>): Command {
  switch (job.kind) {
    case 'timer':
      return { type: 'timerFired', jobId: job.id };
    case 'async':
      return { type: 'continue', jobId: job.id };
    default:
      throw new EngineError('INVALID_ARGUMENT', `No runner for jobs of kind "${job.kind}" (job ${job.id} at ${job.elementId}).`, {
        jobId: job.id,
      });
  }
}
