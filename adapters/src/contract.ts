/**
 * The department-adapter contract (DESIGN §4 push): one small interface. An adapter serves one
 * topic — the `tongban:topic` of service and send tasks — and does the department's part of
 * the work: call a system, send a message, look something up.
 *
 * - Return variables to set on the process (or nothing).
 * - Throw `BpmnError(code)` for a business outcome the model handles (an error boundary event):
 *   "certificate not found" is an answer, not a failure.
 * - Throw anything else for a failure: it is retried (with back-off) and, when retries run
 *   out, becomes an incident an operator sees and retries.
 * - Be idempotent by `job.jobId`: a handler may run more than once for one task (a crash
 *   after the department acted, before the engine committed). Send it on as the idempotency key.
 *
 * Three ways to run one, same adapter object:
 * 1. `registerAdapter(engine, adapter)`: in process, inside the command's transaction. Only for
 *    fast work: the instance stays locked while it runs, and a failure rolls the command back
 *    and reaches its caller.
 * 2. The same, with `tongban:async="before"` on the task: the handler runs in a job of the
 *    engine's executor, after the command committed — the executor retries with back-off and
 *    raises incidents (engine README "Jobs and timers"). The instance is locked while it runs.
 * 3. `ExternalTaskWorker` (worker.ts): the task is an external task; the adapter runs outside
 *    any transaction, the instance unlocked, with the external-task protocol's retries. Best
 *    for slow or remote work (webhooks), and the same code can run in another process.
 */
import type { Engine, JobContext, Variables } from '@tongban/engine';

export type { JobContext, Variables };

export interface DepartmentAdapter {
  /** The topic it serves (`tongban:topic`). */
  readonly topic: string;
  /** Does the work; see the rules above. */
  handle(job: JobContext): Promise<Variables | void>;
}

/** Runs the adapter in process for its topic (ways 1 and 2 above). */
export function registerAdapter(engine: Pick<Engine, 'registerTaskHandler'>, adapter: DepartmentAdapter): void {
  engine.registerTaskHandler(adapter.topic, (job) => adapter.handle(job));
}
