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
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { COMMIT_AFTER, directQuery, PREPARED } from './pipelined-pg.js';
import type {
  DefinitionRow, DefinitionSummary, DeploymentRow, HistoryRow, InstanceInfo, InstanceRow, JobRow,
  NewHistory, NewInstance, NewJob, NewNotification, NewSubscription, NewTask, NotificationRow, SubscriptionRow, TaskRow,
} from './rows.js';
import type { Rec } from './map.js';
import {
  definitionFromDb, definitionSummaryFromDb, definitionToDb, deploymentToDb, historyFromDb, historyToDb,
  instanceFromDb, instanceInfoFromDb, instanceToDb, jobFromDb, jobToDb, notificationFromDb, notificationToDb,
  stateParam, subscriptionFromDb, subscriptionToDb, taskFromDb, taskToDb,
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
  'candidate_users, candidate_groups, business_key, created_at, due_at, priority, owner, delegation_state, loop_index';
const JOB =
  'id, instance_id, root_id, kind, topic, element_id, token_id, script, created_at, due_at, ' +
  'locked_by, lock_expires_at, retries, error_message, payload';
const SUBSCRIPTION = 'id, instance_id, root_id, kind, name, correlation_key, element_id, token_id, created_at';
const HISTORY = 'id, instance_id, root_id, type, element_id, element_type, token_id, task_id, user_id, data, time';

/** `prepared`: a name to prepare a hot statement under, once per connection (fixed text only). */
function rows(db: Db, sql: string, bindings: readonly unknown[], prepared?: string): Promise<Rec[]> {
  return rowsWith(db, sql, bindings, prepared === undefined ? {} : { [PREPARED]: prepared });
}

/** Straight to the connection where the client allows it (pipelined-pg.ts), else through knex. */
async function rowsWith(db: Db, sql: string, bindings: readonly unknown[], options: Record<string, unknown>): Promise<Rec[]> {
  const direct = await directQuery(db, sql, bindings, options);
  if (direct) return direct.rows as Rec[];
  return (await db.raw<{ rows: Rec[] }>(sql, bindings as Knex.RawBinding[]).options(options)).rows;
}

const preparedNames = new Map<string, string>();

/** A stable prepared-statement name for a statement text that comes in a few variants. */
function preparedName(sql: string): string {
  let name = preparedNames.get(sql);
  if (name === undefined) preparedNames.set(sql, (name = `tb_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`));
  return name;
}

async function first<T>(db: Db, sql: string, bindings: readonly unknown[], map: (r: Rec) => T, prepared?: string): Promise<T | undefined> {
  const [row] = await rows(db, sql, bindings, prepared);
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

/** `column = ?` for each given value: the conditions and their bindings, for optional filters. */
function equalities(pairs: ReadonlyArray<readonly [string, string | undefined]>): { where: string[]; bindings: unknown[] } {
  const where: string[] = [];
  const bindings: unknown[] = [];
  for (const [column, value] of pairs) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    bindings.push(value);
  }
  return { where, bindings };
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

/** The latest version of a key, without its XML (every start by key asks; the model is cached by id). */
export function findLatestDefinition(db: Db, key: string): Promise<DefinitionSummary | undefined> {
  return first(db, `select ${DEFINITION_SUMMARY} from tb_definition where key = ? order by version desc limit 1`, [key], definitionSummaryFromDb, 'tb_latest_definition');
}

export function findDefinition(db: Db, key: string, version: number): Promise<DefinitionSummary | undefined> {
  return first(db, `select ${DEFINITION_SUMMARY} from tb_definition where key = ? and version = ?`, [key, version], definitionSummaryFromDb);
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
  const { where, bindings } = equalities([
    ['process_key', query.processKey],
    ['status', query.status],
    ['business_key', query.businessKey],
    ['root_id', query.rootId],
    ['parent_id', query.parentId],
  ]);
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
  const { where, bindings } = equalities([
    ['instance_id', query.instanceId],
    ['assignee', query.assignee],
    ['process_key', query.processKey],
    ['business_key', query.businessKey],
    ['element_id', query.elementId],
  ]);
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
  // Prepared: worklists ask this all the time, in a handful of filter combinations.
  return (await rows(db, sql, bindings, preparedName(sql))).map(taskFromDb);
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

// ── job executor (jobs/): acquisition, leases, failures, incidents ───────────────────────────

/**
 * Kinds the engine's executor runs itself (the others wait for external workers). Must stay
 * within the partial index `tb_job_acquirable` of migration 002, or acquisition stops being
 * an index scan; they are spliced into the SQL as literals for the same reason (the planner
 * proves a partial index applies from constants, not from parameters of a generic plan).
 */
export const EXECUTABLE_JOB_KINDS = ['timer', 'async', 'timerStart'] as const;
export type ExecutableJobKind = (typeof EXECUTABLE_JOB_KINDS)[number];

/** The notification channel; payload `<schema> <due epoch ms>` (see migration 002). */
export const JOB_CHANNEL = 'tongban_jobs';

/** For the executor's dedicated listening connection (outside knex, so not a function here). */
export const LISTEN_JOBS = `listen ${JOB_CHANNEL}`;

/** Subscribes the (one) PGlite connection to job notifications. */
export async function listenJobs(db: Db): Promise<void> {
  await db.raw(LISTEN_JOBS);
}

function kindList(kinds: readonly string[]): string {
  if (kinds.length === 0) throw new RangeError('at least one job kind is needed');
  for (const kind of kinds) {
    if (!(EXECUTABLE_JOB_KINDS as readonly string[]).includes(kind)) throw new RangeError(`${kind} is not an executable job kind`);
  }
  return kinds.map((k) => `'${k}'`).join(', ');
}

export interface AcquireQuery {
  readonly kinds: readonly ExecutableJobKind[];
  readonly workerId: string;
  readonly now: Date;
  /** The lease: until then no other worker takes the jobs. */
  readonly lockExpiresAt: Date;
  readonly limit: number;
}

function acquireSql(query: AcquireQuery): { sql: string; bindings: unknown[] } {
  return {
    sql:
      `update tb_job set locked_by = ?, lock_expires_at = ? where id in (` +
      `select id from tb_job where kind in (${kindList(query.kinds)}) and incident_id is null and due_at <= ? ` +
      `and (lock_expires_at is null or lock_expires_at < ?) order by due_at limit ? for update skip locked) ` +
      `returning ${JOB}`,
    bindings: [query.workerId, query.lockExpiresAt, query.now, query.now, nonNegativeInt(query.limit, 'limit')],
  };
}

/**
 * Leases up to `limit` due jobs, oldest first, in one statement: rows another worker is
 * acquiring or running right now are skipped, not waited for, and a lease that expired (its
 * worker died) is taken over. Returned in no particular order.
 */
export async function acquireJobs(db: Db, query: AcquireQuery): Promise<JobRow[]> {
  const { sql, bindings } = acquireSql(query);
  return (await rows(db, sql, bindings)).map(jobFromDb);
}

/** The plan of `acquireJobs` (EXPLAIN, not run), one line per row: for the benchmark and tests. */
export async function explainAcquireJobs(db: Db, query: AcquireQuery): Promise<string[]> {
  const { sql, bindings } = acquireSql(query);
  return (await rows(db, `explain ${sql}`, bindings)).map((r) => String(r['QUERY PLAN']));
}

/**
 * Re-reads a leased job under a row lock, only if the lease is still `workerId`'s: run inside
 * the job's transaction after the instance lock, so a job whose lease expired and was taken
 * over by another worker is not run twice.
 */
export function lockLeasedJob(db: Db, id: string, workerId: string): Promise<JobRow | undefined> {
  return first(db, `select ${JOB} from tb_job where id = ? and locked_by = ? for update`, [id, workerId], jobFromDb);
}

const INSTANCE_QUALIFIED = INSTANCE.split(', ').map((column) => `i.${column}`).join(', ');

/**
 * `lockInstance` and `lockLeasedJob` in one round trip, for the executor's hot path: locks the
 * root instance, then (in that order, the order every command uses, so no deadlock) the job
 * row if `workerId` still holds its lease. Locked rows that changed while we waited are
 * re-checked (EvalPlanQual), so a job deleted or taken over meanwhile yields no row.
 * Undefined when the instance or the job is missing or the lease is lost. Joined on `root_id`,
 * so both rows live on one shard when the tables are distributed by it (DESIGN §6).
 */
export function lockRootOfLeasedJob(db: Db, rootId: string, jobId: string, workerId: string): Promise<InstanceRow | undefined> {
  return first(
    db,
    `select ${INSTANCE_QUALIFIED} from tb_instance i join tb_job j on j.id = ? and j.root_id = i.id and j.locked_by = ? ` +
      'where i.id = ? for update',
    [jobId, workerId, rootId],
    instanceFromDb,
  );
}

/** Gives leased jobs back (graceful shutdown): due again for any worker at once. */
export async function releaseJobs(db: Db, ids: readonly string[], workerId: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.raw<{ rowCount: number | null }>(
    'update tb_job set locked_by = null, lock_expires_at = null where id = any(?::text[]) and locked_by = ?',
    [[...ids], workerId],
  );
  return result.rowCount ?? 0;
}

/** The earliest due time of an unleased executable job, to sleep until then. */
export async function nextJobDue(db: Db, kinds: readonly ExecutableJobKind[]): Promise<Date | undefined> {
  const [row] = await rows(
    db,
    `select due_at from tb_job where kind in (${kindList(kinds)}) and incident_id is null and locked_by is null ` +
      'order by due_at limit 1',
    [],
  );
  return row === undefined ? undefined : dateOrNullRec(row.due_at) ?? undefined;
}

const JOB_QUALIFIED = JOB.split(', ').map((column) => `j.${column}`).join(', ');

export interface JobFailure {
  readonly id: string;
  readonly workerId: string;
  readonly retries: number;
  readonly dueAt: Date;
  readonly errorMessage: string;
  /** Set when retries ran out: the job leaves acquisition until `retryJob`. */
  readonly incidentId: string | null;
}

/** Records a failed run and ends the lease; undefined when the job is gone or no longer ours. */
export function recordJobFailure(db: Db, failure: JobFailure): Promise<JobRow | undefined> {
  return first(
    db,
    'update tb_job set retries = ?, due_at = ?, error_message = ?, incident_id = ?, locked_by = null, lock_expires_at = null ' +
      `where id = ? and locked_by = ? returning ${JOB}`,
    [failure.retries, failure.dueAt, failure.errorMessage, failure.incidentId, failure.id, failure.workerId],
    jobFromDb,
  );
}

/**
 * Makes a job due at `dueAt` with its retries reset and its incident cleared; returns the job
 * and the incident it had (to resolve), or undefined when there is no such job.
 */
export async function resetJobRetries(
  db: Db,
  id: string,
  dueAt: Date,
): Promise<{ job: JobRow; incidentId: string | null } | undefined> {
  const [row] = await rows(
    db,
    `with old as (select id, incident_id from tb_job where id = ? for update)
     update tb_job j set retries = null, incident_id = null, due_at = ?, locked_by = null, lock_expires_at = null
     from old where j.id = old.id returning ${JOB_QUALIFIED}, old.incident_id as old_incident_id`,
    [id, dueAt],
  );
  return row === undefined ? undefined : { job: jobFromDb(row), incidentId: (row.old_incident_id ?? null) as string | null };
}

/** Wakes executors listening on this schema (`LISTEN tongban_jobs`) once the transaction commits. */
export async function notifyJobs(db: Db, dueAt: Date): Promise<void> {
  await db.raw(`select pg_notify('${JOB_CHANNEL}', current_schema() || ' ' || ?::text)`, [String(dueAt.getTime())]);
}

/** The schema unqualified table names resolve to: executors compare it with notification payloads. */
export async function currentSchema(db: Db): Promise<string> {
  const [row] = await rows(db, 'select current_schema() as schema', []);
  return String(row?.schema);
}

export interface IncidentRow {
  readonly id: string;
  readonly jobId: string;
  readonly jobKind: string;
  readonly instanceId: string;
  readonly rootId: string;
  readonly elementId: string;
  /** The last failure's message. */
  readonly message: string;
  readonly createdAt: Date;
  /** Null while open. */
  readonly resolvedAt: Date | null;
  /** 'retried' (retryJob), 'jobDeleted' (its scope or instance ended); null while open. */
  readonly resolution: string | null;
}

const INCIDENT = 'id, job_id, job_kind, instance_id, root_id, element_id, message, created_at, resolved_at, resolution';

const incidentFromDb = (r: Rec): IncidentRow => ({
  id: String(r.id),
  jobId: String(r.job_id),
  jobKind: String(r.job_kind),
  instanceId: String(r.instance_id),
  rootId: String(r.root_id),
  elementId: String(r.element_id),
  message: String(r.message),
  createdAt: dateOrNullRec(r.created_at)!,
  resolvedAt: dateOrNullRec(r.resolved_at),
  resolution: (r.resolution ?? null) as string | null,
});

function dateOrNullRec(v: unknown): Date | null {
  return v == null ? null : v instanceof Date ? v : new Date(v as string);
}

export async function insertIncident(db: Db, incident: Omit<IncidentRow, 'resolvedAt' | 'resolution'>): Promise<void> {
  await db('tb_incident').insert({
    id: incident.id,
    job_id: incident.jobId,
    job_kind: incident.jobKind,
    instance_id: incident.instanceId,
    root_id: incident.rootId,
    element_id: incident.elementId,
    message: incident.message,
    created_at: incident.createdAt,
  });
}

export async function resolveIncident(db: Db, id: string, resolvedAt: Date, resolution: string): Promise<void> {
  await db.raw('update tb_incident set resolved_at = ?, resolution = ? where id = ? and resolved_at is null', [resolvedAt, resolution, id]);
}

export interface IncidentQuery {
  readonly instanceId?: string;
  readonly jobId?: string;
  /** true: open only; false: resolved only; absent: both. */
  readonly open?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** Incidents by creation time (then id). */
export async function queryIncidents(db: Db, query: IncidentQuery = {}): Promise<IncidentRow[]> {
  const where: string[] = [];
  const bindings: unknown[] = [];
  if (query.instanceId !== undefined) {
    where.push('instance_id = ?');
    bindings.push(query.instanceId);
  }
  if (query.jobId !== undefined) {
    where.push('job_id = ?');
    bindings.push(query.jobId);
  }
  if (query.open !== undefined) where.push(query.open ? 'resolved_at is null' : 'resolved_at is not null');
  const sql =
    `select ${INCIDENT} from tb_incident${where.length ? ` where ${where.join(' and ')}` : ''} order by created_at, id` +
    paging(query.limit, query.offset, bindings);
  return (await rows(db, sql, bindings)).map(incidentFromDb);
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
/** Every subscription waiting for a signal of this name, oldest first (signals are broadcast). */
export async function findSignalSubscriptions(db: Db, name: string): Promise<SubscriptionRow[]> {
  const sql = `select ${SUBSCRIPTION} from tb_subscription where kind = 'signal' and name = ? order by created_at, id`;
  return (await rows(db, sql, [name])).map(subscriptionFromDb);
}

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
export async function insertHistory(db: Db, events: readonly NewHistory[]): Promise<void> {
  if (events.length === 0) return;
  const [history, outbox] = historyWithOutbox('jsonb_populate_recordset(null::tb_history, ?::jsonb)', 0);
  await rows(db, `with w0 as (${history}) ${outbox}`, [JSON.stringify(historyRecords(events))]);
}

/** History rows for `jsonb_populate_recordset` (jsonb `data` as a value, not as text). */
function historyRecords(events: readonly NewHistory[]): Rec[] {
  return events.map((r) => ({ ...historyToDb(r), data: r.data ?? null }));
}

/** Instance events copied to the outbox (the same list as 006's trigger had). */
export const OUTBOX_INSTANCE_EVENTS = [
  'instanceStarted', 'instanceCompleted', 'instanceTerminated', 'instanceWithdrawn', 'instanceSuspended', 'instanceResumed', 'stepCompleted', 'incidentCreated',
] as const;

/**
 * Every history insert goes through here: the events, and in the same statement the copy of
 * the instance's lifecycle and decided steps into the outbox (006 did this with a trigger,
 * 009 moved it here: a statement-level trigger cost a third of a command's write). Returns
 * two data-modifying parts: the history insert (to be named `w${index}` by the caller) and
 * the outbox insert reading its RETURNING rows, in history-id order.
 */
function historyWithOutbox(source: string, index: number): [string, string] {
  return [
    `insert into tb_history (${HISTORY_COLUMNS}) select ${HISTORY_COLUMNS} from ${source} returning id, type, instance_id, root_id, element_id, user_id, data, time`,
    `insert into tb_outbox (source, type, aggregate_id, instance_id, root_id, data, occurred_at)
      select 'instance', h.type, h.instance_id, h.instance_id, h.root_id,
             jsonb_strip_nulls(jsonb_build_object('elementId', h.element_id, 'userId', h.user_id, 'data', h.data)), h.time
        from w${index} h where h.type in (${OUTBOX_INSTANCE_EVENTS.map((t) => `'${t}'`).join(', ')}) order by h.id`,
  ];
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

// ── business calendar ───────────────────────────────────────────────────────────────────────

export interface CalendarYearRow {
  readonly year: number;
  readonly entries: readonly { date: string; kind: string; name: string | null }[];
  readonly updatedAt: Date;
  readonly updatedBy: string | null;
}

/** Every administered year, oldest first. */
export async function listCalendarYears(db: Db): Promise<CalendarYearRow[]> {
  const records = await rows(db, 'select year, entries, updated_at, updated_by from tb_calendar_year order by year', []);
  return records.map((r) => ({
    year: Number(r.year),
    entries: (typeof r.entries === 'string' ? JSON.parse(r.entries) : r.entries) as CalendarYearRow['entries'],
    updatedAt: r.updated_at as Date,
    updatedBy: (r.updated_by as string | null) ?? null,
  }));
}

/** Enters or replaces one year's entries. */
export async function upsertCalendarYear(db: Db, row: CalendarYearRow): Promise<void> {
  await db.raw(
    `insert into tb_calendar_year (year, entries, updated_at, updated_by) values (?, ?::jsonb, ?, ?)
     on conflict (year) do update set entries = excluded.entries, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [row.year, JSON.stringify(row.entries), row.updatedAt, row.updatedBy],
  );
}

// ── notifications (CC 抄送, reminders) ───────────────────────────────────────────────────────

const NOTIFICATION =
  'id, instance_id, root_id, task_id, element_id, kind, recipient_user, recipient_group, sender, comment, created_at, read_at';

/** Written by the command that CCs or reminds, in its transaction: one row per recipient. */
export function insertNotifications(db: Db, rows: readonly NewNotification[]): Promise<void> {
  return insert(db, 'tb_notification', rows, notificationToDb);
}

export function getNotification(db: Db, id: string): Promise<NotificationRow | undefined> {
  return first(db, `select ${NOTIFICATION} from tb_notification where id = ?`, [id], notificationFromDb);
}

export interface NotificationQuery {
  readonly userId: string;
  /** The user's groups: notices addressed to any of them are the user's too. */
  readonly groups?: readonly string[];
  readonly unreadOnly?: boolean;
  readonly instanceId?: string;
  /** Default 50. */
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * A user's notices, newest first (then id, bytewise). Addressed to the user OR to one of the groups:
 * written as a UNION ALL of one branch per partial index of migration 004 (an OR of the two
 * would scan the table), each branch ordered and cut at offset + limit before the merge. The
 * group branch leaves out rows also addressed to the user, so no row comes twice.
 */
export async function listNotifications(db: Db, query: NotificationQuery): Promise<NotificationRow[]> {
  const limit = nonNegativeInt(query.limit ?? 50, 'limit');
  const offset = nonNegativeInt(query.offset ?? 0, 'offset');
  const filter: string[] = [];
  const filterBindings: unknown[] = [];
  if (query.unreadOnly) filter.push('read_at is null');
  if (query.instanceId !== undefined) {
    filter.push('instance_id = ?');
    filterBindings.push(query.instanceId);
  }
  const and = filter.map((f) => ` and ${f}`).join('');
  const branch = (where: string) => `(select ${NOTIFICATION} from tb_notification where ${where}${and} order by created_at desc, id collate "C" desc limit ?)`;
  const branches = [branch('recipient_user = ?')];
  const bindings: unknown[] = [query.userId, ...filterBindings, limit + offset];
  const groups = [...(query.groups ?? [])];
  if (groups.length > 0) {
    branches.push(branch('recipient_group = any(?::text[]) and (recipient_user is null or recipient_user <> ?)'));
    bindings.push(groups, query.userId, ...filterBindings, limit + offset);
  }
  const sql = `select ${NOTIFICATION} from (${branches.join(' union all ')}) n order by created_at desc, id collate "C" desc limit ? offset ?`;
  return (await rows(db, sql, [...bindings, limit, offset])).map(notificationFromDb);
}

/**
 * Marks a notice read by `userId` (or a member of its group, given in `groups`) and returns it;
 * marking again keeps the first time. Undefined when there is no such notice or it is
 * addressed to neither the user nor one of the groups: the caller tells which apart.
 */
export function markNotificationRead(
  db: Db,
  id: string,
  userId: string,
  at: Date,
  groups: readonly string[] = [],
): Promise<NotificationRow | undefined> {
  return first(
    db,
    'update tb_notification set read_at = coalesce(read_at, ?) ' +
      `where id = ? and (recipient_user = ? or recipient_group = any(?::text[])) returning ${NOTIFICATION}`,
    [at, id, userId, [...groups]],
    notificationFromDb,
  );
}

// ── inbox (a user's work list across instances) ───────────────────────────────────────────

export type InboxScope = 'mine' | 'candidate' | 'all';
export type InboxSort = 'dueAt' | 'createdAt' | 'priority';

/** What the inbox statements filter on: validated, with defaults applied (shell/inbox.ts). */
export interface InboxFilter {
  readonly userId: string;
  /** The user's groups; empty: group offers match nothing. */
  readonly groups: readonly string[];
  readonly scope: InboxScope;
  readonly processKey?: string;
  readonly businessKey?: string;
  readonly elementId?: string;
  /** Strictly before / after (Camunda's dueBefore / dueAfter). */
  readonly dueBefore?: Date;
  readonly dueAfter?: Date;
  /** true: due before `now`; false: due at or after `now`, or no due date. */
  readonly overdue?: boolean;
  /** The engine clock's now, for `overdue`. */
  readonly now: Date;
}

export interface InboxPageQuery extends InboxFilter {
  readonly sort: InboxSort;
  readonly direction: 'asc' | 'desc';
  readonly limit: number;
  readonly offset: number;
}

interface Fragment {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

/**
 * The ways a task is in a user's inbox, as disjoint conditions, each answerable by one index
 * (an OR of them would defeat every index and scan the table):
 * - mine: assigned to the user (`tb_task_assignee_due`), delegated tasks included for the delegate;
 * - offered to the user by name, unassigned (GIN `tb_task_candidate_users`);
 * - offered to exactly one group, one of the user's, and to nobody by name (B-tree
 *   `tb_task_single_group`, 008: answered from the index alone — the common case);
 * - offered to several groups, one of them the user's, not already offered by name (partial GIN
 *   `tb_task_open_candidate_groups`, 005: one heap page per hit, so claimed tasks are left out of it);
 * - delegated away by the user, still pending (`tb_task_owner_pending`, 005): the owner keeps seeing it.
 * `candidate` is the middle two; `all` is every one. The literal `'pending'` is spliced in so
 * the planner can prove the partial index applies.
 */
function inboxBranches(filter: InboxFilter, scope: InboxScope): Fragment[] {
  const { userId, groups } = filter;
  const mine: Fragment = { sql: 'assignee = ?', bindings: [userId] };
  const byName: Fragment = { sql: 'assignee is null and candidate_users @> array[?]::text[]', bindings: [userId] };
  const singleGroup: Fragment = {
    sql: 'assignee is null and cardinality(candidate_groups) = 1 and cardinality(candidate_users) = 0 and candidate_groups[1] = any(?::text[])',
    bindings: [[...groups]],
  };
  const byGroup: Fragment = {
    sql:
      'assignee is null and candidate_groups && ?::text[] and not (candidate_users @> array[?]::text[]) ' +
      'and not (cardinality(candidate_groups) = 1 and cardinality(candidate_users) = 0)',
    bindings: [[...groups], userId],
  };
  const owned: Fragment = { sql: `owner = ? and delegation_state = 'pending' and assignee <> ?`, bindings: [userId, userId] };
  const offered = groups.length > 0 ? [byName, singleGroup, byGroup] : [byName];
  if (scope === 'mine') return [mine];
  if (scope === 'candidate') return offered;
  return [mine, ...offered, owned];
}

/** The filters every branch shares. */
function inboxFilters(filter: InboxFilter, overdue = filter.overdue): Fragment {
  const where: string[] = [];
  const bindings: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    bindings.push(...values);
  };
  if (filter.processKey !== undefined) add('process_key = ?', filter.processKey);
  if (filter.businessKey !== undefined) add('business_key = ?', filter.businessKey);
  if (filter.elementId !== undefined) add('element_id = ?', filter.elementId);
  if (filter.dueBefore !== undefined) add('due_at < ?', filter.dueBefore);
  if (filter.dueAfter !== undefined) add('due_at > ?', filter.dueAfter);
  if (overdue === true) add('due_at < ?', filter.now);
  if (overdue === false) add('(due_at is null or due_at >= ?)', filter.now);
  return { sql: where.map((w) => ` and ${w}`).join(''), bindings };
}

/** UNION ALL of the scope's branches with the filters, selecting `columns`. */
function inboxHits(filter: InboxFilter, scope: InboxScope, columns: string, overdue = filter.overdue): Fragment {
  const common = inboxFilters(filter, overdue);
  const branches = inboxBranches(filter, scope);
  return {
    sql: branches.map((b) => `select ${columns} from tb_task where ${b.sql}${common.sql}`).join(' union all '),
    bindings: branches.flatMap((b) => [...b.bindings, ...common.bindings]),
  };
}

/**
 * Sort key, then tie-breakers, so pages are stable; due dates always put "no due date" last.
 * The id tie-break compares bytes (`collate "C"`): the same order on every server, whatever
 * collation its database was created with.
 */
function inboxOrder(query: InboxPageQuery, table: string): string {
  const dir = query.direction === 'desc' ? 'desc' : 'asc';
  const c = (column: string) => `${table}.${column}`;
  const id = `${c('id')} collate "C"`;
  switch (query.sort) {
    case 'dueAt':
      return `${c('due_at')} ${dir} nulls last, ${id}`;
    case 'createdAt':
      return `${c('created_at')} ${dir}, ${id}`;
    case 'priority':
      return `${c('priority')} ${dir}, ${c('due_at')} nulls last, ${id}`;
  }
}

const TASK_QUALIFIED = TASK.split(', ').map((column) => `t.${column}`).join(', ');

/**
 * One page of the inbox and the total, in one statement: the branches' hits (id and sort
 * columns only) are gathered once, counted, sorted and cut; only the page's rows are then read
 * in full by primary key. Counting needs every hit anyway, so gathering them costs nothing
 * more than the count would.
 */
function inboxPageSql(query: InboxPageQuery): Fragment {
  const hits = inboxHits(query, query.scope, 'id, due_at, created_at, priority');
  return {
    sql:
      `with hit as (${hits.sql}), ` +
      `page as (select id, due_at, created_at, priority from hit h order by ${inboxOrder(query, 'h')} limit ? offset ?) ` +
      `select (select count(*) from hit) as inbox_total, ${TASK_QUALIFIED} from page p join tb_task t on t.id = p.id ` +
      `order by ${inboxOrder(query, 'p')}`,
    bindings: [...hits.bindings, nonNegativeInt(query.limit, 'limit'), nonNegativeInt(query.offset, 'offset')],
  };
}

/**
 * Runs inbox reads in a transaction without parallel workers or JIT. An inbox statement
 * touches a few thousand rows at most; PostgreSQL still plans a parallel append for it at some
 * table sizes, and starting the workers cost ~10 ms per query on the benchmark (10× the query
 * itself at 100,000 tasks), while JIT compilation, which a million-row estimate can trigger,
 * costs tens. Inside a caller's transaction the settings last until it ends.
 */
function serialRead<T>(db: Db, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw(`select set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`);
    return work(trx);
  });
}

/** A page of the user's inbox and how many tasks match in all. */
export function queryInbox(db: Db, query: InboxPageQuery): Promise<{ tasks: TaskRow[]; total: number }> {
  const { sql, bindings } = inboxPageSql(query);
  return serialRead(db, async (trx) => {
    const records = await rows(trx, sql, bindings);
    if (records.length > 0) return { tasks: records.map(taskFromDb), total: Number(records[0]!.inbox_total) };
    // An empty page past the end still owes the caller the total.
    return { tasks: [], total: query.offset > 0 || query.limit === 0 ? await countMatches(trx, query) : 0 };
  });
}

/** How many tasks the filter matches in its scope. */
export function countInbox(db: Db, filter: InboxFilter): Promise<number> {
  return serialRead(db, (trx) => countMatches(trx, filter));
}

async function countMatches(db: Db, filter: InboxFilter): Promise<number> {
  const hits = inboxHits(filter, filter.scope, '1');
  const [row] = await rows(db, `select count(*) as n from (${hits.sql}) h`, hits.bindings);
  return Number(row?.n ?? 0);
}

/**
 * The inbox's badges in one statement: assigned to the user; offered to the user or the
 * groups (unassigned); overdue by `now` among everything of scope `all`.
 */
export async function countInboxBadges(
  db: Db,
  filter: InboxFilter,
): Promise<{ mine: number; candidate: number; overdue: number }> {
  const mine = inboxHits(filter, 'mine', '1');
  const candidate = inboxHits(filter, 'candidate', '1');
  const overdue = inboxHits(filter, 'all', '1', true);
  const [row] = await serialRead(db, (trx) => rows(
    trx,
    `select (select count(*) from (${mine.sql}) m) as mine, (select count(*) from (${candidate.sql}) c) as candidate, ` +
      `(select count(*) from (${overdue.sql}) o) as overdue`,
    [...mine.bindings, ...candidate.bindings, ...overdue.bindings],
  ));
  return { mine: Number(row?.mine ?? 0), candidate: Number(row?.candidate ?? 0), overdue: Number(row?.overdue ?? 0) };
}

/**
 * The plan of `queryInbox`'s statement, one line per row: `analyze` runs it (EXPLAIN ANALYZE,
 * with buffers) — for the benchmark and the tests that keep the branches on their indexes.
 */
export async function explainInbox(db: Db, query: InboxPageQuery, analyze = false): Promise<string[]> {
  const { sql, bindings } = inboxPageSql(query);
  const explain = analyze ? 'explain (analyze, buffers, costs off)' : 'explain (costs off)';
  return serialRead(db, async (trx) => (await rows(trx, `${explain} ${sql}`, bindings)).map((r) => String(r['QUERY PLAN'])));
}

// ── one command's writes, in one statement (the hot path) ──────────────────────────────────

/** Everything one command changes. */
export interface UnitWrite {
  readonly instanceInserts: readonly NewInstance[];
  readonly instanceUpdates: readonly { id: string; status: InstanceStatus; state: InstanceState; endedAt: Date | null }[];
  readonly taskDeletes: readonly string[];
  /** Tasks the command created: plain inserts (no speculative insertion, no conflict check). */
  readonly taskInserts: readonly NewTask[];
  /** Open tasks that changed (assignee, delegation): written as upserts. */
  readonly taskUpserts: readonly NewTask[];
  readonly jobDeletes: readonly string[];
  readonly jobInserts: readonly NewJob[];
  readonly subscriptionDeletes: readonly string[];
  readonly subscriptionInserts: readonly NewSubscription[];
  readonly history: readonly NewHistory[];
  readonly notifications: readonly NewNotification[];
}

const TASK_COLUMNS = TASK.split(', ');
const TASK_UPDATE = TASK_COLUMNS.filter((c) => c !== 'id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');
const INSTANCE_COLUMNS = 'id, root_id, parent_id, parent_token_id, definition_id, process_key, business_key, status, state, started_at, ended_at';
const HISTORY_COLUMNS = HISTORY.replace('id, ', '');
const NOTIFICATION_COLUMNS = 'id, instance_id, root_id, task_id, element_id, kind, recipient_user, recipient_group, sender, comment, created_at';

/**
 * Writes a command's changes in ONE round trip: data-modifying CTEs, each reading its rows
 * from a jsonb parameter (`jsonb_populate_recordset` over the table's own row type). A task
 * is never deleted and written by the same command, so the parts touch different rows.
 *
 * KEYED_WRITES: updates and deletes name their rows by `id = ?`. A statement prepared once per
 * connection keeps the generic plan it got while the tables were small; a join against a
 * parameter set (or `= any(array)`, estimated at ten rows) is then planned as a sequential
 * scan and stays one, so every command would read the whole table wherever statistics are
 * not refreshed (autovacuum off). A unique-key equality is an index probe at any size.
 */
export async function writeUnit(db: Db, w: UnitWrite, options: { readonly last?: boolean; readonly guard?: WriteGuard } = {}): Promise<boolean> {
  const statement = unitWriteStatement(w, options.guard);
  if (!statement) return true;
  const { sql, bindings } = statement;
  // A command's final statement takes its COMMIT along (pipelined-pg.ts); the text varies only
  // with which parts are present, so each variant is prepared once per connection.
  const queryOptions = { [PREPARED]: preparedName(sql), ...(options.last ? { [COMMIT_AFTER]: true } : {}) };
  const result = await rowsWith(db, sql, bindings, queryOptions);
  return options.guard === undefined || result[0]?.held === true;
}

/**
 * A condition the whole write is gated on; when it does not hold, nothing is written and
 * {@link writeUnit} returns false.
 * - `{ id, rev }`: the instance row is still at the revision the command was computed from.
 *   The row is locked — by the command's own update of it, else FOR UPDATE — so the
 *   transaction is serialised with every other command on the instance, as a locking read
 *   would have done.
 * - `{ processKey, version }`: no version of the process newer than the one the instance was
 *   started on has been deployed (a start "by key, latest" computed from a remembered latest).
 */
export type WriteGuard = { readonly id: string; readonly rev: number } | { readonly processKey: string; readonly version: number };

function guardCondition(guard: WriteGuard, bindings: unknown[]): string {
  if ('id' in guard) {
    bindings.push(guard.id, guard.rev);
    return 'select 1 from tb_instance where id = ? and rev = ? for update';
  }
  bindings.push(guard.processKey, guard.version);
  return 'select 1 where not exists (select 1 from tb_definition where key = ? and version > ?)';
}

/** The one statement of {@link writeUnit}, with knex `?` placeholders; undefined when nothing changed. */
export function unitWriteStatement(w: UnitWrite, guard?: WriteGuard): { sql: string; bindings: unknown[] } | undefined {
  const parts: string[] = [];
  const bindings: unknown[] = [];
  const instanceUpdate = (r: UnitWrite['instanceUpdates'][number], condition: string) => {
    bindings.push(r.status, JSON.stringify(r.state), r.endedAt, r.id);
    return `update tb_instance set status = ?, state = ?::jsonb, ended_at = ?::timestamptz, rev = rev + 1 where id = ?${condition}`;
  };
  // A revision guard on an instance the command updates is that update itself: `where rev = ?`
  // (re-checked by PostgreSQL after waiting for a concurrent writer) locks the row and tells
  // whether it held, with no separate FOR UPDATE read.
  const revGuard = guard && 'id' in guard ? guard : undefined;
  const gatingUpdate = revGuard && w.instanceUpdates.find((r) => r.id === revGuard.id);
  let condition: string | undefined;
  if (gatingUpdate) {
    condition = `${instanceUpdate(gatingUpdate, ' and rev = ?')} returning 1`;
    bindings.push(revGuard!.rev);
  } else if (guard) {
    condition = guardCondition(guard, bindings);
  }
  // With a guard, every part is conditional on the locked row (the `g` CTE).
  const onlyIf = guard ? ' and exists (select 1 from g)' : '';
  const whereOnlyIf = guard ? ' where exists (select 1 from g)' : '';
  const records = (table: string, items: readonly Rec[]) => {
    bindings.push(JSON.stringify(items));
    return `jsonb_populate_recordset(null::${table}, ?::jsonb)${whereOnlyIf}`;
  };
  // `id = ?` for one row (the usual case), `= any(?)` otherwise: see KEYED_WRITES.
  const keyed = (list: readonly string[]) => {
    if (list.length === 1) {
      bindings.push(list[0]);
      return `id = ?${onlyIf}`;
    }
    bindings.push([...list]);
    return `id = any(?::text[])${onlyIf}`;
  };
  if (w.instanceInserts.length > 0) {
    const rows = w.instanceInserts.map((r) => ({ ...instanceToDb(r), state: r.state }));
    parts.push(`insert into tb_instance (${INSTANCE_COLUMNS}) select ${INSTANCE_COLUMNS} from ${records('tb_instance', rows)}`);
  }
  for (const r of w.instanceUpdates) if (r !== gatingUpdate) parts.push(instanceUpdate(r, onlyIf));
  if (w.taskDeletes.length > 0) parts.push(`delete from tb_task where ${keyed(w.taskDeletes)}`);
  if (w.taskInserts.length > 0) parts.push(`insert into tb_task (${TASK}) select ${TASK} from ${records('tb_task', w.taskInserts.map(taskToDb))}`);
  if (w.taskUpserts.length > 0) {
    parts.push(
      `insert into tb_task (${TASK}) select ${TASK} from ${records('tb_task', w.taskUpserts.map(taskToDb))} on conflict (id) do update set ${TASK_UPDATE}`,
    );
  }
  if (w.jobDeletes.length > 0) parts.push(`delete from tb_job where ${keyed(w.jobDeletes)}`);
  if (w.jobInserts.length > 0) parts.push(`insert into tb_job (${JOB}) select ${JOB} from ${records('tb_job', w.jobInserts.map(jobToDb))}`);
  if (w.subscriptionDeletes.length > 0) parts.push(`delete from tb_subscription where ${keyed(w.subscriptionDeletes)}`);
  if (w.subscriptionInserts.length > 0) {
    parts.push(`insert into tb_subscription (${SUBSCRIPTION}) select ${SUBSCRIPTION} from ${records('tb_subscription', w.subscriptionInserts.map(subscriptionToDb))}`);
  }
  if (w.history.length > 0) parts.push(...historyWithOutbox(records('tb_history', historyRecords(w.history)), parts.length));
  if (w.notifications.length > 0) {
    parts.push(`insert into tb_notification (${NOTIFICATION_COLUMNS}) select ${NOTIFICATION_COLUMNS} from ${records('tb_notification', w.notifications.map(notificationToDb))}`);
  }
  if (parts.length === 0) return undefined;
  const ctes = (list: readonly string[]) => list.map((p, i) => `w${i} as (${p})`).join(', ');
  if (condition) return { sql: `with g as (${condition}), ${ctes(parts)} select exists (select 1 from g) as held`, bindings };
  const last = parts.pop()!;
  return { sql: parts.length === 0 ? last : `with ${ctes(parts)} ${last}`, bindings };
}

/**
 * Locks the root of the instance tree that holds a task, and reads it, in one round trip;
 * also says which instance of the tree the task belongs to.
 */
const LOCK_TASK_TREE = `select t.instance_id as task_instance_id, ${INSTANCE.split(', ').map((c) => `i.${c}`).join(', ')}
  from tb_task t join tb_instance i on i.id = t.root_id where t.id = ? for update of i`;

export async function lockTaskTree(db: Db, taskId: string): Promise<{ taskInstanceId: string; root: InstanceRow } | undefined> {
  const [row] = await rows(
    db,
    LOCK_TASK_TREE,
    [taskId],
    'tb_lock_task_tree',
  );
  return row === undefined ? undefined : { taskInstanceId: row.task_instance_id as string, root: instanceFromDb(row) };
}

// ── external tasks (external/): fetch-and-lock, worker commands, completion log, outbox ──────

/** An external task: a `serviceTask` job no in-process handler took, as workers see it. */
export interface ExternalTaskRow extends JobRow {
  /** Higher first when a worker fetches with `usePriority`. */
  readonly priority: number;
  /** Set when the retries ran out: not fetched until retries are set again. */
  readonly incidentId: string | null;
}

/** The instance fields a fetched task carries (its variables are read from `state`). */
export interface ExternalTaskInstance {
  readonly definitionId: string;
  readonly processKey: string;
  readonly businessKey: string | null;
  readonly state: InstanceState;
}

const EXTERNAL_TASK = `${JOB}, priority, incident_id`;
const EXTERNAL_TASK_QUALIFIED = EXTERNAL_TASK.split(', ').map((column) => `j.${column}`).join(', ');

const externalTaskFromDb = (r: Rec): ExternalTaskRow => ({
  ...jobFromDb(r),
  priority: Number(r.priority ?? 0),
  incidentId: (r.incident_id ?? null) as string | null,
});

/** The channel of migration 006's insert trigger; payload `{"schema", "topics": [...] | null}`. */
export const EXTERNAL_TASK_CHANNEL = 'tongban_external_tasks';
export const LISTEN_EXTERNAL_TASKS = `listen ${EXTERNAL_TASK_CHANNEL}`;

export async function listenExternalTasks(db: Db): Promise<void> {
  await db.raw(LISTEN_EXTERNAL_TASKS);
}

/** Wakes long-polling workers of this schema at commit (null topics: every worker). */
export async function notifyExternalTasks(db: Db, topics: readonly string[] | null): Promise<void> {
  await db.raw(`select pg_notify('${EXTERNAL_TASK_CHANNEL}', jsonb_build_object('schema', current_schema(), 'topics', ?::jsonb)::text)`, [
    JSON.stringify(topics),
  ]);
}

export interface FetchExternalTasksQuery {
  readonly workerId: string;
  readonly now: Date;
  /** Distinct topics, each with the lock its tasks get. */
  readonly topics: readonly { readonly topic: string; readonly lockExpiresAt: Date }[];
  readonly limit: number;
  /** Highest priority first (then oldest); otherwise oldest first. */
  readonly usePriority: boolean;
}

/**
 * Locks up to `limit` fetchable tasks of the topics for a worker, in one statement, and returns
 * them with their instance (for variables). Fetchable: an external task without an incident,
 * past its back-off (`due_at`), not locked or with an expired lock, of an active instance that
 * is not suspended. `FOR UPDATE OF j SKIP LOCKED`: workers never wait for each other and never
 * lock the same task; instance rows are read, not locked, so a fetch never waits for a command.
 */
export async function fetchAndLockExternalTasks(
  db: Db,
  query: FetchExternalTasksQuery,
): Promise<Array<{ task: ExternalTaskRow; instance: ExternalTaskInstance }>> {
  if (query.topics.length === 0) return [];
  const order = query.usePriority ? 'j.priority desc, coalesce(j.due_at, j.created_at), j.id' : 'coalesce(j.due_at, j.created_at), j.id';
  const topics = JSON.stringify(query.topics.map((t) => ({ topic: t.topic, lock_expires_at: t.lockExpiresAt.toISOString() })));
  const records = await rows(
    db,
    `with t as (select topic, lock_expires_at from jsonb_to_recordset(?::jsonb) as x(topic text, lock_expires_at timestamptz)),
     c as (select j.id from tb_job j join tb_instance i on i.id = j.instance_id
           where j.kind = 'serviceTask' and j.incident_id is null and j.topic in (select topic from t)
             and (j.due_at is null or j.due_at <= ?) and (j.lock_expires_at is null or j.lock_expires_at < ?)
             and i.status = 'active' and jsonb_typeof(i.state -> 'suspended') is distinct from 'object'
           order by ${order} limit ? for update of j skip locked)
     update tb_job j set locked_by = ?, lock_expires_at = t.lock_expires_at
       from c, t, tb_instance i
      where j.id = c.id and t.topic = j.topic and i.id = j.instance_id
     returning ${EXTERNAL_TASK_QUALIFIED}, i.definition_id, i.process_key, i.business_key, i.state`,
    [topics, query.now, query.now, nonNegativeInt(query.limit, 'limit'), query.workerId],
  );
  return records.map((r) => ({
    task: externalTaskFromDb(r),
    instance: {
      definitionId: String(r.definition_id),
      processKey: String(r.process_key),
      businessKey: (r.business_key ?? null) as string | null,
      state: (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as InstanceState,
    },
  }));
}

export function getExternalTask(db: Db, id: string): Promise<ExternalTaskRow | undefined> {
  return first(db, `select ${EXTERNAL_TASK} from tb_job where id = ? and kind = 'serviceTask'`, [id], externalTaskFromDb);
}

/** Re-reads an external task under a row lock: run after the instance tree is locked. */
export function lockExternalTask(db: Db, id: string): Promise<ExternalTaskRow | undefined> {
  return first(db, `select ${EXTERNAL_TASK} from tb_job where id = ? and kind = 'serviceTask' for update`, [id], externalTaskFromDb);
}

/** Sets (or with nulls, clears) a task's lock. */
export async function setExternalTaskLock(db: Db, id: string, workerId: string | null, lockExpiresAt: Date | null): Promise<void> {
  await db.raw('update tb_job set locked_by = ?, lock_expires_at = ? where id = ?', [workerId, lockExpiresAt, id]);
}

export interface ExternalTaskFailureWrite {
  readonly id: string;
  readonly retries: number;
  readonly dueAt: Date;
  /** Null: the lock ends; the worker id stays, as Camunda keeps it (the worker may still complete). */
  readonly lockExpiresAt: Date | null;
  readonly errorMessage: string | null;
  readonly errorDetails: string | null;
  /** The open incident (new or kept), or null. */
  readonly incidentId: string | null;
}

/** Records a worker's failure report: retries left, back-off, messages, the lock ended. */
export async function recordExternalTaskFailure(db: Db, w: ExternalTaskFailureWrite): Promise<void> {
  await db.raw(
    'update tb_job set retries = ?, due_at = ?, lock_expires_at = ?, error_message = ?, error_details = ?, incident_id = ? where id = ?',
    [w.retries, w.dueAt, w.lockExpiresAt, w.errorMessage, w.errorDetails, w.incidentId, w.id],
  );
}

/** Sets retries and the incident (null: none); `dueAt` when given makes the task fetchable then. */
export async function setExternalTaskRetries(db: Db, id: string, retries: number, incidentId: string | null, dueAt?: Date): Promise<void> {
  if (dueAt === undefined) {
    await db.raw('update tb_job set retries = ?, incident_id = ? where id = ?', [retries, incidentId, id]);
  } else {
    await db.raw('update tb_job set retries = ?, incident_id = ?, due_at = ? where id = ?', [retries, incidentId, dueAt, id]);
  }
}

export async function setExternalTaskPriority(db: Db, id: string, priority: number): Promise<void> {
  await db.raw('update tb_job set priority = ? where id = ?', [priority, id]);
}

export function externalTaskErrorDetails(db: Db, id: string): Promise<{ errorDetails: string | null } | undefined> {
  return first(db, `select error_details from tb_job where id = ? and kind = 'serviceTask'`, [id], (r) => ({
    errorDetails: (r.error_details ?? null) as string | null,
  }));
}

export interface ExternalTaskQuery {
  readonly topicName?: string;
  readonly workerId?: string;
  readonly processInstanceId?: string;
  readonly activityId?: string;
  /** true: locked now (by `now`); false: not locked now. */
  readonly locked?: boolean;
  /** true: with an open incident (no retries left); false: without. */
  readonly withIncident?: boolean;
  readonly now: Date;
  readonly limit?: number;
  readonly offset?: number;
}

/** External tasks by creation time (then id). */
export async function queryExternalTasks(db: Db, query: ExternalTaskQuery): Promise<ExternalTaskRow[]> {
  const where = [`kind = 'serviceTask'`];
  const bindings: unknown[] = [];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    bindings.push(value);
  };
  eq('topic', query.topicName);
  eq('locked_by', query.workerId);
  eq('instance_id', query.processInstanceId);
  eq('element_id', query.activityId);
  if (query.locked !== undefined) {
    where.push(query.locked ? 'lock_expires_at >= ?' : '(lock_expires_at is null or lock_expires_at < ?)');
    bindings.push(query.now);
  }
  if (query.withIncident !== undefined) where.push(query.withIncident ? 'incident_id is not null' : 'incident_id is null');
  const sql = `select ${EXTERNAL_TASK} from tb_job where ${where.join(' and ')} order by created_at, id` + paging(query.limit, query.offset, bindings);
  return (await rows(db, sql, bindings)).map(externalTaskFromDb);
}

/** Who ended an external task, and how: kept after the job row is gone. */
export interface ExternalTaskDoneRow {
  readonly id: string;
  readonly instanceId: string;
  readonly rootId: string;
  readonly topic: string;
  readonly workerId: string;
  /** `completed`, or `bpmnError:<code>`. */
  readonly outcome: string;
  /** Hash of the outcome and its variables: tells a repeated request from a different one. */
  readonly requestHash: string;
  readonly doneAt: Date;
}

export async function insertExternalTaskDone(db: Db, row: ExternalTaskDoneRow): Promise<void> {
  await db('tb_external_task_done').insert({
    id: row.id,
    instance_id: row.instanceId,
    root_id: row.rootId,
    topic: row.topic,
    worker_id: row.workerId,
    outcome: row.outcome,
    request_hash: row.requestHash,
    done_at: row.doneAt,
  });
}

export function findExternalTaskDone(db: Db, id: string): Promise<ExternalTaskDoneRow | undefined> {
  return first(
    db,
    'select id, instance_id, root_id, topic, worker_id, outcome, request_hash, done_at from tb_external_task_done where id = ?',
    [id],
    (r) => ({
      id: String(r.id),
      instanceId: String(r.instance_id),
      rootId: String(r.root_id),
      topic: String(r.topic),
      workerId: String(r.worker_id),
      outcome: String(r.outcome),
      requestHash: String(r.request_hash),
      doneAt: dateOrNullRec(r.done_at)!,
    }),
  );
}

/** Forgets completions older than `before` (a repeat that late is answered "not found"). */
export async function pruneExternalTaskDone(db: Db, before: Date): Promise<number> {
  const result = await db.raw<{ rowCount: number | null }>('delete from tb_external_task_done where done_at < ?', [before]);
  return result.rowCount ?? 0;
}

/** An outbox event (provincial data exchange): `id` is its sequence number, increasing. */
export interface OutboxRow {
  readonly id: number;
  readonly source: 'instance' | 'case';
  readonly type: string;
  /** The instance id, or the case number for case events. */
  readonly aggregateId: string;
  readonly instanceId: string | null;
  readonly rootId: string | null;
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly occurredAt: Date;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  readonly lastError: string | null;
  readonly deliveredAt: Date | null;
  /** Of the instance, when the event has one (joined when leased). */
  readonly processKey?: string | null;
  readonly businessKey?: string | null;
}

export type NewOutboxEvent = Pick<OutboxRow, 'source' | 'type' | 'aggregateId' | 'occurredAt'> &
  Partial<Pick<OutboxRow, 'instanceId' | 'rootId' | 'data'>>;

const OUTBOX = 'id, source, type, aggregate_id, instance_id, root_id, data, occurred_at, attempts, next_attempt_at, last_error, delivered_at';
const OUTBOX_QUALIFIED = OUTBOX.split(', ').map((column) => `o.${column}`).join(', ');

const outboxFromDb = (r: Rec): OutboxRow => ({
  id: Number(r.id),
  source: r.source as 'instance' | 'case',
  type: String(r.type),
  aggregateId: String(r.aggregate_id),
  instanceId: (r.instance_id ?? null) as string | null,
  rootId: (r.root_id ?? null) as string | null,
  data: (typeof r.data === 'string' ? JSON.parse(r.data) : (r.data ?? null)) as OutboxRow['data'],
  occurredAt: dateOrNullRec(r.occurred_at)!,
  attempts: Number(r.attempts),
  nextAttemptAt: dateOrNullRec(r.next_attempt_at),
  lastError: (r.last_error ?? null) as string | null,
  deliveredAt: dateOrNullRec(r.delivered_at),
  ...('process_key' in r ? { processKey: (r.process_key ?? null) as string | null, businessKey: (r.business_key ?? null) as string | null } : {}),
});

/** Appends events (case events; instance events are written with their history, `historyWithOutbox`). */
export async function appendOutbox(db: Db, events: readonly NewOutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db('tb_outbox').insert(
    events.map((e) => ({
      source: e.source,
      type: e.type,
      aggregate_id: e.aggregateId,
      instance_id: e.instanceId ?? null,
      root_id: e.rootId ?? null,
      data: e.data == null ? null : JSON.stringify(e.data),
      occurred_at: e.occurredAt,
    })),
  );
}

/**
 * Leases up to `limit` undelivered events, lowest sequence first, that are due (back-off) and
 * not leased by another pusher; returns them in sequence order with their instance's keys.
 */
export async function leaseOutbox(db: Db, q: { workerId: string; now: Date; lockExpiresAt: Date; limit: number }): Promise<OutboxRow[]> {
  const records = await rows(
    db,
    `with c as (select id from tb_outbox where delivered_at is null and (next_attempt_at is null or next_attempt_at <= ?)
                and (lock_expires_at is null or lock_expires_at < ?) order by id limit ? for update skip locked),
     u as (update tb_outbox o set locked_by = ?, lock_expires_at = ?, attempts = o.attempts + 1 from c where o.id = c.id returning ${OUTBOX_QUALIFIED})
     select u.*, i.process_key, i.business_key from u left join tb_instance i on i.id = u.instance_id order by u.id`,
    [q.now, q.now, nonNegativeInt(q.limit, 'limit'), q.workerId, q.lockExpiresAt],
  );
  return records.map(outboxFromDb);
}

/** Marks leased events delivered; returns how many were still this pusher's. */
export async function markOutboxDelivered(db: Db, ids: readonly number[], workerId: string, at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.raw<{ rowCount: number | null }>(
    'update tb_outbox set delivered_at = ?, locked_by = null, lock_expires_at = null, last_error = null where id = any(?::bigint[]) and locked_by = ?',
    [at, [...ids], workerId],
  );
  return result.rowCount ?? 0;
}

/** Gives leased events back after a failed delivery, due again at `nextAttemptAt`. */
export async function markOutboxFailed(db: Db, ids: readonly number[], workerId: string, error: string, nextAttemptAt: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.raw<{ rowCount: number | null }>(
    'update tb_outbox set last_error = ?, next_attempt_at = ?, locked_by = null, lock_expires_at = null where id = any(?::bigint[]) and locked_by = ?',
    [error, nextAttemptAt, [...ids], workerId],
  );
  return result.rowCount ?? 0;
}

/** Undelivered events that occurred before `before`: how many, the oldest, and the first `limit`. */
export async function undeliveredOutbox(db: Db, before: Date, limit: number): Promise<{ count: number; events: OutboxRow[] }> {
  const records = await rows(
    db,
    `select count(*) over () as total, ${OUTBOX} from tb_outbox where delivered_at is null and occurred_at < ? order by id limit ?`,
    [before, nonNegativeInt(limit, 'limit')],
  );
  const count = records.length > 0 ? Number(records[0]!.total) : 0;
  return { count, events: records.map(outboxFromDb) };
}

/** Events by sequence, for inspection and tests. */
export async function queryOutbox(db: Db, query: { delivered?: boolean; aggregateId?: string; limit?: number } = {}): Promise<OutboxRow[]> {
  const where: string[] = [];
  const bindings: unknown[] = [];
  if (query.delivered !== undefined) where.push(query.delivered ? 'delivered_at is not null' : 'delivered_at is null');
  if (query.aggregateId !== undefined) {
    where.push('aggregate_id = ?');
    bindings.push(query.aggregateId);
  }
  const sql = `select ${OUTBOX} from tb_outbox${where.length ? ` where ${where.join(' and ')}` : ''} order by id` + paging(query.limit, undefined, bindings);
  return (await rows(db, sql, bindings)).map(outboxFromDb);
}

/** Deletes events delivered before `before`; returns how many. */
export async function pruneOutbox(db: Db, before: Date): Promise<number> {
  const result = await db.raw<{ rowCount: number | null }>('delete from tb_outbox where delivered_at < ?', [before]);
  return result.rowCount ?? 0;
}
