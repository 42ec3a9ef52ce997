/**
 * Runs department adapters as an external-task worker: fetch-and-lock the adapters' topics,
 * run each task's adapter outside any transaction (the instance is not locked while a slow
 * department system answers), then complete it, raise its BPMN error, or report the failure
 * (the engine's retry policy then decides back-off and incident). Works against
 * `engine.externalTasks` in process, or against anything with the same four methods — a REST
 * client of the runtime API in another process.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sleep } from './backoff.js';
import type { DepartmentAdapter, JobContext, Variables } from './contract.js';

/** A locked task as the worker needs it (the engine's `LockedExternalTask` has all of it). */
export interface WorkerTask {
  readonly id: string;
  readonly topicName: string;
  readonly processInstanceId: string;
  readonly processDefinitionKey: string;
  readonly businessKey: string | null;
  readonly activityId: string;
  readonly variables: Variables;
}

/** The external-task API the worker calls: `engine.externalTasks` is one. */
export interface ExternalTaskApi {
  fetchAndLock(
    request: { workerId: string; maxTasks: number; topics: { topicName: string; lockDuration: number }[]; asyncResponseTimeout?: number },
    options?: { signal?: AbortSignal },
  ): Promise<readonly WorkerTask[]>;
  complete(id: string, workerId: string, variables?: Variables): Promise<unknown>;
  handleBpmnError(id: string, workerId: string, errorCode: string, errorMessage?: string, variables?: Variables): Promise<unknown>;
  handleFailure(id: string, workerId: string, failure: { errorMessage?: string; errorDetails?: string }): Promise<void>;
}

export interface ExternalTaskWorkerOptions {
  readonly adapters: readonly DepartmentAdapter[];
  readonly workerId?: string;
  /** Lock per task (default 60 s): longer than an adapter runs, retries included. */
  readonly lockDuration?: number;
  readonly maxTasks?: number;
  /** Long poll per fetch in `start()` (default 20 s). */
  readonly asyncResponseTimeout?: number;
  readonly onError?: (error: unknown) => void;
}

export class ExternalTaskWorker {
  readonly workerId: string;
  private readonly byTopic: Map<string, DepartmentAdapter>;
  private stopping: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly api: ExternalTaskApi,
    private readonly options: ExternalTaskWorkerOptions,
  ) {
    this.workerId = options.workerId ?? `adapters:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.byTopic = new Map(options.adapters.map((a) => [a.topic, a]));
  }

  /** One fetch (no waiting unless `asyncResponseTimeout`) and its tasks; returns how many ran. */
  async runOnce(asyncResponseTimeout = 0, signal?: AbortSignal): Promise<number> {
    const tasks = await this.api.fetchAndLock(
      {
        workerId: this.workerId,
        maxTasks: this.options.maxTasks ?? 10,
        topics: [...this.byTopic.keys()].map((topicName) => ({ topicName, lockDuration: this.options.lockDuration ?? 60_000 })),
        ...(asyncResponseTimeout > 0 ? { asyncResponseTimeout } : {}),
      },
      signal ? { signal } : {},
    );
    for (const task of tasks) await this.run(task);
    return tasks.length;
  }

  /** Fetches and runs until none is left; returns how many ran. */
  async drain(): Promise<number> {
    let ran = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) ran += n;
    return ran;
  }

  start(): void {
    if (this.running) return;
    const stopping = new AbortController();
    this.stopping = stopping;
    const onError = this.options.onError ?? ((error: unknown) => console.error(`[tongban worker ${this.workerId}]`, error));
    this.running = (async () => {
      while (!stopping.signal.aborted) {
        try {
          await this.runOnce(this.options.asyncResponseTimeout ?? 20_000, stopping.signal);
        } catch (error) {
          onError(error);
          await sleep(1_000, stopping.signal);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.running;
    this.running = undefined;
  }

  private async run(task: WorkerTask): Promise<void> {
    const adapter = this.byTopic.get(task.topicName)!;
    const job: JobContext = {
      jobId: task.id,
      instanceId: task.processInstanceId,
      ...(task.businessKey !== null ? { businessKey: task.businessKey } : {}),
      processKey: task.processDefinitionKey,
      elementId: task.activityId,
      topic: task.topicName,
      variables: task.variables,
    };
    let result: Variables | void;
    try {
      result = await adapter.handle(job);
    } catch (error) {
      const e = error as { name?: string; errorCode?: unknown; message?: string; variables?: Variables; stack?: string };
      if (e?.name === 'BpmnError' && typeof e.errorCode === 'string') {
        await this.api.handleBpmnError(task.id, this.workerId, e.errorCode, e.message, e.variables);
        return;
      }
      await this.api.handleFailure(task.id, this.workerId, { errorMessage: e?.message ?? String(error), ...(e?.stack ? { errorDetails: e.stack } : {}) });
      return;
    }
    await this.api.complete(task.id, this.workerId, result ?? undefined);
  }
}
