/**
 * External tasks (DESIGN §4 pull adapters): department systems fetch and lock the work of
 * service tasks that no in-process handler takes, then complete it, report a failure, raise a
 * BPMN error, extend the lock or give it back — the protocol of Camunda 7's external tasks,
 * method for method, so existing workers port with a thin REST route.
 *
 * Rules (Camunda 7's, unless said otherwise):
 * - A task is locked by one worker at a time: fetch-and-lock is one statement with
 *   `FOR UPDATE SKIP LOCKED`, across any number of workers and engine processes.
 * - complete / handleFailure / handleBpmnError / extendLock need the worker that locked the
 *   task: the worker id must equal the task's worker id. As in Camunda, the lock's expiry is
 *   not checked by these: a worker whose lock expired may still finish the task as long as
 *   nobody else fetched it meanwhile (then the task's worker id is the other worker's, and the
 *   late worker is refused). extendLock alone needs a lock that has not expired yet.
 * - Idempotency (our choice, DESIGN §4): a completion or BPMN error is remembered with the
 *   worker and a hash of the request. The same worker repeating the same request (its answer
 *   was lost; at-least-once delivery) gets success again with `repeated: true` and nothing
 *   changes; any other request for a task already ended fails with TASK_ALREADY_COMPLETED
 *   naming who ended it and how. A task that never existed or was cancelled (a boundary
 *   event interrupted it) is JOB_NOT_FOUND.
 * - A failure report sets the retries left and a back-off (`due_at`); at 0 retries the task
 *   gets an incident (the shape the job executor uses) and is not fetched until `setRetries`
 *   (or `engine.retryJob`) clears it. Without `retries` the engine's job retry policy applies.
 *   The task keeps its worker id (Camunda does): the worker may still complete it.
 * - Every command is one transaction that locks the task's instance tree first (the lock
 *   order of every command), then the task's row.
 * - Tasks of suspended instances (补正, 特别程序) are not fetched.
 */
import type { Knex } from 'knex';
import { EngineError } from '../errors.js';
import type { RetryPolicy } from '../jobs/retry-policy.js';
import type { Variables } from '../runtime/types.js';
import type { UnitOfWork } from '../shell/unit-of-work.js';
import * as sql from '../store/sql.js';
import type { ExternalTaskRow } from '../store/sql.js';
import type { ExternalTaskHost } from './host.js';
import { ExternalTaskListener } from './listener.js';
import type {
  ExternalTaskFailure, ExternalTaskOutcome, ExternalTaskView, FetchAndLockRequest, FetchOptions, LockedExternalTask,
} from './types.js';
import { checkFetchRequest, optionalText, requireInt, requireLockDuration, requireText, requireVariables } from './validate.js';
import { requestHash, taskVariables } from './variables.js';
import { Waiters } from './waiters.js';

export interface ExternalTaskServiceOptions {
  /**
   * Longest a long poll sleeps between looks when no notification comes (real time). Tasks
   * that become fetchable without an insert — a back-off or a lock running out — are seen at
   * the next look. Default 5,000 ms.
   */
  readonly pollIntervalMs?: number;
}

export interface ExternalTaskQueryOptions {
  readonly topicName?: string;
  readonly workerId?: string;
  readonly processInstanceId?: string;
  readonly activityId?: string;
  readonly locked?: boolean;
  readonly withIncident?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

const MAX_RETRIES = 1_000_000;
const MAX_RETRY_TIMEOUT_MS = 30 * 24 * 3_600_000;
const MAX_ERROR_DETAILS = 100_000;

export class ExternalTaskService {
  private readonly waiters = new Waiters();
  private listening: Promise<void> | undefined;
  private listener: ExternalTaskListener | undefined;
  private schema: string | undefined;
  private pollIntervalMs = 5_000;

  constructor(private readonly host: ExternalTaskHost) {}

  configure(options: ExternalTaskServiceOptions): void {
    if (options.pollIntervalMs !== undefined) this.pollIntervalMs = requireInt(options.pollIntervalMs, 'pollIntervalMs', 1, 600_000);
  }

  /** Long polls waiting now. */
  get waiting(): number {
    return this.waiters.size;
  }

  /**
   * Locks up to `maxTasks` tasks of the topics for the worker and returns them with their
   * variables. With `asyncResponseTimeout`, waits for work when there is none, answering as
   * soon as a task could be locked (woken by the insert trigger's notification), else [] at
   * the timeout, on `signal`, or when the engine closes.
   */
  async fetchAndLock(request: FetchAndLockRequest, options: FetchOptions = {}): Promise<LockedExternalTask[]> {
    const req = checkFetchRequest(request);
    if (req.maxTasks === 0 || req.topics.length === 0) return [];
    if (req.asyncResponseTimeout === 0) return this.tryFetch(req);
    const deadline = Date.now() + req.asyncResponseTimeout;
    await this.listen();
    const subscription = this.waiters.subscribe(req.topics.map((t) => t.topicName), options.signal);
    try {
      for (;;) {
        const tasks = await this.tryFetch(req);
        const left = deadline - Date.now();
        if (tasks.length > 0 || left <= 0 || this.waiters.isClosed || options.signal?.aborted) return tasks;
        await subscription.sleep(Math.min(left, this.pollIntervalMs));
        if (this.waiters.isClosed || options.signal?.aborted) return [];
      }
    } finally {
      subscription.close();
    }
  }

  /** Completes a locked task with variables; see the idempotency rule above. */
  async complete(id: string, workerId: string, variables?: Variables): Promise<ExternalTaskOutcome> {
    const vars = requireVariables(variables);
    return this.end(id, workerId, 'completed', vars, 'complete', (unit, task) =>
      unit.dispatch(task.instanceId, { type: 'completeJob', jobId: id, ...(vars ? { variables: vars } : {}) }),
    );
  }

  /** Raises a BPMN error at the task (its error boundary events, then enclosing scopes). */
  async handleBpmnError(id: string, workerId: string, errorCode: string, errorMessage?: string, variables?: Variables): Promise<ExternalTaskOutcome> {
    const code = requireText(errorCode, 'errorCode');
    const message = optionalText(errorMessage, 'errorMessage');
    const vars = requireVariables(variables);
    return this.end(id, workerId, `bpmnError:${code}`, vars, 'report a BPMN error for', (unit, task) =>
      unit.dispatch(task.instanceId, {
        type: 'jobError',
        jobId: id,
        errorCode: code,
        ...(message !== undefined ? { message } : {}),
        ...(vars ? { variables: vars } : {}),
      }),
    );
  }

  /** Reports a failure: retries left and back-off, or an incident at 0 retries. */
  async handleFailure(id: string, workerId: string, failure: ExternalTaskFailure = {}): Promise<void> {
    const errorMessage = optionalText(failure.errorMessage, 'errorMessage') ?? null;
    const errorDetails = optionalText(failure.errorDetails, 'errorDetails', MAX_ERROR_DETAILS) ?? null;
    const retries = failure.retries === undefined ? undefined : requireInt(failure.retries, 'retries', 0, MAX_RETRIES);
    const timeout = failure.retryTimeout === undefined ? undefined : requireInt(failure.retryTimeout, 'retryTimeout', 0, MAX_RETRY_TIMEOUT_MS);
    await this.onTask(id, workerId, 'report a failure of', async (trx, now, task) => {
      let left: number;
      let dueAt: Date;
      if (retries === undefined) {
        const next = policyAttempt(this.host.retryPolicy, task.retries, now);
        left = next.retries;
        dueAt = timeout !== undefined ? new Date(now.getTime() + timeout) : next.dueAt;
      } else {
        left = retries;
        dueAt = new Date(now.getTime() + (timeout ?? 0));
      }
      const message = errorMessage ?? 'The worker reported a failure without a message.';
      const incidentId = await this.manageIncident(trx, now, task, left, message, workerId);
      await sql.recordExternalTaskFailure(trx, { id, retries: left, dueAt, lockExpiresAt: null, errorMessage, errorDetails, incidentId });
      await sql.insertHistory(trx, [
        {
          instanceId: task.instanceId,
          rootId: task.rootId,
          type: 'externalTaskFailed',
          time: now,
          elementId: task.elementId,
          tokenId: task.tokenId,
          data: { externalTaskId: id, workerId, errorMessage, retries: left, dueAt: dueAt.toISOString() },
        },
      ]);
      if (incidentId === null && dueAt <= now) await sql.notifyExternalTasks(trx, [task.topic]);
    });
  }

  /** Extends the lock to `newDuration` ms from now; only while the worker's lock holds. */
  async extendLock(id: string, workerId: string, newDuration: number): Promise<void> {
    const duration = requireLockDuration(newDuration, 'newDuration');
    await this.onTask(id, workerId, 'extend the lock of', async (trx, now, task) => {
      if (task.lockExpiresAt === null || task.lockExpiresAt < now) {
        throw new EngineError('COMMAND_NOT_ALLOWED', `The lock of external task ${id} has expired (or was released); fetch it again.`, {
          externalTaskId: id,
          workerId,
          reason: 'LOCK_EXPIRED',
        });
      }
      await sql.setExternalTaskLock(trx, id, workerId, new Date(now.getTime() + duration));
    });
  }

  /** Releases the lock whoever holds it (an operator's command): fetchable again at once. */
  async unlock(id: string): Promise<void> {
    await this.onTask(id, undefined, 'unlock', async (trx, _now, task) => {
      await sql.setExternalTaskLock(trx, id, null, null);
      if (task.incidentId === null) await sql.notifyExternalTasks(trx, [task.topic]);
    });
  }

  /**
   * Sets the retries left. More than 0 resolves an open incident (recorded in history with
   * `userId`) and the task is fetchable again once its back-off is over; 0 opens one.
   */
  async setRetries(id: string, retries: number, options: { userId?: string } = {}): Promise<void> {
    const left = requireInt(retries, 'retries', 0, MAX_RETRIES);
    await this.onTask(id, undefined, 'set the retries of', async (trx, now, task) => {
      const incidentId = await this.manageIncident(trx, now, task, left, task.errorMessage ?? 'Retries were set to 0.', options.userId);
      await sql.setExternalTaskRetries(trx, id, left, incidentId, task.incidentId !== null && incidentId === null ? now : undefined);
      if (incidentId === null) await sql.notifyExternalTasks(trx, [task.topic]);
    });
  }

  /** Sets the priority workers fetching with `usePriority` see (higher first). */
  async setPriority(id: string, priority: number): Promise<void> {
    const value = requireInt(priority, 'priority', -2_147_483_648, 2_147_483_647);
    await this.onTask(id, undefined, 'set the priority of', (trx, _now, _task) => sql.setExternalTaskPriority(trx, id, value));
  }

  async get(id: string): Promise<ExternalTaskView | undefined> {
    const row = await sql.getExternalTask(this.host.database.knex, requireText(id, 'id'));
    return row ? view(row) : undefined;
  }

  /** External tasks by creation time (then id). */
  async query(query: ExternalTaskQueryOptions = {}): Promise<ExternalTaskView[]> {
    return (await sql.queryExternalTasks(this.host.database.knex, { ...query, now: this.host.clock.now() })).map(view);
  }

  /** The worker's `errorDetails` of the last failure (null when none); JOB_NOT_FOUND when there is no such task. */
  async errorDetails(id: string): Promise<string | null> {
    const row = await sql.externalTaskErrorDetails(this.host.database.knex, requireText(id, 'id'));
    if (!row) throw await this.missing(this.host.database.knex, id);
    return row.errorDetails;
  }

  /** Ends long polls (they answer []) and stops listening. */
  async close(): Promise<void> {
    this.waiters.close();
    await this.listening?.catch(() => undefined);
    await this.listener?.close();
  }

  // ---- internals ----

  private async tryFetch(req: ReturnType<typeof checkFetchRequest>): Promise<LockedExternalTask[]> {
    const now = this.host.clock.now();
    const byTopic = new Map(req.topics.map((t) => [t.topicName, t]));
    const locked = await sql.fetchAndLockExternalTasks(this.host.database.knex, {
      workerId: req.workerId,
      now,
      topics: req.topics.map((t) => ({ topic: t.topicName, lockExpiresAt: new Date(now.getTime() + t.lockDuration) })),
      limit: req.maxTasks,
      usePriority: req.usePriority,
    });
    const order = (a: ExternalTaskRow, b: ExternalTaskRow) =>
      (req.usePriority ? b.priority - a.priority : 0) ||
      (a.dueAt ?? a.createdAt).getTime() - (b.dueAt ?? b.createdAt).getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return locked
      .sort((a, b) => order(a.task, b.task))
      .map(({ task, instance }) => {
        const topic = byTopic.get(task.topic)!;
        return {
          id: task.id,
          topicName: task.topic,
          workerId: req.workerId,
          lockExpirationTime: task.lockExpiresAt!,
          processInstanceId: task.instanceId,
          processDefinitionId: instance.definitionId,
          processDefinitionKey: instance.processKey,
          businessKey: instance.businessKey,
          activityId: task.elementId,
          activityInstanceId: task.tokenId,
          variables: taskVariables(instance.state, task.tokenId, topic.variables, topic.localVariables === true),
          retries: task.retries,
          errorMessage: task.errorMessage,
          priority: task.priority,
          createTime: task.createdAt,
        };
      });
  }

  /** Opens the listener once, before the first long poll looks (so no insert slips between). */
  private listen(): Promise<void> {
    this.listening ??= (async () => {
      this.schema = await sql.currentSchema(this.host.database.knex);
      const listener = await ExternalTaskListener.open(this.host.database, (schema, topics) => {
        if (schema === '' || schema === this.schema) this.waiters.notify(topics);
      });
      if (this.waiters.isClosed) await listener.close();
      else this.listener = listener;
    })();
    return this.listening;
  }

  /** complete and handleBpmnError: end the task once, remember who did and what they asked. */
  private async end(
    id: string,
    workerId: string,
    outcome: string,
    variables: Variables | undefined,
    action: string,
    apply: (unit: UnitOfWork, task: ExternalTaskRow) => Promise<void>,
  ): Promise<ExternalTaskOutcome> {
    requireText(id, 'id');
    requireText(workerId, 'workerId');
    const hash = requestHash(outcome, variables);
    return this.host.transaction(async (trx, now) => {
      const locked = await this.lock(trx, now, id);
      if (!locked) {
        const done = await sql.findExternalTaskDone(trx, id);
        if (done && done.workerId === workerId && done.requestHash === hash) return { id, repeated: true };
        throw await this.missing(trx, id);
      }
      const { task, unit } = locked;
      requireWorker(task, workerId, action);
      await apply(unit, task);
      await unit.flush();
      await sql.insertExternalTaskDone(trx, {
        id,
        instanceId: task.instanceId,
        rootId: task.rootId,
        topic: task.topic,
        workerId,
        outcome,
        requestHash: hash,
        doneAt: now,
      });
      return { id, repeated: false };
    });
  }

  /** Runs a command on a task in one transaction with its tree and row locked; checks the worker when given. */
  private async onTask(
    id: string,
    workerId: string | undefined,
    action: string,
    work: (trx: Knex.Transaction, now: Date, task: ExternalTaskRow) => Promise<void>,
  ): Promise<void> {
    requireText(id, 'id');
    if (workerId !== undefined) requireText(workerId, 'workerId');
    await this.host.transaction(async (trx, now) => {
      const locked = await this.lock(trx, now, id);
      if (!locked) throw await this.missing(trx, id);
      if (workerId !== undefined) requireWorker(locked.task, workerId, action);
      await work(trx, now, locked.task);
    });
  }

  /** Locks the task's instance tree, then re-reads the task under a row lock. */
  private async lock(trx: Knex.Transaction, now: Date, id: string): Promise<{ task: ExternalTaskRow; unit: UnitOfWork } | undefined> {
    const seen = await sql.getExternalTask(trx, id);
    if (!seen) return undefined;
    const unit = await this.host.lockTree(trx, now, seen.rootId, seen.instanceId);
    const task = await sql.lockExternalTask(trx, id);
    return task ? { task, unit } : undefined;
  }

  /** "Already completed" (with who and how) or "not found". */
  private async missing(db: Knex | Knex.Transaction, id: string): Promise<EngineError> {
    const done = await sql.findExternalTaskDone(db, id);
    if (done) {
      const how = done.outcome === 'completed' ? 'completed' : `ended with BPMN error ${done.outcome.slice('bpmnError:'.length)}`;
      return new EngineError('TASK_ALREADY_COMPLETED', `External task ${id} has already been ${how} by worker ${done.workerId} at ${done.doneAt.toISOString()}.`, {
        externalTaskId: id,
        workerId: done.workerId,
        outcome: done.outcome,
        doneAt: done.doneAt.toISOString(),
      });
    }
    return new EngineError('JOB_NOT_FOUND', `External task ${id} does not exist: a wrong id, or its activity was cancelled (e.g. by a boundary event).`, {
      externalTaskId: id,
    });
  }

  /**
   * Opens an incident when no retry is left and none is open; resolves the open one when
   * retries are given back. Returns the incident the task has afterwards.
   */
  private async manageIncident(trx: Knex.Transaction, now: Date, task: ExternalTaskRow, retries: number, message: string, userId?: string): Promise<string | null> {
    if (retries === 0) {
      if (task.incidentId !== null) return task.incidentId;
      const incidentId = this.host.newId();
      await sql.insertIncident(trx, {
        id: incidentId,
        jobId: task.id,
        jobKind: task.kind,
        instanceId: task.instanceId,
        rootId: task.rootId,
        elementId: task.elementId,
        message,
        createdAt: now,
      });
      await sql.insertHistory(trx, [
        {
          instanceId: task.instanceId,
          rootId: task.rootId,
          type: 'incidentCreated',
          time: now,
          elementId: task.elementId,
          tokenId: task.tokenId,
          data: { incidentId, jobId: task.id, jobKind: task.kind, message },
        },
      ]);
      return incidentId;
    }
    if (task.incidentId === null) return null;
    await sql.resolveIncident(trx, task.incidentId, now, 'retried');
    await sql.insertHistory(trx, [
      {
        instanceId: task.instanceId,
        rootId: task.rootId,
        type: 'incidentResolved',
        time: now,
        elementId: task.elementId,
        tokenId: task.tokenId,
        userId: userId ?? null,
        data: { incidentId: task.incidentId, jobId: task.id, resolution: 'retried' },
      },
    ]);
    return null;
  }
}

/**
 * A failure without `retries`: the engine's job policy in Camunda's meaning of retries (the
 * attempts still allowed; 0 is an incident). A task starts with the policy's `retries + 1`
 * attempts, so, as for timers, it is tried `retries + 1` times with the policy's back-off
 * (10 s, 20 s, 40 s by default) before the incident.
 */
function policyAttempt(policy: RetryPolicy, retriesLeft: number | null, now: Date): { retries: number; dueAt: Date } {
  const left = Math.max(0, (retriesLeft ?? policy.retries + 1) - 1);
  if (left === 0) return { retries: 0, dueAt: now };
  const failure = Math.max(1, policy.retries - left + 1);
  const pause = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(failure - 1, 40));
  return { retries: left, dueAt: new Date(now.getTime() + pause) };
}

function requireWorker(task: ExternalTaskRow, workerId: string, action: string): void {
  if (task.lockedBy === workerId) return;
  if (task.lockedBy === null) {
    throw new EngineError('COMMAND_NOT_ALLOWED', `External task ${task.id} is not locked; worker ${workerId} must fetch and lock it before it can ${action} it.`, {
      externalTaskId: task.id,
      workerId,
      reason: 'NOT_LOCKED',
    });
  }
  throw new EngineError('COMMAND_NOT_ALLOWED', `Worker ${workerId} cannot ${action} external task ${task.id}: it is locked by worker ${task.lockedBy}.`, {
    externalTaskId: task.id,
    workerId,
    lockedBy: task.lockedBy,
    reason: 'LOCKED_BY_OTHER_WORKER',
  });
}

function view(row: ExternalTaskRow): ExternalTaskView {
  return {
    id: row.id,
    topicName: row.topic,
    workerId: row.lockedBy,
    lockExpirationTime: row.lockExpiresAt,
    processInstanceId: row.instanceId,
    activityId: row.elementId,
    activityInstanceId: row.tokenId,
    retries: row.retries,
    errorMessage: row.errorMessage,
    priority: row.priority,
    dueAt: row.dueAt,
    incidentId: row.incidentId,
    createTime: row.createdAt,
  };
}
