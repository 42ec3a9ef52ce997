/** Exponential back-off shared by the built-ins: `initialMs`, doubling, at most `maxMs`. */
export interface Backoff {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The pause before retry `n` (1-based). */
export function backoffDelay(policy: Pick<Backoff, 'initialMs' | 'maxMs'>, n: number): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(Math.max(n - 1, 0), 30));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function nonNegative(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative whole number, got ${value}`);
  return value;
}
