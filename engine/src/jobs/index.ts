/** The durable job executor: timers and (next) asynchronous continuations. See engine/README.md "Jobs and timers". */
export { JobExecutor, type JobExecutorOptions, type JobExecutorStats } from './executor.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryPolicy } from './retry-policy.js';
export type { JobHost } from './host.js';
