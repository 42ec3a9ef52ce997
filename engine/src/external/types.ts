/**
 * The external-task API's shapes, named as in Camunda 7's external-task REST API (fetchAndLock,
 * complete, failure, bpmnError, extendLock, unlock, retries, priority) so that existing
 * workers port with a thin route and no renaming. Dates are `Date`s; a route's JSON turns them
 * into ISO strings, as Camunda's do. Variables are plain JSON values (see `camunda.ts` for
 * Camunda's typed `{ value, type }` form).
 */
import type { Variables } from '../runtime/types.js';

export interface FetchTopic {
  readonly topicName: string;
  /** Milliseconds the fetched tasks stay locked for this worker. */
  readonly lockDuration: number;
  /** Names of the variables to return; absent or null: all visible at the task; []: none. */
  readonly variables?: readonly string[] | null;
  /** Only the task's own scope's variables, not those of enclosing scopes (default false). */
  readonly localVariables?: boolean;
}

export interface FetchAndLockRequest {
  readonly workerId: string;
  /** At most this many tasks over all topics (1…1000). */
  readonly maxTasks: number;
  readonly topics: readonly FetchTopic[];
  /** Highest priority first; otherwise oldest first. */
  readonly usePriority?: boolean;
  /**
   * Long polling: when nothing is fetchable, wait up to this many milliseconds (at most 30
   * minutes, Camunda's limit) for a task of a requested topic, and answer as soon as one is locked.
   */
  readonly asyncResponseTimeout?: number;
}

export interface FetchOptions {
  /** Ends a long poll early (the HTTP client went away); the answer is then []. */
  readonly signal?: AbortSignal;
}

/** A task as the worker that locked it sees it. */
export interface LockedExternalTask {
  readonly id: string;
  readonly topicName: string;
  readonly workerId: string;
  readonly lockExpirationTime: Date;
  readonly processInstanceId: string;
  readonly processDefinitionId: string;
  readonly processDefinitionKey: string;
  readonly businessKey: string | null;
  readonly activityId: string;
  /** The token waiting at the task (Camunda's activity instance). */
  readonly activityInstanceId: string;
  readonly variables: Variables;
  /** Retries left as last reported; null before the first failure. */
  readonly retries: number | null;
  readonly errorMessage: string | null;
  readonly priority: number;
  readonly createTime: Date;
}

/** A task in listings (no variables; `errorDetails` via `errorDetails(id)`). */
export interface ExternalTaskView {
  readonly id: string;
  readonly topicName: string;
  /** The worker that locked it last, or null; its lock may have expired. */
  readonly workerId: string | null;
  readonly lockExpirationTime: Date | null;
  readonly processInstanceId: string;
  readonly activityId: string;
  readonly activityInstanceId: string;
  readonly retries: number | null;
  readonly errorMessage: string | null;
  readonly priority: number;
  /** Not fetchable before this (back-off after a failure); null: at once. */
  readonly dueAt: Date | null;
  readonly incidentId: string | null;
  readonly createTime: Date;
}

export interface ExternalTaskFailure {
  readonly errorMessage?: string;
  /** A longer text, e.g. a stack trace; stored apart and read with `errorDetails(id)`. */
  readonly errorDetails?: string;
  /**
   * Attempts still allowed after this failure (Camunda's meaning; ≥ 0; 0 opens an incident).
   * Absent: the engine's job retry policy (`createEngine({ jobRetries })`): `retries + 1`
   * attempts in all, with its doubling back-off.
   */
  readonly retries?: number;
  /** Milliseconds before the task may be fetched again. Absent: the policy's back-off when
   * `retries` is absent too, else 0 (Camunda's default). */
  readonly retryTimeout?: number;
}

/** What a completion (or BPMN error) did. */
export interface ExternalTaskOutcome {
  readonly id: string;
  /** True when this repeated an earlier identical request of the same worker: nothing changed. */
  readonly repeated: boolean;
}
