/**
 * snake_case records ⇄ camelCase rows, one small function per table. Written out by hand
 * rather than by a generic key converter: it is the hot path, it keeps TypeScript honest
 * about every column, and it is the one place that smooths over driver differences (both our
 * servers are read through `pg`, but an embedding program may hand us a knex of its own):
 * - jsonb: `pg` parses it, but a driver configured without type parsers hands back text —
 *   accept either;
 * - bigint (history ids): `pg` returns a string, PGlite's own driver a number;
 * - timestamptz: both return Date; strings are accepted defensively.
 */
import type {
  DefinitionRow, DefinitionSummary, DeploymentRow, HistoryRow, InstanceInfo, InstanceRow, JobRow,
  NewHistory, NewInstance, NewJob, NewNotification, NewSubscription, NewTask, NotificationRow, SubscriptionRow, TaskRow,
} from './rows.js';
import { DEFAULT_TASK_PRIORITY } from './rows.js';
import type { InstanceState, InstanceStatus } from '../runtime/types.js';

/** A record as the driver returns it. */
export type Rec = Record<string, unknown>;

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v ?? null) as string | null;
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const dateOrNull = (v: unknown): Date | null => (v == null ? null : date(v));
const int = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const intOrNull = (v: unknown): number | null => (v == null ? null : int(v));
const strings = (v: unknown): string[] => (v ?? []) as string[];
function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}
/** jsonb parameters must be text: `pg` would turn a JS array into a PostgreSQL array. */
const jsonParam = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));

export const deploymentFromDb = (r: Rec): DeploymentRow => ({
  id: str(r.id),
  name: str(r.name),
  createdAt: date(r.created_at),
});

export const deploymentToDb = (r: DeploymentRow): Rec => ({ id: r.id, name: r.name, created_at: r.createdAt });

export const definitionSummaryFromDb = (r: Rec): DefinitionSummary => ({
  id: str(r.id),
  key: str(r.key),
  version: int(r.version),
  name: strOrNull(r.name),
  deploymentId: str(r.deployment_id),
  resource: str(r.resource),
  hash: str(r.hash),
  createdAt: date(r.created_at),
});

export const definitionFromDb = (r: Rec): DefinitionRow => ({ ...definitionSummaryFromDb(r), xml: str(r.xml) });

export const definitionToDb = (r: DefinitionRow): Rec => ({
  id: r.id,
  key: r.key,
  version: r.version,
  name: r.name,
  deployment_id: r.deploymentId,
  resource: r.resource,
  xml: r.xml,
  hash: r.hash,
  created_at: r.createdAt,
});

export const instanceInfoFromDb = (r: Rec): InstanceInfo => ({
  id: str(r.id),
  rootId: str(r.root_id),
  parentId: strOrNull(r.parent_id),
  parentTokenId: strOrNull(r.parent_token_id),
  definitionId: str(r.definition_id),
  processKey: str(r.process_key),
  businessKey: strOrNull(r.business_key),
  status: str(r.status) as InstanceStatus,
  startedAt: date(r.started_at),
  endedAt: dateOrNull(r.ended_at),
  rev: int(r.rev),
});

export const instanceFromDb = (r: Rec): InstanceRow => ({ ...instanceInfoFromDb(r), state: json<InstanceState>(r.state) });

export const instanceToDb = (r: NewInstance): Rec => ({
  id: r.id,
  root_id: r.rootId,
  parent_id: r.parentId ?? null,
  parent_token_id: r.parentTokenId ?? null,
  definition_id: r.definitionId,
  process_key: r.processKey,
  business_key: r.businessKey ?? null,
  status: r.status,
  state: jsonParam(r.state),
  started_at: r.startedAt,
  ended_at: r.endedAt ?? null,
});

export const stateParam = (state: InstanceState): string => JSON.stringify(state);

export const taskFromDb = (r: Rec): TaskRow => ({
  id: str(r.id),
  instanceId: str(r.instance_id),
  rootId: str(r.root_id),
  definitionId: str(r.definition_id),
  processKey: str(r.process_key),
  elementId: str(r.element_id),
  name: strOrNull(r.name),
  tokenId: str(r.token_id),
  assignee: strOrNull(r.assignee),
  candidateUsers: strings(r.candidate_users),
  candidateGroups: strings(r.candidate_groups),
  businessKey: strOrNull(r.business_key),
  createdAt: date(r.created_at),
  dueAt: dateOrNull(r.due_at),
  priority: int(r.priority),
  owner: strOrNull(r.owner),
  delegationState: strOrNull(r.delegation_state) as TaskRow['delegationState'],
  loopIndex: r.loop_index === null || r.loop_index === undefined ? null : int(r.loop_index),
});

export const taskToDb = (r: NewTask): Rec => ({
  id: r.id,
  instance_id: r.instanceId,
  root_id: r.rootId,
  definition_id: r.definitionId,
  process_key: r.processKey,
  element_id: r.elementId,
  name: r.name ?? null,
  token_id: r.tokenId,
  assignee: r.assignee ?? null,
  candidate_users: [...(r.candidateUsers ?? [])],
  candidate_groups: [...(r.candidateGroups ?? [])],
  business_key: r.businessKey ?? null,
  created_at: r.createdAt,
  due_at: r.dueAt ?? null,
  priority: r.priority ?? DEFAULT_TASK_PRIORITY,
  owner: r.owner ?? null,
  delegation_state: r.delegationState ?? null,
  loop_index: r.loopIndex ?? null,
});

export const jobFromDb = (r: Rec): JobRow => ({
  id: str(r.id),
  instanceId: str(r.instance_id),
  rootId: str(r.root_id),
  kind: str(r.kind),
  topic: str(r.topic),
  elementId: str(r.element_id),
  tokenId: str(r.token_id),
  script: strOrNull(r.script),
  createdAt: date(r.created_at),
  dueAt: dateOrNull(r.due_at),
  lockedBy: strOrNull(r.locked_by),
  lockExpiresAt: dateOrNull(r.lock_expires_at),
  retries: intOrNull(r.retries),
  errorMessage: strOrNull(r.error_message),
  payload: r.payload === null || r.payload === undefined ? null : (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
});

export const jobToDb = (r: NewJob): Rec => ({
  id: r.id,
  instance_id: r.instanceId,
  root_id: r.rootId,
  kind: r.kind,
  topic: r.topic,
  element_id: r.elementId,
  token_id: r.tokenId,
  script: r.script ?? null,
  created_at: r.createdAt,
  due_at: r.dueAt ?? null,
  locked_by: r.lockedBy ?? null,
  lock_expires_at: r.lockExpiresAt ?? null,
  retries: r.retries ?? null,
  error_message: r.errorMessage ?? null,
  payload: r.payload ?? null,
});

export const subscriptionFromDb = (r: Rec): SubscriptionRow => ({
  id: str(r.id),
  instanceId: str(r.instance_id),
  rootId: str(r.root_id),
  kind: str(r.kind),
  name: str(r.name),
  correlationKey: strOrNull(r.correlation_key),
  elementId: str(r.element_id),
  tokenId: str(r.token_id),
  createdAt: date(r.created_at),
});

export const subscriptionToDb = (r: NewSubscription): Rec => ({
  id: r.id,
  instance_id: r.instanceId,
  root_id: r.rootId,
  kind: r.kind,
  name: r.name,
  correlation_key: r.correlationKey ?? null,
  element_id: r.elementId,
  token_id: r.tokenId,
  created_at: r.createdAt,
});

export const historyFromDb = (r: Rec): HistoryRow => ({
  id: int(r.id),
  instanceId: str(r.instance_id),
  rootId: str(r.root_id),
  type: str(r.type),
  elementId: strOrNull(r.element_id),
  elementType: strOrNull(r.element_type),
  tokenId: strOrNull(r.token_id),
  taskId: strOrNull(r.task_id),
  userId: strOrNull(r.user_id),
  data: r.data == null ? null : json<Record<string, unknown>>(r.data),
  time: date(r.time),
});

export const historyToDb = (r: NewHistory): Rec => ({
  instance_id: r.instanceId,
  root_id: r.rootId,
  type: r.type,
  element_id: r.elementId ?? null,
  element_type: r.elementType ?? null,
  token_id: r.tokenId ?? null,
  task_id: r.taskId ?? null,
  user_id: r.userId ?? null,
  data: jsonParam(r.data),
  time: r.time,
});

export const notificationFromDb = (r: Rec): NotificationRow => ({
  id: str(r.id),
  instanceId: str(r.instance_id),
  rootId: str(r.root_id),
  taskId: strOrNull(r.task_id),
  elementId: strOrNull(r.element_id),
  kind: str(r.kind) as NotificationRow['kind'],
  recipientUser: strOrNull(r.recipient_user),
  recipientGroup: strOrNull(r.recipient_group),
  sender: strOrNull(r.sender),
  comment: strOrNull(r.comment),
  createdAt: date(r.created_at),
  readAt: dateOrNull(r.read_at),
});

export const notificationToDb = (r: NewNotification): Rec => ({
  id: r.id,
  instance_id: r.instanceId,
  root_id: r.rootId,
  task_id: r.taskId,
  element_id: r.elementId,
  kind: r.kind,
  recipient_user: r.recipientUser,
  recipient_group: r.recipientGroup,
  sender: r.sender,
  comment: r.comment,
  created_at: r.createdAt,
});
