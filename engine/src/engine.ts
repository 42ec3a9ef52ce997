/**
 * The public face of the engine: create it on a database, deploy BPMN, start instances, work
 * tasks, correlate messages, read state and history. Every mutating call is one command in
 * one transaction (DESIGN §2): the root instance row is locked, the pure step runs, and the
 * new state with its task, job, subscription and history rows is committed — or nothing is.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { BusinessCalendar, BusinessCalendarOptions } from './calendar/business-calendar.js';
import type { HolidayEntry } from './calendar/holiday-entry.js';
import { type Clock, systemClock } from './clock.js';
import { DeploymentError, EngineError } from './errors.js';
import type { ValidationProblem } from './model/types.js';
import type { Command, Directory, InstanceState, InstanceStatus, Variables } from './runtime/types.js';
import { type DeployResource, Definitions, type DeploymentResult } from './shell/definitions.js';
import { HandlerRegistry, type ScriptHandler, type TaskHandler } from './shell/handlers.js';
import { previewPath, type PreviewStep } from './runtime/preview.js';
import { initialState } from './runtime/step.js';
import { loadCalendar, storeCalendarYear } from './shell/calendar-admin.js';
import { nextStartJob } from './shell/start-timers.js';
import * as inboxShell from './shell/inbox.js';
import { UnitOfWork } from './shell/unit-of-work.js';
import { InstanceCache } from './shell/instance-cache.js';
import { ExternalTaskService } from './external/service.js';
import { Outbox } from './external/outbox.js';
import { JobExecutor, type JobExecutorOptions } from './jobs/executor.js';
import { retryJob } from './jobs/failures.js';
import type { JobHost } from './jobs/host.js';
import { jobCommand } from './jobs/job-commands.js';
import { type RetryPolicy, retryPolicy } from './jobs/retry-policy.js';
import { defaultWorkerId } from './jobs/worker-id.js';
import { type Database, type DatabaseOptions, openDatabase } from './store/database.js';
import { migrate } from './store/migrations.js';
import type { DefinitionSummary, HistoryRow, InstanceRow, JobRow, NotificationRow, TaskRow } from './store/rows.js';
import * as sql from './store/sql.js';
import type { WriteGuard } from './store/sql.js';
import { KnexNeededError, lightTransaction } from './store/pipelined-pg.js';

export interface EngineOptions {
  /** Where to keep state: options to open a database (default: in-memory PGlite), or an open one. */
  readonly database?: DatabaseOptions | Database;
  readonly clock?: Clock;
  /** Instance and deployment ids; default random UUIDs. */
  readonly newId?: () => string;
  /** Group membership for candidate checks and empty-approver policies; see `Directory`. */
  readonly directory?: Directory;
  /** Working days for `PnWD` timers; default: the seeded statutory holidays, Asia/Shanghai. */
  readonly calendar?: BusinessCalendarOptions;
  /** Run migrations on start (default true). */
  readonly migrate?: boolean;
  /** Retries of failed timers and other executor jobs (default 3 retries, 10 s back-off doubling, at most 1 h). */
  readonly jobRetries?: Partial<RetryPolicy>;
  /**
   * How many recently used instances to remember so that a task command can skip its locking
   * read (default 10,000; 0 turns it off). Safe with several engine processes: a remembered
   * row is only used under a revision check (shell/instance-cache.ts).
   */
  readonly instanceCache?: number;
}

export interface InstanceView {
  readonly id: string;
  readonly definitionId: string;
  readonly processKey: string;
  readonly businessKey?: string;
  readonly status: InstanceStatus;
  /** Set while suspended: since when, and why. */
  readonly suspended?: { readonly at: string; readonly reason?: string };
  readonly parentId?: string;
  /** Ids of the elements where tokens wait, one entry per token. */
  readonly activeElementIds: readonly string[];
  /** Process-level variables. */
  readonly variables: Variables;
  readonly startedAt: Date;
  readonly endedAt?: Date;
}

export type TaskQuery = sql.TaskQuery;
export type { InboxCounts, InboxPage, InboxQuery, NotificationQuery, NotificationReader } from './shell/inbox.js';
export type NotificationView = NotificationRow;
export type TaskView = TaskRow;
export type HistoryEntry = HistoryRow;
export type JobView = JobRow;
export type IncidentView = sql.IncidentRow;
export type IncidentQuery = sql.IncidentQuery;

export interface StartOptions {
  readonly businessKey?: string;
  readonly variables?: Variables;
  /** A pinned version; default the latest. */
  readonly version?: number;
  /** The applicant: the only one who may withdraw (撤回); "assignee is the applicant" policies refer to them. */
  readonly userId?: string;
  /**
   * Runs in the start's own transaction, after the instance is written: an embedding program
   * records what belongs with the new instance (its region, say) so that both commit or neither.
   */
  readonly inTransaction?: (trx: Knex.Transaction, instanceId: string) => Promise<void>;
}

export interface CompleteOptions {
  readonly variables?: Variables;
  readonly userId?: string;
  /** approve (default), reject, or any named outcome; decides the approval step with its mode. */
  readonly outcome?: string;
  readonly comment?: string;
}

export interface CorrelateOptions {
  readonly correlationKey?: string;
  readonly variables?: Variables;
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

export class Engine {
  private readonly handlers = new HandlerRegistry();
  readonly definitions: Definitions;
  /** Rows of recently used instances, for task commands without a locking read. */
  private readonly instances: InstanceCache;
  private readonly jobHost: JobHost;
  /** Prefix of the worker ids of this engine's executors. */
  private readonly workerBase = defaultWorkerId();
  private executors = 0;
  private executor: JobExecutor | undefined;

  private constructor(
    readonly database: Database,
    private readonly ownsDatabase: boolean,
    readonly clock: Clock,
    private readonly newId: () => string,
    private currentCalendar: BusinessCalendar,
    private readonly calendarOptions: BusinessCalendarOptions,
    retries: RetryPolicy,
    private readonly directory: Directory | undefined,
    instanceCache: number,
  ) {
    this.instances = new InstanceCache(instanceCache);
    this.definitions = new Definitions(() => [...this.handlers.scripts.keys()], newId, () => clock.now(), () => this.currentCalendar);
    this.jobHost = {
      database,
      clock,
      retryPolicy: retries,
      newId,
      runLeasedJob: (job, workerId) => this.runLeasedJob(job, workerId),
    };
  }

  static async create(options: EngineOptions = {}): Promise<Engine> {
    const given = options.database;
    const owns = !(given && 'knex' in given);
    const retries = retryPolicy(options.jobRetries);
    const database = owns ? await openDatabase((given as DatabaseOptions | undefined) ?? {}) : (given as Database);
    try {
      if (options.migrate !== false) await migrate(database);
    } catch (err) {
      if (owns) await database.close();
      throw err;
    }
    return new Engine(database, owns, options.clock ?? systemClock, options.newId ?? randomUUID, await loadCalendar(database.knex, options.calendar), options.calendar ?? {}, retries, options.directory, options.instanceCache ?? 10_000);
  }

  private get knex(): Knex {
    return this.database.knex;
  }

  // ---- deployments -----------------------------------------------------------------------

  /** Validates and stores BPMN files; throws `DeploymentError` listing every problem. */
  async deploy(input: { name?: string; resources: readonly DeployResource[] }): Promise<DeploymentResult> {
    const checked = await this.definitions.check(input.resources);
    return this.transaction((trx) => this.definitions.store(trx, input.name ?? input.resources[0]!.name, checked));
  }

  /** Checks BPMN files without deploying them: every problem, each naming its element. */
  async validate(resources: readonly DeployResource[]): Promise<ValidationProblem[]> {
    try {
      await this.definitions.check(resources);
      return [];
    } catch (err) {
      if (err instanceof DeploymentError) return [...err.problems];
      throw err;
    }
  }

  listDefinitions(filter: { key?: string } = {}): Promise<DefinitionSummary[]> {
    return sql.listDefinitions(this.knex, filter);
  }

  async definitionXml(definitionId: string): Promise<string> {
    const row = await sql.findDefinitionById(this.knex, definitionId);
    if (!row) throw new EngineError('DEFINITION_NOT_FOUND', `Definition ${definitionId} does not exist.`, { definitionId });
    return row.xml;
  }

  // ---- handlers --------------------------------------------------------------------------

  /** Runs service tasks of a topic in this process, inside the command's transaction. */
  registerTaskHandler(topic: string, handler: TaskHandler): void {
    this.handlers.tasks.set(topic, handler);
  }

  /** Accepts script tasks of a format (other than the built-in `feel`) and runs them. */
  registerScriptHandler(format: string, handler: ScriptHandler): void {
    if (format.toLowerCase() === 'feel') throw new EngineError('INVALID_ARGUMENT', 'The feel script format is built in.');
    this.handlers.scripts.set(format, handler);
  }

  // ---- instances -------------------------------------------------------------------------

  async startInstance(key: string, options: StartOptions = {}): Promise<InstanceView> {
    // "The latest version" as this engine last saw it, confirmed by the write itself (nothing
    // newer deployed since): one round trip instead of two. Pinned versions, and starts in a
    // caller's transaction, resolve first.
    const guess = options.version === undefined && options.inTransaction === undefined ? this.definitions.latestKnown(key) : undefined;
    if (guess) {
      const started = await this.startOn(guess, options, { processKey: key, version: guess.version }).catch(() => undefined);
      if (started) return started;
      this.definitions.forgetLatest(key);
    }
    const summary = await this.definitions.resolve(this.knex, key, options.version ?? 'latest');
    return (await this.startOn(summary, options))!;
  }

  /** Starts an instance of this definition; undefined (nothing written) when the guard does not hold. */
  private async startOn(summary: DefinitionSummary, options: StartOptions, guard?: WriteGuard): Promise<InstanceView | undefined> {
    const model = await this.definitions.model(this.knex, summary.id);
    const id = this.newId();
    let unit: UnitOfWork | undefined;
    // The view comes from the state just written: no second read of the row.
    const started = await this.transaction(async (trx, now) => {
      unit = new UnitOfWork(trx, this.services(now));
      await unit.startInstance(model, {
        id,
        ...(options.businessKey !== undefined ? { businessKey: options.businessKey } : {}),
        ...(options.variables ? { variables: options.variables } : {}),
        ...(options.userId !== undefined ? { userId: options.userId } : {}),
      });
      if (!(await unit.flush({ last: options.inTransaction === undefined, ...(guard ? { guard } : {}) }))) return undefined;
      if (options.inTransaction) await options.inTransaction(trx, id);
      const state = unit.state(id)!;
      const shown = view({
        id,
        rootId: id,
        parentId: null,
        parentTokenId: null,
        definitionId: state.definitionId,
        processKey: state.processKey,
        businessKey: state.businessKey ?? null,
        status: state.status,
        state,
        startedAt: now,
        endedAt: state.status === 'active' ? null : now,
        rev: 0,
      });
      // The variables are the state's own, which may be remembered (instance-cache.ts): the
      // caller gets a copy it may change.
      return { ...shown, variables: structuredClone(shown.variables) };
    }, { light: options.inTransaction === undefined });
    // With a hook the caller's transaction may still fail after this returns: not remembered.
    if (started && options.inTransaction === undefined) this.remember(unit);
    return started;
  }

  async getInstance(id: string): Promise<InstanceView | undefined> {
    const row = await sql.getInstance(this.knex, id);
    return row ? view(row) : undefined;
  }

  async setVariables(instanceId: string, variables: Variables): Promise<void> {
    await this.command(instanceId, { type: 'setVariables', variables });
  }

  async terminateInstance(instanceId: string, options: { reason?: string; userId?: string } = {}): Promise<void> {
    await this.command(instanceId, { type: 'terminate', ...options });
  }

  /** Stops the instance's clock (补正, 特别程序): its timers stop until `resumeInstance`. */
  async suspendInstance(instanceId: string, options: { reason?: string; userId?: string } = {}): Promise<void> {
    await this.command(instanceId, { type: 'suspend', ...options });
  }

  /** Restarts the clock; every timer keeps the time it had left (working days stay working days). */
  async resumeInstance(instanceId: string, options: { userId?: string } = {}): Promise<void> {
    await this.command(instanceId, { type: 'resume', ...options });
  }

  history(instanceId: string): Promise<HistoryEntry[]> {
    return sql.listHistory(this.knex, instanceId);
  }

  // ---- tasks -----------------------------------------------------------------------------

  queryTasks(query: TaskQuery = {}): Promise<TaskView[]> {
    return sql.queryTasks(this.knex, query);
  }

  async getTask(taskId: string): Promise<TaskView | undefined> {
    return sql.getTask(this.knex, taskId);
  }

  /** Completes a user task. A second completion of the same task fails with TASK_ALREADY_COMPLETED. */
  async completeTask(taskId: string, options: CompleteOptions = {}): Promise<void> {
    await this.onTask(taskId, { type: 'completeTask', taskId, ...options });
  }

  /** Takes an unassigned task from its candidates. */
  claimTask(taskId: string, userId: string): Promise<void> {
    return this.onTask(taskId, { type: 'claimTask', taskId, userId });
  }

  /** Gives a claimed task back to its candidates. */
  unclaimTask(taskId: string, userId: string): Promise<void> {
    return this.onTask(taskId, { type: 'unclaimTask', taskId, userId });
  }

  /** 转办: the task becomes `to`'s for good. */
  transferTask(taskId: string, to: string, options: { userId?: string; comment?: string } = {}): Promise<void> {
    return this.onTask(taskId, { type: 'transferTask', taskId, to, ...options });
  }

  /** 委派: `to` works on the task and resolves it back to its owner, who then decides. */
  delegateTask(taskId: string, to: string, options: { userId?: string; comment?: string } = {}): Promise<void> {
    return this.onTask(taskId, { type: 'delegateTask', taskId, to, ...options });
  }

  resolveTask(taskId: string, options: { userId?: string; comment?: string; variables?: Variables } = {}): Promise<void> {
    return this.onTask(taskId, { type: 'resolveTask', taskId, ...options });
  }

  /** 加签: signers join the task's step before it, after it, or in parallel. */
  addSigner(taskId: string, signers: readonly string[], options: { position: 'before' | 'after' | 'parallel'; userId?: string; comment?: string }): Promise<void> {
    return this.onTask(taskId, { type: 'addSigner', taskId, signers, ...options });
  }

  /** 减签: an open signer leaves the task's step. */
  removeSigner(taskId: string, signer: string, options: { userId?: string; comment?: string } = {}): Promise<void> {
    return this.onTask(taskId, { type: 'removeSigner', taskId, signer, ...options });
  }

  /** 退回: sends the case back to an earlier step it passed through; that step starts again whole. */
  returnTask(taskId: string, target: string, options: { userId?: string; comment?: string } = {}): Promise<void> {
    return this.onTask(taskId, { type: 'returnTo', taskId, target, ...options });
  }

  /** 抄送 on a task: notices to users and groups. */
  ccTask(taskId: string, recipients: { users?: readonly string[]; groups?: readonly string[] }, options: { userId?: string; comment?: string } = {}): Promise<void> {
    return this.onTask(taskId, { type: 'cc', taskId, ...recipients, ...options });
  }

  addComment(taskId: string, text: string, options: { userId?: string; attachments?: readonly { name: string; ref: string }[] } = {}): Promise<void> {
    return this.onTask(taskId, { type: 'addComment', taskId, text, ...options });
  }

  /** 流程预测: the steps an instance would run next, with their signers, computed without changing anything. */
  async previewInstance(instanceId: string): Promise<PreviewStep[]> {
    const row = await sql.getInstance(this.knex, instanceId);
    if (!row) throw new EngineError('INSTANCE_NOT_FOUND', `Instance ${instanceId} does not exist.`, { instanceId });
    const model = await this.definitions.model(this.knex, row.definitionId);
    return previewPath(model, row.state, this.previewContext());
  }

  /** 流程预测 for a process not yet started: its path from the start with these variables. */
  async previewDefinition(key: string, options: { variables?: Variables; version?: number; userId?: string } = {}): Promise<PreviewStep[]> {
    const summary = await this.definitions.resolve(this.knex, key, options.version ?? 'latest');
    const model = await this.definitions.model(this.knex, summary.id);
    const state = initialState(model, { id: 'preview' });
    const root = state.scopes[state.rootScopeId]!;
    const seeded = { ...state, scopes: { [root.id]: { ...root, variables: options.variables ?? {} } }, ...(options.userId ? { startedBy: options.userId } : {}) };
    return previewPath(model, seeded, this.previewContext());
  }

  private previewContext() {
    return { now: this.clock.now(), calendar: this.currentCalendar, ...(this.directory ? { directory: this.directory } : {}) };
  }

  /** 撤回: the applicant takes the application back while nobody else has acted on it since. */
  async withdrawInstance(instanceId: string, userId: string, options: { comment?: string } = {}): Promise<void> {
    await this.command(instanceId, { type: 'withdraw', userId, ...options });
  }

  /** Runs a command on the instance that holds a task, telling "no such task" from "already done". */
  private async onTask(taskId: string, command: Command): Promise<void> {
    const cached = this.instances.forTask(taskId);
    if (cached && (await this.onTaskFromCache(cached, command))) return;
    let unit: UnitOfWork | undefined;
    await this.transaction(async (trx, now) => {
      const locked = await sql.lockTaskTree(trx, taskId);
      if (!locked) throw await this.missingTask(trx, taskId);
      unit = new UnitOfWork(trx, this.services(now));
      await unit.adopt(locked.root);
      try {
        await unit.dispatch(locked.taskInstanceId, command);
      } catch (err) {
        // Completed by a concurrent call between our read of the task and our lock — possibly
        // the last task, so that the instance has ended meanwhile.
        if (err instanceof EngineError && (err.code === 'TASK_NOT_FOUND' || err.code === 'INSTANCE_NOT_ACTIVE')) {
          const missing = await this.missingTask(trx, taskId);
          if (missing.code === 'TASK_ALREADY_COMPLETED' || err.code === 'TASK_NOT_FOUND') throw missing;
        }
        throw err;
      }
      await unit.flush({ last: true });
    }, { light: true });
    this.remember(unit);
  }

  /**
   * The command computed from the remembered row and written under a revision guard: one
   * round trip instead of two. False when the row had moved on (or anything failed), having
   * written nothing; the caller then runs the command the ordinary way, which also finds the
   * real error, if any. (An in-process handler reached by the command then runs twice, as on
   * a deadlock retry.)
   */
  private async onTaskFromCache(cached: InstanceRow, command: Command): Promise<boolean> {
    let unit: UnitOfWork | undefined;
    try {
      const held = await this.transaction(async (trx, now) => {
        unit = new UnitOfWork(trx, this.services(now));
        await unit.adopt(cached);
        await unit.dispatch(cached.id, command);
        return unit.flush({ last: true, guard: { id: cached.id, rev: cached.rev } });
      }, { light: true });
      if (held) {
        this.remember(unit);
        return true;
      }
    } catch {
      // Computed from a guess: the ordinary path decides what really happens.
    }
    this.instances.evict(cached.id);
    return false;
  }

  /** Keeps the instance a committed unit wrote, when it is one the cache may hold. */
  private remember(unit: UnitOfWork | undefined): void {
    const sole = unit?.soleInstance();
    if (sole) this.instances.put(sole.row, sole.model);
  }

  // ---- external jobs (the seam adapters build on) ------------------------------------------

  queryJobs(filter: { topic?: string; instanceId?: string } = {}): Promise<JobView[]> {
    return sql.queryJobs(this.knex, filter);
  }

  async completeJob(jobId: string, variables?: Variables): Promise<void> {
    await this.jobCommand(jobId, { type: 'completeJob', jobId, ...(variables ? { variables } : {}) });
  }

  /** Raises a BPMN error at the job's task (caught by an error boundary event or an enclosing scope). */
  async throwJobError(jobId: string, errorCode: string, message?: string, variables?: Variables): Promise<void> {
    await this.jobCommand(jobId, {
      type: 'jobError',
      jobId,
      errorCode,
      ...(message !== undefined ? { message } : {}),
      ...(variables ? { variables } : {}),
    });
  }

  // ---- external tasks ----
  // Pull adapters (Camunda 7's external-task protocol) and the data-exchange outbox; the
  // protocol lives in external/, these give it the engine's command machinery.

  private externalTaskService: ExternalTaskService | undefined;
  private outboxService: Outbox | undefined;

  /**
   * External tasks: `fetchAndLock`, `complete`, `handleFailure`, `handleBpmnError`,
   * `extendLock`, `unlock`, `setRetries`, `setPriority`, `get`, `query`, `errorDetails` — each
   * one command in one transaction with the task's instance tree locked (README "External tasks").
   */
  get externalTasks(): ExternalTaskService {
    this.externalTaskService ??= new ExternalTaskService({
      database: this.database,
      clock: this.clock,
      retryPolicy: this.jobHost.retryPolicy,
      newId: this.newId,
      transaction: (work) => this.transaction(work),
      lockTree: (trx, now, rootId, instanceId) => this.lockTree(trx, now, rootId, instanceId),
    });
    return this.externalTaskService;
  }

  /** The provincial data-exchange outbox: instance events from history, case events appended by the caller. */
  get outbox(): Outbox {
    this.outboxService ??= new Outbox(this.database, this.clock);
    return this.outboxService;
  }

  // ---- timers and other due jobs -------------------------------------------------------

  /**
   * Fires one due timer job in its own transaction. Returns false when the job no longer
   * exists (it fired elsewhere, or its scope ended and cancelled it).
   */
  async fireTimer(jobId: string): Promise<boolean> {
    return this.transaction(async (trx, now) => {
      const job = await sql.getJob(trx, jobId);
      if (!job || job.kind !== 'timer') return false;
      const unit = await this.lockTree(trx, now, job.rootId, job.instanceId);
      // Re-read under the lock: a concurrent command may have cancelled the timer meanwhile.
      if (!(await sql.getJob(trx, jobId))) return false;
      await unit.dispatch(job.instanceId, { type: 'timerFired', jobId });
      await unit.flush({ last: true });
      return true;
    });
  }

  /**
   * Fires every timer due by the engine's clock, oldest first, until none is due; returns how
   * many fired. Runs through the job executor (leases, retries, incidents) but in the caller's
   * time: for tests and for programs that drive time themselves.
   */
  fireDueTimers(): Promise<number> {
    return this.newExecutor({ kinds: ['timer'] }).drain();
  }

  /** Like `fireDueTimers`, for every kind of job the executor runs (timers, asynchronous continuations). */
  runDueJobs(): Promise<number> {
    return this.newExecutor({}).drain();
  }

  /**
   * An executor on this engine that is not started: drive it with `runOnce()` / `drain()` in
   * your own time (tests, batch programs). Not stopped by `close()`; nothing to stop unless started.
   */
  createJobExecutor(options: JobExecutorOptions = {}): JobExecutor {
    return this.newExecutor(options);
  }

  /**
   * Starts this engine's background job executor: due timers fire, in this process and in any
   * other engine process on the same database, each exactly once (see "Jobs and timers" in
   * the README). `close()` stops it.
   */
  async startJobExecutor(options: JobExecutorOptions = {}): Promise<JobExecutor> {
    if (this.executor?.running) throw new EngineError('INVALID_ARGUMENT', `This engine's job executor (${this.executor.workerId}) is already running.`);
    const executor = this.newExecutor(options);
    this.executor = executor;
    return executor.start();
  }

  /** Incidents (jobs whose retries ran out), oldest first; `open: true` for unresolved ones. */
  queryIncidents(query: IncidentQuery = {}): Promise<IncidentView[]> {
    return sql.queryIncidents(this.knex, query);
  }

  /**
   * Tries a failed job again now: resets its retries, resolves its incident (recorded in
   * history, with `userId` when given) and wakes the executors.
   */
  async retryJob(jobId: string, options: { userId?: string } = {}): Promise<void> {
    await retryJob(this.jobHost, jobId, options.userId);
    this.executor?.wake();
  }

  // ---- messages --------------------------------------------------------------------------

  /**
   * Delivers a message to the one subscription waiting for its name and correlation key.
   * Refused when none waits, or when several do (deliver to each with `correlateMessageAll`).
   */
  async correlateMessage(name: string, options: CorrelateOptions = {}): Promise<{ instanceId: string }> {
    const matches = await sql.findMessageSubscriptions(this.knex, name, options.correlationKey ?? null);
    if (matches.length === 0) {
      const started = await this.startByMessage(name, options);
      if (started) return { instanceId: started };
      throw new EngineError('MESSAGE_NOT_CORRELATED', `No instance waits for message "${name}"${keyText(options)}, and no process starts with it.`, { name });
    }
    if (matches.length > 1) {
      throw new EngineError('MESSAGE_NOT_CORRELATED', `${matches.length} subscriptions wait for message "${name}"${keyText(options)}; expected exactly one.`, { name });
    }
    const sub = matches[0]!;
    await this.deliver(sub, options.variables);
    return { instanceId: sub.instanceId };
  }

  /** A message no instance waits for starts the latest process with a message start event of its name. */
  private async startByMessage(name: string, options: CorrelateOptions): Promise<string | undefined> {
    const starts = await this.definitions.triggeredStarts(this.knex, 'message', name);
    if (starts.length === 0) return undefined;
    if (starts.length > 1) {
      throw new EngineError('MESSAGE_NOT_CORRELATED', `Message "${name}" starts ${starts.length} processes (${starts.map((s) => s.model.key).join(', ')}); expected exactly one.`, { name });
    }
    const { model, startEventId } = starts[0]!;
    const id = this.newId();
    await this.transaction(async (trx, now) => {
      const unit = new UnitOfWork(trx, this.services(now));
      await unit.startInstance(model, {
        id,
        startEventId,
        ...(options.correlationKey !== undefined ? { businessKey: options.correlationKey } : {}),
        ...(options.variables ? { variables: options.variables } : {}),
      });
      await unit.flush({ last: true });
    }, { light: true });
    return id;
  }

  /** Delivers a message to every subscription waiting for its name and key; returns the instances. */
  async correlateMessageAll(name: string, options: CorrelateOptions = {}): Promise<{ instanceIds: string[] }> {
    const matches = await sql.findMessageSubscriptions(this.knex, name, options.correlationKey ?? null);
    for (const sub of matches) await this.deliver(sub, options.variables);
    return { instanceIds: matches.map((m) => m.instanceId) };
  }

  // ---- business calendar -----------------------------------------------------------------

  /** The calendar timers and due dates are counted in: statutory holidays and 调休 workdays. */
  get calendar(): BusinessCalendar {
    return this.currentCalendar;
  }

  /** The entries of one year, and whether an administrator entered them or they are the seed's. */
  async holidayYear(year: number): Promise<{ year: number; source: 'administrator' | 'seed' | 'none'; entries: HolidayEntry[]; updatedBy?: string; updatedAt?: Date }> {
    const administered = (await sql.listCalendarYears(this.knex)).find((row) => row.year === year);
    const entries = this.currentCalendar.holidays.entries(year);
    if (administered) {
      return { year, source: 'administrator', entries, ...(administered.updatedBy ? { updatedBy: administered.updatedBy } : {}), updatedAt: administered.updatedAt };
    }
    return { year, source: entries.length > 0 ? 'seed' : 'none', entries };
  }

  /**
   * Enters a year's statutory holidays and make-up workdays (the State Council's notice),
   * replacing what the calendar had for that year. Timers already scheduled keep their due
   * time; timers started from now on count with the new year.
   */
  async setHolidayYear(year: number, entries: readonly unknown[], options: { userId?: string } = {}): Promise<HolidayEntry[]> {
    const stored = await storeCalendarYear(this.knex, this.currentCalendar, year, entries, { now: this.clock.now(), ...options });
    await this.reloadCalendar();
    return stored;
  }

  /** Re-reads the administered years; other engine processes call this to see a change. */
  async reloadCalendar(): Promise<void> {
    this.currentCalendar = await loadCalendar(this.knex, this.calendarOptions);
  }

  // ---- signals ---------------------------------------------------------------------------

  /** Broadcasts a signal to every instance waiting for it, in one transaction; returns how many caught it. */
  async broadcastSignal(name: string, options: { variables?: Variables } = {}): Promise<{ delivered: number }> {
    return this.transaction(async (trx, now) => {
      const unit = new UnitOfWork(trx, this.services(now));
      const delivered = await unit.broadcast(name, options.variables);
      await unit.drain();
      await unit.flush({ last: true });
      return { delivered };
    });
  }

  async close(): Promise<void> {
    await this.externalTaskService?.close(); // long polls answer [] and the listener closes
    await this.executor?.stop(); // jobs running finish, leases not yet started are given back
    if (this.ownsDatabase) await this.database.close();
  }

  // ---- inbox and notifications ----
  // Read-only listings across instances (see shell/inbox.ts and "Inbox and notifications" in
  // the README). Groups come from the caller's directory with every call.

  /**
   * A page of the user's work list and the total: assigned to them, offered to them or to one
   * of their groups (unassigned), and tasks they delegated (`owner` is them). Overdue is by
   * this engine's clock. Invalid queries are refused with INVALID_ARGUMENT.
   */
  inbox(query: inboxShell.InboxQuery): Promise<inboxShell.InboxPage> {
    return inboxShell.inbox(this.knex, query, this.clock.now());
  }

  /** The badges: assigned to the user, offered to them or their groups, overdue among all. */
  inboxCounts(query: { userId: string; groups?: readonly string[] }): Promise<inboxShell.InboxCounts> {
    return inboxShell.inboxCounts(this.knex, query, this.clock.now());
  }

  /** CC (抄送) and reminder notices addressed to the user or one of their groups, newest first. */
  listNotifications(query: inboxShell.NotificationQuery): Promise<NotificationView[]> {
    return inboxShell.listNotifications(this.knex, query);
  }

  /** Marks a notice read (idempotent); refused for a notice addressed to someone else. */
  markNotificationRead(notificationId: string, reader: inboxShell.NotificationReader): Promise<NotificationView> {
    return inboxShell.markNotificationRead(this.knex, notificationId, reader, this.clock.now());
  }

  // ---- internals -------------------------------------------------------------------------

  private services(now: Date) {
    return {
      definitions: this.definitions,
      handlers: this.handlers,
      newId: this.newId,
      now,
      calendar: this.currentCalendar,
      ...(this.directory ? { directory: this.directory } : {}),
    };
  }

  private newExecutor(options: JobExecutorOptions): JobExecutor {
    return new JobExecutor(this.jobHost, { workerId: `${this.workerBase}:${++this.executors}`, ...options });
  }

  /**
   * The executor's command: runs a job it leased, unless the lease was lost meanwhile (see
   * JobHost). Locks the root instance and the job in one statement: the hot path of timers.
   */
  private async runLeasedJob(job: JobRow, workerId: string): Promise<boolean> {
    if (job.kind === 'timerStart') return this.runStartTimer(job, workerId);
    return this.transaction(async (trx, now) => {
      const root = await sql.lockRootOfLeasedJob(trx, job.rootId, job.id, workerId);
      if (!root) {
        // Gone, or no longer ours — unless the job is there and its instance is not (a broken row).
        if (!(await sql.lockLeasedJob(trx, job.id, workerId))) return false;
        throw new EngineError('INSTANCE_NOT_FOUND', `Instance ${job.rootId} of job ${job.id} does not exist.`, { instanceId: job.rootId, jobId: job.id });
      }
      const unit = new UnitOfWork(trx, this.services(now));
      await unit.adopt(root);
      if (job.instanceId !== job.rootId) {
        const row = await sql.getInstance(trx, job.instanceId);
        if (!row) throw new EngineError('INSTANCE_NOT_FOUND', `Instance ${job.instanceId} does not exist.`, { instanceId: job.instanceId });
        await unit.adopt(row);
      }
      await unit.dispatch(job.instanceId, jobCommand(job));
      await unit.flush({ last: true });
      return true;
    });
  }

  /** A timer start event is due: a new instance starts there, and a cycle plans its next firing. */
  private async runStartTimer(job: JobRow, workerId: string): Promise<boolean> {
    return this.transaction(async (trx, now) => {
      const leased = await sql.lockLeasedJob(trx, job.id, workerId);
      if (!leased) return false;
      const model = await this.definitions.model(trx, leased.instanceId);
      const unit = new UnitOfWork(trx, this.services(now));
      await unit.startInstance(model, { id: this.newId(), startEventId: leased.elementId });
      await unit.flush();
      await sql.deleteJobs(trx, [leased.id]);
      const next = nextStartJob(model, leased, now, this.currentCalendar, this.newId);
      if (next) await sql.insertJobs(trx, [next]);
      return true;
    });
  }

  private async deliver(sub: { id: string; instanceId: string; rootId: string }, variables?: Variables): Promise<void> {
    await this.transaction(async (trx, now) => {
      const unit = await this.lockTree(trx, now, sub.rootId, sub.instanceId);
      await unit.dispatch(sub.instanceId, { type: 'message', subscriptionId: sub.id, ...(variables ? { variables } : {}) });
      await unit.flush({ last: true });
    });
  }

  private async jobCommand(jobId: string, command: Parameters<UnitOfWork['dispatch']>[1]): Promise<void> {
    await this.transaction(async (trx, now) => {
      const job = await sql.getJob(trx, jobId);
      if (!job) throw new EngineError('JOB_NOT_FOUND', `Job ${jobId} does not exist or has already been completed.`, { jobId });
      const unit = await this.lockTree(trx, now, job.rootId, job.instanceId);
      await unit.dispatch(job.instanceId, command);
      await unit.flush({ last: true });
    });
  }

  private async command(instanceId: string, command: Parameters<UnitOfWork['dispatch']>[1]): Promise<void> {
    await this.transaction(async (trx, now) => {
      const info = await sql.getInstance(trx, instanceId);
      if (!info) throw new EngineError('INSTANCE_NOT_FOUND', `Instance ${instanceId} does not exist.`, { instanceId });
      const unit = await this.lockTree(trx, now, info.rootId, instanceId);
      await unit.dispatch(instanceId, command);
      await unit.flush({ last: true });
    }, { light: true });
  }

  /** Locks the root of the instance's call tree: every command on the tree is serialised there. */
  private async lockTree(trx: Knex.Transaction, now: Date, rootId: string, instanceId: string): Promise<UnitOfWork> {
    const root = await sql.lockInstance(trx, rootId);
    if (!root) throw new EngineError('INSTANCE_NOT_FOUND', `Instance ${rootId} does not exist.`, { instanceId: rootId });
    const unit = new UnitOfWork(trx, this.services(now));
    await unit.adopt(root);
    if (instanceId !== rootId) {
      const row = await sql.getInstance(trx, instanceId);
      if (!row) throw new EngineError('INSTANCE_NOT_FOUND', `Instance ${instanceId} does not exist.`, { instanceId });
      await unit.adopt(row);
    }
    return unit;
  }

  private async missingTask(db: Knex, taskId: string): Promise<EngineError> {
    const ended = await sql.findTaskHistory(db, taskId);
    if (ended) {
      const how = ended.type === 'taskCompleted' ? 'completed' : 'cancelled';
      return new EngineError('TASK_ALREADY_COMPLETED', `Task ${taskId} has already been ${how}${ended.userId ? ' by ' + ended.userId : ''}.`, { taskId });
    }
    return new EngineError('TASK_NOT_FOUND', `Task ${taskId} does not exist.`, { taskId });
  }

  /**
   * Runs one command in one transaction, retrying when PostgreSQL reports a deadlock.
   * `light`: the work reads and writes only through the store's direct statements (a unit of
   * work does), so it may run without a knex transaction object (pipelined-pg.ts
   * `lightTransaction`); should it reach for knex after all, it has been rolled back and runs
   * again on a knex transaction.
   */
  private async transaction<T>(work: (trx: Knex.Transaction, now: Date) => Promise<T>, options: { light?: boolean } = {}): Promise<T> {
    let light = options.light === true;
    for (let attempt = 1; ; attempt++) {
      try {
        if (light) {
          const done = await lightTransaction(this.knex, (trx) => work(trx, this.clock.now()));
          if (done) return done.value;
        }
        return await this.knex.transaction((trx) => work(trx, this.clock.now()));
      } catch (err) {
        if (err instanceof KnexNeededError && light) {
          light = false;
          continue;
        }
        const code = (err as { code?: string }).code;
        if (attempt < 5 && code !== undefined && RETRYABLE.has(code)) continue;
        throw err;
      }
    }
  }
}

export function createEngine(options: EngineOptions = {}): Promise<Engine> {
  return Engine.create(options);
}

function keyText(options: CorrelateOptions): string {
  return options.correlationKey !== undefined ? ` with correlation key "${options.correlationKey}"` : '';
}

function view(row: InstanceRow): InstanceView {
  const state: InstanceState = row.state;
  return {
    id: row.id,
    definitionId: row.definitionId,
    processKey: row.processKey,
    ...(row.businessKey !== null ? { businessKey: row.businessKey } : {}),
    status: row.status,
    ...(state.suspended ? { suspended: state.suspended } : {}),
    ...(row.parentId !== null ? { parentId: row.parentId } : {}),
    activeElementIds: Object.values(state.tokens).map((t) => t.elementId),
    variables: state.scopes[state.rootScopeId]?.variables ?? {},
    startedAt: row.startedAt,
    ...(row.endedAt !== null ? { endedAt: row.endedAt } : {}),
  };
}
