/**
 * When an approval step is decided, by its mode (GLOSSARY, DESIGN §2): evaluated after every
 * signer completes, is skipped or is removed.
 */
import type { ApprovalConfig } from '../../model/types.js';
import type { SignerState } from '../types.js';
import { stepOutcome } from './outcome.js';

export interface Counters {
  /** Signers not removed. */
  readonly instances: number;
  readonly completed: number;
  readonly active: number;
  readonly approved: number;
  readonly rejected: number;
}

export function countSigners(signers: readonly SignerState[]): Counters {
  let instances = 0, completed = 0, active = 0, approved = 0, rejected = 0;
  for (const s of signers) {
    if (s.status === 'cancelled') continue;
    instances++;
    if (s.status === 'active') active++;
    if (s.status === 'completed' || s.status === 'skipped') completed++;
    if (s.status === 'skipped' || (s.status === 'completed' && s.outcome === 'approve')) approved++;
    if (s.status === 'completed' && s.outcome === 'reject') rejected++;
  }
  return { instances, completed, active, approved, rejected };
}

/**
 * The step's outcome when it is decided, or undefined while it goes on. `custom` returns
 * 'evaluate' for the caller to evaluate the FEEL completion condition with the counters.
 */
export function decide(config: ApprovalConfig, signers: readonly SignerState[], last: SignerState): string | 'evaluate' | undefined {
  const c = countSigners(signers);
  const allDone = c.completed === c.instances;
  const majority = () => (c.rejected > 0 ? 'rejected' : 'approved');
  switch (config.mode) {
    case 'single':
    case 'sequential':
      // One after another: a rejection or a named outcome ends the step there.
      if (last.status === 'completed' && last.outcome !== 'approve') return stepOutcome(last.outcome!);
      return allDone ? majority() : undefined;
    case 'anySign':
      // 或签: the first to act decides.
      if (last.status === 'completed') return stepOutcome(last.outcome!);
      if (last.status === 'skipped') return 'approved';
      return allDone ? 'approved' : undefined;
    case 'allSign':
      return allDone ? majority() : undefined;
    case 'vetoOnReject':
      if (c.rejected > 0) return 'rejected';
      return allDone ? 'approved' : undefined;
    case 'ratio': {
      const ratio = config.passRatio ?? 1;
      // Decided as soon as the share is reached, or can no longer be.
      if (c.approved >= ratio * c.instances - 1e-9) return 'approved';
      if (c.approved + (c.instances - c.completed) < ratio * c.instances - 1e-9) return 'rejected';
      return undefined;
    }
    case 'custom':
      return allDone ? majority() : 'evaluate';
  }
}
