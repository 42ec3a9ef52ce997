/**
 * Every SQL statement of the engine, as small typed functions (DESIGN §2 store/).
 *
 * Kept in one file so that a reviewer sees all the database traffic at a glance, and a
 * benchmark regression has one place to look. Rules, because a command's cost is mostly
 * round trips (the benchmark compares against pgbench):
 * - one statement, one round trip per function; nothing when there is nothing to do;
 * - multi-row inserts, `= any(?)` deletes; no loops of single-row statements (no N+1);
 * - explicit column lists, never `select *`; listings leave out big columns (XML, state);
 * - every statement that touches runtime tables names one instance (or looks rows up by their
 *   own key), so the tables can be distributed by instance later (DESIGN §6);
 * - plain SQL strings with `?` bindings via `raw` for reads and updates (cheap to build,
 *   easy to read, easy to EXPLAIN); knex's builder only for multi-row inserts.
 * Every function takes `db`, a knex instance or an open transaction: the command shell runs
 * a whole command in one transaction, tests may pass the bare instance.
 */
import type { Knex } from 'knex';
import type {
  DefinitionRow, DefinitionSummary, DeploymentRow, HistoryRow, InstanceInfo, InstanceRow, JobRow,
  NewHistory, NewInstance, NewJob, NewSubscription, NewTask, SubscriptionRow, TaskRow,
} from './rows.js';
import type { Rec } from './map.js';
import {
  definitionFromDb, definitionSummaryFromDb, definitionToDb, deploymentToDb, historyFromDb, historyToDb,
  instanceFromDb, instanceInfoFromDb, instanceToDb, jobFromDb, jobToDb, stateParam, subscriptionFromDb,
  subscriptionToDb, taskFromDb, taskToDb,
} from './map.js';
import type { InstanceState, InstanceStatus } from '../runtime/types.js';

export type Db = Knex | Knex.Transaction;

const DEFINITION_SUMMARY = 'id, key, version, name, deployment_id, resource, hash, created_at';
const DEFINITION = `${DEFINITION_SUMMARY}, xml`;
const INSTANCE_INFO =
  'id, root_id, parent_id, parent_token_id, definition_id, process_key, business_key, status, started_at, ended_at, rev';
const INSTANCE = `${INSTANCE_INFO}, state`;
const TASK =
  'id, instance_id, root_id, definition_id, process_key, element_id, name, token_id, assignee, ' +
  'candidate_users, candidate_groups, business_key, created_at, due_at, priority';
const JOB =
  'id, instance_id, root_id, kind, topic, element_id, token_id, script, created_at, due_at, ' +
  'locked_by, lock_expires_at, retries, error_message';
const SUBSCRIPTION = 'id, instance_id, root_id, kind, name, correlation_key, element_id, token_id, created_at';
const HISTORY = 'id, instance_id, root_id, type, element_id, element_type, token_id, task_id, user_id, data, time';

async function rows(db: Db, sql: string, bindings: readonly unknown[]): Promise<Rec[]> {
  const result = await db.raw<{ rows: Rec[] }>(sql, bindings as Knex.RawBinding[]);
  return result.rows;
}

async function first<T>(db: Db, sql: string, bindings: readonly unknown[], map: (r: Rec) => T): Promise<T | undefined> {
  const [row] = await rows(db, sql, bindings);
  return row === undefined ? undefined : map(row);
}

async function insert<T>(db: Db, table: string, items: readonly T[], map: (r: T) => Rec): Promise<void> {
  if (items.length === 0) return;
  await db(table).insert(items.map(map));
}

async function deleteByIds(db: Db, table: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.raw<{ rowCount: number | null }>(`delete from ${table} where id = any(?::text[])`, [[...ids]]);
  return result.rowCount ?? 0;
}

/** `limit ? offset ?` for optional paging; integers only, so a bad value cannot reach SQL. */
function paging(limit: number | undefined, offset: number | undefined, bindings: unknown[]): string {
  let sql = '';
  if (limit !== undefined) {
    sql += ' limit ?';
    bindings.push(nonNegativeInt(limit, 'limit'));
  }
  if (offset !== undefined) {
    sql += ' offset ?';
    bindings.push(nonNegativeInt(offset, 'offset'));
  }
  return sql;
}

function nonNegativeInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  return value;
}

// ── deployments and definitions ────────────────────────────────────────────────────────────

export async function insertDeployment(db: Db, row: DeploymentRow): Promise<void> {
  await insert(db, 'tb_deployment', [row], deploymentToDb);
}

/** Fails with a unique violation (23505) if another deploy took this key and version first. */
export async function insertDefinition(db: Db, row: DefinitionRow): Promise<void> {
  await insert(db, 'tb_definition', [row], definitionToDb);
}

export function findDefinitionById(db: Db, id: string): Promise<DefinitionRow | undefined> {
  return first(db, `select ${DEFINITION} from tb_definition where id = ?`, [id], definitionFromDb);
}

export function findLatestDefinition(db: Db, key: string): Promise<DefinitionRow | undefined> {
  return first(
    db,
    `select ${DEFINITION} from tb_definition where key = ? order by version desc limit 1`,
    [key],
    definitionFromDb,
  );
}

export function findDefinition(db: Db, key: string, version: number): Promise<DefinitionRow | undefined> {
  return first(db, `select ${DEFINITION} from tb_definition where key = ? and version = ?`, [key, version], definitionFromDb);
}

/** Definitions without their XML, by key then version. */
export async function listDefinitions(db: Db, query: { key?: string } = {}): Promise<DefinitionSummary[]> {
  const records =
    query.key === undefined
      ? await rows(db, `select ${DEFINITION_SUMMARY} from tb_definition order by key, version`, [])
      : await rows(db, `select ${DEFINITION_SUMMARY} from tb_definition where key = ? order by version`, [query.key]);
  return records.map(definitionSummaryFromDb);
}

/**
 * The latest definition of `key` if its XML hash is `hash`: deploying the same XML again
 * then reuses it instead of adding a version. Only the latest counts — redeploying an older
 * text after a change is a real change back and gets a new version (as in Camunda).
 */
export function findDefinitionByHash(db: Db, key: string, hash: string): Promise<DefinitionRow | undefined> {
  return first(
    db,
    `select ${DEFINITION} from (select ${DEFINITION} from tb_definition where key = ? order by version desc limit 1) d
     where d.hash = ?`,
    [key, hash],
    definitionFromDb,
  );
}

// ── instances ──────────────────────────────────────────────────────────────────────────────

export async function insertInstance(db: Db, row: NewInstance): Promise<void> {
  await insert(db, 'tb_instance', [row], instanceToDb);
}

/**
 * Reads the instance and locks its row until the transaction ends: the first statement of
 * every command. A second command on the same instance waits here, so commands on one
 * instance are serialised while commands on different instances run in parallel.
 */
export function lockInstance(db: Db, id: string): Promise<InstanceRow | undefined> {
  return first(db, `select ${INSTANCE} from tb_instance where id = ? for update`, [id], instanceFromDb);
}

/** Unlocked read (queries, diagrams). Use `lockInstance` before changing anything. */
export function getInstance(db: Db, id: string): Promise<InstanceRow | undefined> {
  return first(db, `select ${INSTANCE} from tb_instance where id = ?`, [id], instanceFromDb);
}

export interface InstanceUpdate {
  readonly status: InstanceStatus;
  readonly state: InstanceState;
  /** Set when the instance ends; absent or null while it runs. */
  readonly endedAt?: Date | null;
}

/** Writes a command's outcome; returns the new `rev`, or undefined if there is no such instance. */
export async function updateInstance(db: Db, id: string, update: InstanceUpdate): Promise<number | undefined> {
  const [row] = await rows(
    db,
    'update tb_instance set status = ?, state = ?, ended_at = ?, rev = rev + 1 where id = ? returning rev',
    [update.status, stateParam(update.state), update.endedAt ?? null, id],
  );
  return row === undefined ? undefined : Number(row.rev);
}

/** The instance a call activity started from `parentTokenId` of `parentId` (without state). */
export function findChildInstance(db: Db, parentId: string, parentTokenId: string): Promise<InstanceInfo | undefined> {
  return first(
    db,
    `select ${INSTANCE_INFO} from tb_instance where parent_id = ? and parent_token_id = ?`,
    [parentId, parentTokenId],
    instanceInfoFromDb,
  );
}

export interface InstanceQuery {
  readonly processKey?: string;
  readonly status?: InstanceStatus;
  readonly businessKey?: string;
  readonly rootId?: string;
  readonly parentId?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** Instances without state, newest first (then by id, for stable paging). */
export async function queryInstances(db: Db, query: InstanceQuery = {}): Promise<InstanceInfo[]> {
  const where: string[] = [];
  const bindings: unknown[] = [];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    bindings.push(value);
  };
  eq('process_key', query.processKey);
  eq('status', query.status);
  eq('business_key', query.businessKey);
  eq('root_id', query.rootId);
  eq('parent_id', query.parentId);
  const sql =
    `select ${INSTANCE_INFO} from tb_instance${where.length ? ` where ${where.join(' and ')}` : ''}` +
    ' order by started_at desc, id' +
    paging(query.limit, query.offset, bindings);
  return (await rows(db, sql, bindings)).map(instanceInfoFromDb);
}

// ── tasks ──────────────────────────────────────────────────────────────────────────────────

export function insertTasks(db: Db, tasks: readonly NewTask[]): Promise<void> {
  return insert(db, 'tb_task', tasks, taskToDb);
}

/** Removes ended tasks (their story lives on in history); returns how many were deleted. */
export function deleteTasks(db: Db, ids: readonly string[]): Promise<number> {
  return deleteByIds(db, 'tb_task', ids);
}

export function getTask(db: Db, id: string): Promise<TaskRow | undefined> {
  return first(db, `select ${TASK} from tb_task where id = ?`, [id], taskFromDb);
}

export interface TaskQuery {
  readonly instanceId?: string;
  readonly assignee?: string;
  /**
   * With `candidateGroups`: tasks offered to this user directly OR to any of the groups —
   * the "tasks I may claim" worklist. Does not exclude assigned tasks; add `assignee` or
   * filter if needed.
   */
  readonly candidateUser?: string;
  /** The user's groups; an empty list matches nothing (not everything). */
  readonly candidateGroups?: readonly string[];
  readonly processKey?: string;
  readonly businessKey?: string;
  readonly elementId?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Tasks by creation time (then id, for stable paging). Candidate filters use the GIN
 * indexes: `@>` and `&&` (not `= any(…)`, which cannot use them).
 */
export async function queryTasks(db: Db, query: TaskQuery = {}): Promise<TaskRow[]> {
  const where: string[] = [];
  const bindings: unknown[] = [];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    bindings.push(value);
  };
  eq('instance_id', query.instanceId);
  eq('assignee', query.assignee);
  eq('process_key', query.processKey);
  eq('business_key', query.businessKey);
  eq('element_id', query.elementId);
  const offered: string[] = [];
  if (query.candidateUser !== undefined) {
    offered.push('candidate_users @> array[?]::text[]');
    bindings.push(query.candidateUser);
  }
  if (query.candidateGroups !== undefined) {
    if (query.candidateGroups.length > 0) {
      offered.push('candidate_groups && ?::text[]');
      bindings.push([...query.candidateGroups]);
    } else {
      offered.push('false');
    }
  }
  if (offered.length > 0) where.push(`(${offered.join(' or ')})`);
  const sql =
    `select ${TASK} from tb_task${where.length ? ` where ${where.join(' and ')}` : ''}` +
    ' order by created_at, id' +
    paging(query.limit, query.offset, bindings);
  return (await rows(db, sql, bindings)).map(taskFromDb);
}

// ── jobs ───────────────────────────────────────────────────────────────────────────────────

export function insertJobs(db: Db, jobs: readonly NewJob[]): Promise<void> {
  return insert(db, 'tb_job', jobs, jobToDb);
}

export function deleteJobs(db: Db, ids: readonly string[]): Promise<number> {
  return deleteByIds(db, 'tb_job', ids);
}

export function getJob(db: Db, id: string): Promise<JobRow | undefined> {
  return first(db, `select ${JOB} from tb_job where id = ?`, [id], jobFromDb);
}

/** Jobs by creation time (then id). */
export async function queryJobs(db: Db, query: { topic?: string; instanceId?: string } = {}): Promise<JobRow[]> {
  const where: string[] = [];
  const bindings: unknown[] = [];
  if (query.topic !== undefined) {
    where.push('topic = ?');
    bindings.push(query.topic);
  }
  if (query.instanceId !== undefined) {
    where.push('instance_id = ?');
    bindings.push(query.instanceId);
  }
  const sql = `select ${JOB} from tb_job${where.length ? ` where ${where.join(' and ')}` : ''} order by created_at, id`;
  return (await rows(db, sql, bindings)).map(jobFromDb);
}

/** Jobs of the given kinds due by `now` (no due time = due at once), oldest first, not leased. */
export async function dueJobs(db: Db, query: { kinds: readonly string[]; now: Date; limit: number }): Promise<JobRow[]> {
  const sql =
    `select ${JOB} from tb_job where kind = any(?::text[]) and coalesce(due_at, created_at) <= ? ` +
    `and (lock_expires_at is null or lock_expires_at < ?) order by coalesce(due_at, created_at), id limit ?`;
  return (await rows(db, sql, [[...query.kinds], query.now, query.now, query.limit])).map(jobFromDb);
}

// ── subscriptions ──────────────────────────────────────────────────────────────────────────

export function insertSubscriptions(db: Db, subscriptions: readonly NewSubscription[]): Promise<void> {
  return insert(db, 'tb_subscription', subscriptions, subscriptionToDb);
}

export function deleteSubscriptions(db: Db, ids: readonly string[]): Promise<number> {
  return deleteByIds(db, 'tb_subscription', ids);
}

export function getSubscription(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  return first(db, `select ${SUBSCRIPTION} from tb_subscription where id = ?`, [id], subscriptionFromDb);
}

/**
 * Open message subscriptions for a message name and correlation key, oldest first. A null
 * key matches subscriptions without a key. Two statements rather than `is not distinct from`,
 * which PostgreSQL cannot answer from the (kind, name, correlation_key) index.
 */
export async function findMessageSubscriptions(
  db: Db,
  name: string,
  correlationKey: string | null,
): Promise<SubscriptionRow[]> {
  const records =
    correlationKey === null
      ? await rows(
          db,
          `select ${SUBSCRIPTION} from tb_subscription where kind = 'message' and name = ? and correlation_key is null
           order by created_at, id`,
          [name],
        )
      : await rows(
          db,
          `select ${SUBSCRIPTION} from tb_subscription where kind = 'message' and name = ? and correlation_key = ?
           order by created_at, id`,
          [name, correlationKey],
        );
  return records.map(subscriptionFromDb);
}

// ── history ────────────────────────────────────────────────────────────────────────────────

/** Appends events; their ids follow the array order, which is the order they are read back. */
export function insertHistory(db: Db, events: readonly NewHistory[]): Promise<void> {
  return insert(db, 'tb_history', events, historyToDb);
}

export async function listHistory(db: Db, instanceId: string): Promise<HistoryRow[]> {
  return (await rows(db, `select ${HISTORY} from tb_history where instance_id = ? order by id`, [instanceId])).map(
    historyFromDb,
  );
}

/**
 * The latest end event ('taskCompleted' or 'taskCancelled') of a task that no longer exists:
 * tells "already completed" (a retried request — answer idempotently) from "no such task".
 */
export function findTaskHistory(db: Db, taskId: string): Promise<HistoryRow | undefined> {
  return first(
    db,
    `select ${HISTORY} from tb_history where task_id = ? and type in ('taskCompleted', 'taskCancelled')
     order by id desc limit 1`,
    [taskId],
    historyFromDb,
  );
}
