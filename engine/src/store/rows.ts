/**
 * Row types of the engine's tables, camelCase in TypeScript (the SQL is snake_case; see
 * `map.ts`). Nullable columns are `T | null` when read, because that is what the database
 * holds; the `New…` insert types let callers leave nullable and defaulted columns out.
 */
import type { InstanceState, InstanceStatus } from '../runtime/types.js';

/** An insert: the listed nullable or defaulted columns may be left out. */
type NewRow<Row, Optional extends keyof Row> = Omit<Row, Optional> & Partial<Pick<Row, Optional>>;

/** Task priority when the model says nothing (Camunda's default, so workers feel at home). */
export const DEFAULT_TASK_PRIORITY = 50;

export interface DeploymentRow {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface DefinitionRow {
  readonly id: string;
  /** The BPMN process id; versions count up per key. */
  readonly key: string;
  readonly version: number;
  readonly name: string | null;
  readonly deploymentId: string;
  /** The resource (file) name the XML was deployed as. */
  readonly resource: string;
  readonly xml: string;
  /** Hash of the XML: an identical redeploy reuses the latest version instead of adding one. */
  readonly hash: string;
  readonly createdAt: Date;
}

/** A definition without its XML, for listings (XML can be hundreds of kilobytes). */
export type DefinitionSummary = Omit<DefinitionRow, 'xml'>;

export interface InstanceRow {
  readonly id: string;
  /** Top of the call-activity tree (equals `id` for a top-level instance). */
  readonly rootId: string;
  readonly parentId: string | null;
  /** The parent's call-activity token waiting for this instance. */
  readonly parentTokenId: string | null;
  readonly definitionId: string;
  readonly processKey: string;
  readonly businessKey: string | null;
  readonly status: InstanceStatus;
  /** The full runtime state; tasks, jobs and subscriptions are projections of it. */
  readonly state: InstanceState;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  /** Bumped by every state write; lets readers notice a change without comparing state. */
  readonly rev: number;
}

/** An instance without its state, for listings and look-ups that only need its identity. */
export type InstanceInfo = Omit<InstanceRow, 'state'>;
export type NewInstance = NewRow<Omit<InstanceRow, 'rev'>, 'parentId' | 'parentTokenId' | 'businessKey' | 'endedAt'>;

export interface TaskRow {
  readonly id: string;
  readonly instanceId: string;
  readonly rootId: string;
  readonly definitionId: string;
  readonly processKey: string;
  readonly elementId: string;
  readonly name: string | null;
  readonly tokenId: string;
  readonly assignee: string | null;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  /** Copied from the instance so that worklists filter without a join. */
  readonly businessKey: string | null;
  readonly createdAt: Date;
  readonly dueAt: Date | null;
  readonly priority: number;
  /** While delegated (委派): the assignee the task returns to. */
  readonly owner: string | null;
  readonly delegationState: 'pending' | 'resolved' | null;
  /** Position of the signer in a multi-instance approval step. */
  readonly loopIndex: number | null;
}
export type NewTask = NewRow<
  TaskRow,
  'name' | 'assignee' | 'candidateUsers' | 'candidateGroups' | 'businessKey' | 'dueAt' | 'priority' | 'owner' | 'delegationState' | 'loopIndex'
>;

export interface JobRow {
  readonly id: string;
  readonly instanceId: string;
  readonly rootId: string;
  /** What runs it: 'serviceTask', 'script', later 'timer', 'async', … (the jobs/ module owns the list). */
  readonly kind: string;
  /** External-task topic, handler name or script format. */
  readonly topic: string;
  readonly elementId: string;
  readonly tokenId: string;
  readonly script: string | null;
  readonly createdAt: Date;
  /** Not before this time (timers, retry back-off); null = now. */
  readonly dueAt: Date | null;
  readonly lockedBy: string | null;
  readonly lockExpiresAt: Date | null;
  /** Retries left; null = not yet set by a worker (the default applies). */
  readonly retries: number | null;
  readonly errorMessage: string | null;
  /** Kind-specific data: a timer start's cycle (`repeatsLeft`, `interval`). */
  readonly payload: Readonly<Record<string, unknown>> | null;
}
export type NewJob = NewRow<JobRow, 'script' | 'dueAt' | 'lockedBy' | 'lockExpiresAt' | 'retries' | 'errorMessage' | 'payload'>;

export interface SubscriptionRow {
  readonly id: string;
  readonly instanceId: string;
  readonly rootId: string;
  /** 'message' today; signals and conditions later. */
  readonly kind: string;
  /** Message (or signal) name. */
  readonly name: string;
  readonly correlationKey: string | null;
  readonly elementId: string;
  readonly tokenId: string;
  readonly createdAt: Date;
}
export type NewSubscription = NewRow<SubscriptionRow, 'correlationKey'>;

export interface HistoryRow {
  /** Insertion order; history of one instance is read back in this order. */
  readonly id: number;
  readonly instanceId: string;
  readonly rootId: string;
  /** A `HistoryEvent` type, or an approval operation recorded by the layer above. */
  readonly type: string;
  readonly elementId: string | null;
  readonly elementType: string | null;
  readonly tokenId: string | null;
  readonly taskId: string | null;
  readonly userId: string | null;
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly time: Date;
}
export type NewHistory = NewRow<
  Omit<HistoryRow, 'id'>,
  'elementId' | 'elementType' | 'tokenId' | 'taskId' | 'userId' | 'data'
>;

/**
 * A CC (抄送) or reminder notice, one per recipient user or group. A row addressed to a group
 * has one read mark shared by the group (the first member who reads it marks it for all): the
 * notice is a shared-mailbox item, like the group's candidate tasks.
 */
export interface NotificationRow {
  readonly id: string;
  readonly instanceId: string;
  readonly rootId: string;
  readonly taskId: string | null;
  readonly elementId: string | null;
  readonly kind: 'cc' | 'reminder';
  readonly recipientUser: string | null;
  readonly recipientGroup: string | null;
  /** Who sent it (the user who CC'd); null for the engine's own reminders. */
  readonly sender: string | null;
  readonly comment: string | null;
  readonly createdAt: Date;
  /** Null while unread. */
  readonly readAt: Date | null;
}
/** What the runtime emits; every field is given (null where it does not apply), unread. */
export type NewNotification = Omit<NotificationRow, 'readAt'>;
