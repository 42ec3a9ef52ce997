/**
 * How often and how soon a failed job is tried again (DESIGN §2 jobs/). A job that fails is
 * retried `retries` times, each after an exponentially growing pause (`backoffMs`, then twice
 * that, …, at most `maxBackoffMs`), so a department system that is down for a while is not
 * hammered and a short glitch costs seconds, not hours. When the retries are used up the job
 * gets an incident and waits for a person (`Engine.retryJob`).
 *
 * Per engine (`createEngine({ jobRetries })`). Per element (`tongban:retries`) is not offered
 * yet: it needs a model attribute, and one policy per engine covers timers and continuations.
 */
import { EngineError } from '../errors.js';

export interface RetryPolicy {
  /** Retries after the first failed attempt (so `retries + 1` attempts in all). Default 3. */
  readonly retries: number;
  /** Pause before the first retry; doubles for each further one. Default 10 s. */
  readonly backoffMs: number;
  /** Longest pause. Default 1 hour. */
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, backoffMs: 10_000, maxBackoffMs: 3_600_000 };

export function retryPolicy(options: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new EngineError('INVALID_ARGUMENT', `jobRetries.${name} must be a non-negative whole number, got ${String(value)}.`);
    }
  }
  return policy;
}

/** What to do after a failure: try again at `dueAt` with `retries` left, or raise an incident. */
export type NextAttempt = { readonly incident: false; readonly retries: number; readonly dueAt: Date } | { readonly incident: true };

/**
 * `retriesLeft` is the job's `retries` column: null until its first failure (the policy's
 * number applies), then the retries still left.
 */
export function nextAttempt(policy: RetryPolicy, retriesLeft: number | null, now: Date): NextAttempt {
  const left = retriesLeft ?? policy.retries;
  if (left <= 0) return { incident: true };
  const failure = Math.max(1, policy.retries - left + 1);
  const pause = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(failure - 1, 40));
  return { incident: false, retries: left - 1, dueAt: new Date(now.getTime() + pause) };
}
