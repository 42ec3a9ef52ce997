/**
 * Every SQL statement of the server, as small typed functions — the same rules as the
 * engine's `store/sql.ts`: plain SQL with `?` bindings, explicit column lists, one round trip
 * per function, integers-only paging.
 *
 * Two kinds of statement live here:
 * - the server's own tables (`tb_region`, `tb_department`, `tb_user`, `tb_role_assignment`,
 *   `tb_api_key`, `tb_instance_scope`);
 * - read models over the engine's tables (`tb_instance`, `tb_task`, `tb_job`, `tb_history`,
 *   `tb_subscription`, `tb_incident`) joined with `tb_instance_scope`, for listings the engine's API cannot
 *   filter by region or count. Every such join is on one instance id (the root), never across
 *   instances (DESIGN §6). They read only; all writes to engine tables go through the engine.
 *   If the engine's columns change, this file is the one place to follow.
 */
import type { Knex } from 'knex';

export type Db = Knex | Knex.Transaction;
type Rec = Record<string, unknown>;

async function rows(db: Db, sql: string, bindings: readonly unknown[] = []): Promise<Rec[]> {
  const result = await db.raw<{ rows: Rec[] }>(sql, bindings as Knex.RawBinding[]);
  return result.rows;
}

async function first(db: Db, sql: string, bindings: readonly unknown[] = []): Promise<Rec | undefined> {
  return (await rows(db, sql, bindings))[0];
}

async function count(db: Db, sql: string, bindings: readonly unknown[]): Promise<number> {
  const row = await first(db, sql, bindings);
  return Number(row?.n ?? 0);
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : value == null ? null : String(value));
const str = (value: unknown): string | null => (value == null ? null : String(value));

export interface Paging {
  readonly limit: number;
  readonly offset: number;
}

function paging(page: Paging, bindings: unknown[]): string {
  for (const n of [page.limit, page.offset]) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`paging values must be non-negative integers, got ${n}`);
  }
  bindings.push(page.limit, page.offset);
  return ' limit ? offset ?';
}

/**
 * Region scope as SQL: `null` = everything (admins); otherwise the column must start with one
 * of the region codes. Codes are digits only (checked on the way in), so no LIKE escaping.
 */
export type ScopePrefixes = readonly string[] | null;

function scopeCondition(column: string, prefixes: ScopePrefixes, bindings: unknown[]): string | undefined {
  if (prefixes === null) return undefined;
  if (prefixes.length === 0) return 'false';
  bindings.push(prefixes.map((p) => `${p}%`));
  return `${column} like any(?::text[])`;
}

function where(conditions: readonly (string | undefined)[]): string {
  const present = conditions.filter((c): c is string => c !== undefined);
  return present.length ? ` where ${present.join(' and ')}` : '';
}

// ── regions ────────────────────────────────────────────────────────────────────────────────

export interface RegionRow {
  readonly code: string;
  readonly name: string;
  readonly level: string;
  readonly parentCode: string | null;
}

const REGION = 'code, name, level, parent_code';
const regionFromDb = (r: Rec): RegionRow => ({ code: String(r.code), name: String(r.name), level: String(r.level), parentCode: str(r.parent_code) });

/** Regions by code; with `under`, that region and everything below it. */
export async function listRegions(db: Db, under?: string): Promise<RegionRow[]> {
  const bindings: unknown[] = [];
  const condition = under === undefined ? undefined : scopeCondition('code', [under], bindings);
  return (await rows(db, `select ${REGION} from tb_region${where([condition])} order by code`, bindings)).map(regionFromDb);
}

export async function getRegion(db: Db, code: string): Promise<RegionRow | undefined> {
  const row = await first(db, `select ${REGION} from tb_region where code = ?`, [code]);
  return row && regionFromDb(row);
}

export async function insertRegion(db: Db, region: RegionRow): Promise<void> {
  await db.raw('insert into tb_region (code, name, level, parent_code) values (?, ?, ?, ?)', [
    region.code, region.name, region.level, region.parentCode,
  ]);
}

export async function renameRegion(db: Db, code: string, name: string): Promise<boolean> {
  const result = await db.raw<{ rowCount: number | null }>('update tb_region set name = ? where code = ?', [name, code]);
  return (result.rowCount ?? 0) > 0;
}

/** Fails with a foreign-key violation (23503) while children, departments or users refer to it. */
export async function deleteRegion(db: Db, code: string): Promise<boolean> {
  const result = await db.raw<{ rowCount: number | null }>('delete from tb_region where code = ?', [code]);
  return (result.rowCount ?? 0) > 0;
}

// ── departments ────────────────────────────────────────────────────────────────────────────

export interface DepartmentRow {
  readonly id: string;
  readonly name: string;
  readonly regionCode: string;
}

const DEPARTMENT = 'id, name, region_code';
const departmentFromDb = (r: Rec): DepartmentRow => ({ id: String(r.id), name: String(r.name), regionCode: String(r.region_code) });

export async function listDepartments(db: Db, regionPrefix?: string): Promise<DepartmentRow[]> {
  const bindings: unknown[] = [];
  const condition = regionPrefix === undefined ? undefined : scopeCondition('region_code', [regionPrefix], bindings);
  return (await rows(db, `select ${DEPARTMENT} from tb_department${where([condition])} order by region_code, id`, bindings)).map(
    departmentFromDb,
  );
}

export async function getDepartment(db: Db, id: string): Promise<DepartmentRow | undefined> {
  const row = await first(db, `select ${DEPARTMENT} from tb_department where id = ?`, [id]);
  return row && departmentFromDb(row);
}

export async function insertDepartment(db: Db, department: DepartmentRow): Promise<void> {
  await db.raw('insert into tb_department (id, name, region_code) values (?, ?, ?)', [department.id, department.name, department.regionCode]);
}

export async function updateDepartment(db: Db, id: string, change: { name?: string; regionCode?: string }): Promise<boolean> {
  const result = await db.raw<{ rowCount: number | null }>(
    'update tb_department set name = coalesce(?, name), region_code = coalesce(?, region_code) where id = ?',
    [change.name ?? null, change.regionCode ?? null, id],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deleteDepartment(db: Db, id: string): Promise<boolean> {
  const result = await db.raw<{ rowCount: number | null }>('delete from tb_department where id = ?', [id]);
  return (result.rowCount ?? 0) > 0;
}

// ── users and roles ────────────────────────────────────────────────────────────────────────

export interface RoleAssignment {
  readonly role: string;
  /** Null only for `admin`: everywhere. */
  readonly regionCode: string | null;
}

export interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly regionCode: string | null;
  readonly departmentId: string | null;
  readonly disabled: boolean;
  readonly roles: readonly RoleAssignment[];
  readonly createdAt: string;
}

/** A user with the password hash, for logging in only. */
export interface UserCredentials extends UserRow {
  readonly passwordHash: string;
}

const USER_WITH_ROLES = `u.id, u.username, u.display_name, u.region_code, u.department_id, u.disabled, u.created_at,
  coalesce((select json_agg(json_build_object('role', a.role, 'regionCode', a.region_code) order by a.role, a.region_code nulls first)
            from tb_role_assignment a where a.user_id = u.id), '[]'::json) as roles`;

function userFromDb(r: Rec): UserRow {
  const roles = typeof r.roles === 'string' ? (JSON.parse(r.roles) as RoleAssignment[]) : ((r.roles as RoleAssignment[] | null) ?? []);
  return {
    id: String(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    regionCode: str(r.region_code),
    departmentId: str(r.department_id),
    disabled: Boolean(r.disabled),
    roles,
    createdAt: iso(r.created_at) ?? '',
  };
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  const row = await first(db, `select ${USER_WITH_ROLES} from tb_user u where u.id = ?`, [id]);
  return row && userFromDb(row);
}

export async function findCredentials(db: Db, username: string): Promise<UserCredentials | undefined> {
  const row = await first(db, `select ${USER_WITH_ROLES}, u.password_hash from tb_user u where u.username = ?`, [username]);
  return row && { ...userFromDb(row), passwordHash: String(row.password_hash) };
}

export async function countUsers(db: Db): Promise<number> {
  return count(db, 'select count(*) as n from tb_user', []);
}

export async function listUsers(db: Db, filter: { regionPrefix?: string; departmentId?: string }, page: Paging): Promise<{ items: UserRow[]; total: number }> {
  const bindings: unknown[] = [];
  const conditions = [
    filter.regionPrefix === undefined ? undefined : scopeCondition('u.region_code', [filter.regionPrefix], bindings),
  ];
  if (filter.departmentId !== undefined) {
    conditions.push('u.department_id = ?');
    bindings.push(filter.departmentId);
  }
  const total = await count(db, `select count(*) as n from tb_user u${where(conditions)}`, bindings);
  const pageBindings = [...bindings];
  const items = await rows(db, `select ${USER_WITH_ROLES} from tb_user u${where(conditions)} order by u.username${paging(page, pageBindings)}`, pageBindings);
  return { items: items.map(userFromDb), total };
}

export interface NewUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly regionCode: string | null;
  readonly departmentId: string | null;
}

export async function insertUser(db: Db, user: NewUser): Promise<void> {
  await db.raw(
    'insert into tb_user (id, username, display_name, password_hash, region_code, department_id) values (?, ?, ?, ?, ?, ?)',
    [user.id, user.username, user.displayName, user.passwordHash, user.regionCode, user.departmentId],
  );
}

export interface UserChange {
  readonly displayName?: string;
  readonly regionCode?: string | null;
  /** `null` removes the department. */
  readonly departmentId?: string | null;
  readonly disabled?: boolean;
  readonly passwordHash?: string;
}

export async function updateUser(db: Db, id: string, change: UserChange): Promise<boolean> {
  const sets: string[] = [];
  const bindings: unknown[] = [];
  const set = (column: string, value: unknown) => {
    sets.push(`${column} = ?`);
    bindings.push(value);
  };
  if (change.displayName !== undefined) set('display_name', change.displayName);
  if (change.regionCode !== undefined) set('region_code', change.regionCode);
  if (change.departmentId !== undefined) set('department_id', change.departmentId);
  if (change.disabled !== undefined) set('disabled', change.disabled);
  if (change.passwordHash !== undefined) set('password_hash', change.passwordHash);
  sets.push('updated_at = now()');
  const result = await db.raw<{ rowCount: number | null }>(`update tb_user set ${sets.join(', ')} where id = ?`, [...bindings, id] as Knex.RawBinding[]);
  return (result.rowCount ?? 0) > 0;
}

/** Replaces a user's role assignments (call inside a transaction). */
export async function replaceRoles(db: Db, userId: string, roles: readonly RoleAssignment[]): Promise<void> {
  await db.raw('delete from tb_role_assignment where user_id = ?', [userId]);
  if (roles.length === 0) return;
  await db('tb_role_assignment').insert(roles.map((r) => ({ user_id: userId, role: r.role, region_code: r.regionCode })));
}

/** Enabled users of a department holding a role (the directory's `department:role` groups). */
export async function usersInDepartmentRole(db: Db, departmentId: string, role: string): Promise<UserRow[]> {
  const found = await rows(
    db,
    `select ${USER_WITH_ROLES} from tb_user u
     where u.department_id = ? and not u.disabled
       and exists (select 1 from tb_role_assignment a where a.user_id = u.id and a.role = ?)
     order by u.username`,
    [departmentId, role],
  );
  return found.map(userFromDb);
}

// ── directory search (user and group pickers for staff) ───────────────────────────────────

/** What a picker shows of a user: never the password hash, never the user's roles. */
export interface DirectoryEntry {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly departmentId: string | null;
  readonly departmentName: string | null;
  readonly regionCode: string | null;
  readonly regionName: string | null;
}

export interface DirectoryGroup {
  /** `department:role`, the candidate group a BPMN task names. */
  readonly id: string;
  readonly departmentId: string;
  readonly departmentName: string;
  readonly role: string;
  readonly regionCode: string;
  readonly members: number;
}

/** `q` matched anywhere in the listed columns, case-insensitively; LIKE wildcards in it are literal. */
function textMatch(columns: readonly string[], q: string | undefined, bindings: unknown[]): string | undefined {
  if (q === undefined || q.trim() === '') return undefined;
  const pattern = `%${q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  bindings.push(...columns.map(() => pattern));
  return `(${columns.map((c) => `lower(${c}) like ?`).join(' or ')})`;
}

/** Enabled users whose region lies in the scope, matching `q` (name or username), by display name. */
export async function searchDirectoryUsers(
  db: Db,
  filter: { q?: string; departmentId?: string },
  scope: ScopePrefixes,
  limit: number,
): Promise<DirectoryEntry[]> {
  const bindings: unknown[] = [];
  const conditions = ['not u.disabled', scopeCondition('u.region_code', scope, bindings), textMatch(['u.username', 'u.display_name'], filter.q, bindings)];
  if (filter.departmentId !== undefined) {
    conditions.push('u.department_id = ?');
    bindings.push(filter.departmentId);
  }
  const found = await rows(
    db,
    `select u.id, u.username, u.display_name, u.department_id, d.name as department_name, u.region_code, r.name as region_name
     from tb_user u left join tb_department d on d.id = u.department_id left join tb_region r on r.code = u.region_code
     ${where(conditions)} order by u.display_name, u.username${paging({ limit, offset: 0 }, bindings)}`,
    bindings,
  );
  return found.map((r) => ({
    id: String(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    departmentId: str(r.department_id),
    departmentName: str(r.department_name),
    regionCode: str(r.region_code),
    regionName: str(r.region_name),
  }));
}

/** Candidate groups (`department:role`) of departments in the scope that have enabled members. */
export async function searchDirectoryGroups(db: Db, filter: { q?: string }, scope: ScopePrefixes, limit: number): Promise<DirectoryGroup[]> {
  const bindings: unknown[] = [];
  const conditions = ['not u.disabled', scopeCondition('d.region_code', scope, bindings), textMatch(['d.id', 'd.name', 'a.role'], filter.q, bindings)];
  const found = await rows(
    db,
    `select d.id as department_id, d.name as department_name, d.region_code, a.role, count(distinct u.id) as members
     from tb_department d join tb_user u on u.department_id = d.id join tb_role_assignment a on a.user_id = u.id
     ${where(conditions)} group by d.id, d.name, d.region_code, a.role order by d.region_code, d.id, a.role${paging({ limit, offset: 0 }, bindings)}`,
    bindings,
  );
  return found.map((r) => ({
    id: `${String(r.department_id)}:${String(r.role)}`,
    departmentId: String(r.department_id),
    departmentName: String(r.department_name),
    role: String(r.role),
    regionCode: String(r.region_code),
    members: Number(r.members),
  }));
}

// ── API keys ───────────────────────────────────────────────────────────────────────────────

export interface ApiKeyRow {
  readonly id: string;
  readonly name: string;
  readonly departmentId: string;
  /** The department's region: the key's scope. */
  readonly regionCode: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

const API_KEY = `k.id, k.name, k.department_id, d.region_code, k.created_by, k.created_at, k.last_used_at, k.revoked_at`;
const apiKeyFromDb = (r: Rec): ApiKeyRow => ({
  id: String(r.id),
  name: String(r.name),
  departmentId: String(r.department_id),
  regionCode: String(r.region_code),
  createdBy: str(r.created_by),
  createdAt: iso(r.created_at) ?? '',
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
});

export async function insertApiKey(db: Db, key: { id: string; name: string; departmentId: string; secretHash: string; createdBy: string }): Promise<void> {
  await db.raw('insert into tb_api_key (id, name, department_id, secret_hash, created_by) values (?, ?, ?, ?, ?)', [
    key.id, key.name, key.departmentId, key.secretHash, key.createdBy,
  ]);
}

export async function findApiKey(db: Db, id: string): Promise<(ApiKeyRow & { secretHash: string }) | undefined> {
  const row = await first(db, `select ${API_KEY}, k.secret_hash from tb_api_key k join tb_department d on d.id = k.department_id where k.id = ?`, [id]);
  return row && { ...apiKeyFromDb(row), secretHash: String(row.secret_hash) };
}

export async function listApiKeys(db: Db, departmentId?: string): Promise<ApiKeyRow[]> {
  const bindings: unknown[] = [];
  let condition: string | undefined;
  if (departmentId !== undefined) {
    condition = 'k.department_id = ?';
    bindings.push(departmentId);
  }
  return (
    await rows(db, `select ${API_KEY} from tb_api_key k join tb_department d on d.id = k.department_id${where([condition])} order by k.created_at, k.id`, bindings)
  ).map(apiKeyFromDb);
}

export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const result = await db.raw<{ rowCount: number | null }>('update tb_api_key set revoked_at = coalesce(revoked_at, now()) where id = ?', [id]);
  return (result.rowCount ?? 0) > 0;
}

export async function touchApiKey(db: Db, id: string): Promise<void> {
  // At most one write a minute per key: adapters call often, the date only needs to be roughly right.
  await db.raw(
    "update tb_api_key set last_used_at = now() where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')",
    [id],
  );
}

// ── instance scope ─────────────────────────────────────────────────────────────────────────

export interface InstanceScopeRow {
  readonly instanceId: string;
  readonly regionCode: string | null;
  readonly departmentId: string | null;
  readonly startedBy: string | null;
}

export async function insertInstanceScope(db: Db, scope: InstanceScopeRow): Promise<void> {
  await db.raw('insert into tb_instance_scope (instance_id, region_code, department_id, started_by) values (?, ?, ?, ?) on conflict (instance_id) do nothing', [
    scope.instanceId, scope.regionCode, scope.departmentId, scope.startedBy,
  ]);
}

/**
 * The scope of an instance's call tree, by the id of any instance in it: `exists` false when
 * there is no such instance at all; `regionCode` null when it has no scope row (started
 * outside the API — visible to admins only).
 */
export async function instanceScope(db: Db, instanceId: string): Promise<{ exists: boolean; regionCode: string | null; departmentId: string | null }> {
  const row = await first(
    db,
    `select i.root_id, s.region_code, s.department_id from tb_instance i
     left join tb_instance_scope s on s.instance_id = i.root_id where i.id = ?`,
    [instanceId],
  );
  return { exists: row !== undefined, regionCode: str(row?.region_code), departmentId: str(row?.department_id) };
}

/** The root instance of a task, open (tb_task) or ended (its history). */
export async function taskRoot(db: Db, taskId: string): Promise<string | undefined> {
  const row = await first(
    db,
    `select root_id from tb_task where id = ?
     union all (select root_id from tb_history where task_id = ? order by id desc limit 1)
     limit 1`,
    [taskId, taskId],
  );
  return str(row?.root_id) ?? undefined;
}

export async function jobRoot(db: Db, jobId: string): Promise<string | undefined> {
  const row = await first(db, 'select root_id from tb_job where id = ?', [jobId]);
  return str(row?.root_id) ?? undefined;
}

/** Root instances of the message subscriptions waiting for a name (and key), with their scope. */
export async function messageTargets(db: Db, name: string, correlationKey: string | null): Promise<Array<{ rootId: string; regionCode: string | null }>> {
  const found = await rows(
    db,
    `select m.root_id, s.region_code from tb_subscription m left join tb_instance_scope s on s.instance_id = m.root_id
     where m.kind = 'message' and m.name = ? and ${correlationKey === null ? 'm.correlation_key is null' : 'm.correlation_key = ?'}`,
    correlationKey === null ? [name] : [name, correlationKey],
  );
  return found.map((r) => ({ rootId: String(r.root_id), regionCode: str(r.region_code) }));
}

// ── read models: instances, tasks, jobs ────────────────────────────────────────────────────

export interface InstanceListItem {
  readonly id: string;
  readonly definitionId: string;
  readonly processKey: string;
  readonly businessKey: string | null;
  readonly status: string;
  readonly regionCode: string | null;
  readonly departmentId: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
}

export interface InstanceFilter {
  readonly processKey?: string;
  readonly businessKey?: string;
  readonly status?: string;
  readonly regionCode?: string;
}

/** Top-level instances, newest first; scoped by the region of their scope row. */
export async function queryInstances(db: Db, filter: InstanceFilter, scope: ScopePrefixes, page: Paging): Promise<{ items: InstanceListItem[]; total: number }> {
  const bindings: unknown[] = [];
  const conditions: (string | undefined)[] = ['i.id = i.root_id', scopeCondition('s.region_code', scope, bindings)];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    conditions.push(`${column} = ?`);
    bindings.push(value);
  };
  eq('i.process_key', filter.processKey);
  eq('i.business_key', filter.businessKey);
  eq('i.status', filter.status);
  if (filter.regionCode !== undefined) conditions.push(scopeCondition('s.region_code', [filter.regionCode], bindings));
  const from = `from tb_instance i left join tb_instance_scope s on s.instance_id = i.id${where(conditions)}`;
  const total = await count(db, `select count(*) as n ${from}`, bindings);
  const pageBindings = [...bindings];
  const found = await rows(
    db,
    `select i.id, i.definition_id, i.process_key, i.business_key, i.status, i.started_at, i.ended_at, s.region_code, s.department_id
     ${from} order by i.started_at desc, i.id${paging(page, pageBindings)}`,
    pageBindings,
  );
  return {
    total,
    items: found.map((r) => ({
      id: String(r.id),
      definitionId: String(r.definition_id),
      processKey: String(r.process_key),
      businessKey: str(r.business_key),
      status: String(r.status),
      regionCode: str(r.region_code),
      departmentId: str(r.department_id),
      startedAt: iso(r.started_at) ?? '',
      endedAt: iso(r.ended_at),
    })),
  };
}

export interface TaskItem {
  readonly id: string;
  readonly instanceId: string;
  readonly rootInstanceId: string;
  readonly definitionId: string;
  readonly processKey: string;
  readonly elementId: string;
  readonly name: string | null;
  readonly assignee: string | null;
  readonly candidateUsers: string[];
  readonly candidateGroups: string[];
  readonly businessKey: string | null;
  readonly regionCode: string | null;
  readonly createdAt: string;
  readonly dueAt: string | null;
  readonly priority: number;
}

export interface TaskFilter {
  readonly instanceId?: string;
  readonly processKey?: string;
  readonly businessKey?: string;
  readonly elementId?: string;
  readonly assignee?: string;
  /** Offered to this group (department:role). */
  readonly candidateGroup?: string;
  /** Assigned to this user, or offered to one of its names (id, username) or groups. */
  readonly mine?: { readonly names: readonly string[]; readonly groups: readonly string[] };
}

const TASK_COLUMNS = `t.id, t.instance_id, t.root_id, t.definition_id, t.process_key, t.element_id, t.name, t.assignee,
  t.candidate_users, t.candidate_groups, t.business_key, t.created_at, t.due_at, t.priority, s.region_code`;

function taskFromDb(r: Rec): TaskItem {
  return {
    id: String(r.id),
    instanceId: String(r.instance_id),
    rootInstanceId: String(r.root_id),
    definitionId: String(r.definition_id),
    processKey: String(r.process_key),
    elementId: String(r.element_id),
    name: str(r.name),
    assignee: str(r.assignee),
    candidateUsers: (r.candidate_users as string[] | null) ?? [],
    candidateGroups: (r.candidate_groups as string[] | null) ?? [],
    businessKey: str(r.business_key),
    regionCode: str(r.region_code),
    createdAt: iso(r.created_at) ?? '',
    dueAt: iso(r.due_at),
    priority: Number(r.priority),
  };
}

/** Open tasks by creation time, scoped by the region of their root instance. */
export async function queryTasks(db: Db, filter: TaskFilter, scope: ScopePrefixes, page: Paging): Promise<{ items: TaskItem[]; total: number }> {
  const bindings: unknown[] = [];
  const conditions: (string | undefined)[] = [scopeCondition('s.region_code', scope, bindings)];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    conditions.push(`${column} = ?`);
    bindings.push(value);
  };
  eq('t.instance_id', filter.instanceId);
  eq('t.process_key', filter.processKey);
  eq('t.business_key', filter.businessKey);
  eq('t.element_id', filter.elementId);
  eq('t.assignee', filter.assignee);
  if (filter.candidateGroup !== undefined) {
    conditions.push('t.candidate_groups @> array[?]::text[]');
    bindings.push(filter.candidateGroup);
  }
  if (filter.mine !== undefined) {
    conditions.push('(t.assignee = any(?::text[]) or t.candidate_users && ?::text[] or t.candidate_groups && ?::text[])');
    bindings.push([...filter.mine.names], [...filter.mine.names], [...filter.mine.groups]);
  }
  const from = `from tb_task t left join tb_instance_scope s on s.instance_id = t.root_id${where(conditions)}`;
  const total = await count(db, `select count(*) as n ${from}`, bindings);
  const pageBindings = [...bindings];
  const found = await rows(db, `select ${TASK_COLUMNS} ${from} order by t.created_at, t.id${paging(page, pageBindings)}`, pageBindings);
  return { items: found.map(taskFromDb), total };
}

export async function getTaskItem(db: Db, id: string): Promise<TaskItem | undefined> {
  const row = await first(db, `select ${TASK_COLUMNS} from tb_task t left join tb_instance_scope s on s.instance_id = t.root_id where t.id = ?`, [id]);
  return row && taskFromDb(row);
}

export interface JobItem {
  readonly id: string;
  readonly instanceId: string;
  readonly rootInstanceId: string;
  readonly kind: string;
  readonly topic: string;
  readonly elementId: string;
  readonly regionCode: string | null;
  readonly createdAt: string;
  readonly dueAt: string | null;
  readonly lockedBy: string | null;
  readonly lockExpiresAt: string | null;
  readonly retries: number | null;
  readonly errorMessage: string | null;
}

export async function queryJobs(db: Db, filter: { topic?: string; instanceId?: string }, scope: ScopePrefixes, page: Paging): Promise<{ items: JobItem[]; total: number }> {
  const bindings: unknown[] = [];
  const conditions: (string | undefined)[] = [scopeCondition('s.region_code', scope, bindings)];
  if (filter.topic !== undefined) {
    conditions.push('j.topic = ?');
    bindings.push(filter.topic);
  }
  if (filter.instanceId !== undefined) {
    conditions.push('j.instance_id = ?');
    bindings.push(filter.instanceId);
  }
  const from = `from tb_job j left join tb_instance_scope s on s.instance_id = j.root_id${where(conditions)}`;
  const total = await count(db, `select count(*) as n ${from}`, bindings);
  const pageBindings = [...bindings];
  const found = await rows(
    db,
    `select j.id, j.instance_id, j.root_id, j.kind, j.topic, j.element_id, s.region_code, j.created_at, j.due_at, j.locked_by,
            j.lock_expires_at, j.retries, j.error_message
     ${from} order by j.created_at, j.id${paging(page, pageBindings)}`,
    pageBindings,
  );
  return {
    total,
    items: found.map((r) => ({
      id: String(r.id),
      instanceId: String(r.instance_id),
      rootInstanceId: String(r.root_id),
      kind: String(r.kind),
      topic: String(r.topic),
      elementId: String(r.element_id),
      regionCode: str(r.region_code),
      createdAt: iso(r.created_at) ?? '',
      dueAt: iso(r.due_at),
      lockedBy: str(r.locked_by),
      lockExpiresAt: iso(r.lock_expires_at),
      retries: r.retries == null ? null : Number(r.retries),
      errorMessage: str(r.error_message),
    })),
  };
}

// ── incidents ──────────────────────────────────────────────────────────────────────────────

export interface IncidentItem {
  readonly id: string;
  readonly jobId: string;
  readonly jobKind: string;
  readonly instanceId: string;
  readonly rootInstanceId: string;
  readonly elementId: string;
  readonly message: string;
  readonly regionCode: string | null;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
  readonly resolution: string | null;
}

/** Incidents (jobs whose retries ran out), oldest first, scoped by their root instance's region. */
export async function queryIncidents(db: Db, filter: { open?: boolean; instanceId?: string }, scope: ScopePrefixes, page: Paging): Promise<{ items: IncidentItem[]; total: number }> {
  const bindings: unknown[] = [];
  const conditions: (string | undefined)[] = [scopeCondition('s.region_code', scope, bindings)];
  if (filter.open !== undefined) conditions.push(filter.open ? 'n.resolved_at is null' : 'n.resolved_at is not null');
  if (filter.instanceId !== undefined) {
    conditions.push('n.instance_id = ?');
    bindings.push(filter.instanceId);
  }
  const from = `from tb_incident n left join tb_instance_scope s on s.instance_id = n.root_id${where(conditions)}`;
  const total = await count(db, `select count(*) as n ${from}`, bindings);
  const pageBindings = [...bindings];
  const found = await rows(
    db,
    `select n.id, n.job_id, n.job_kind, n.instance_id, n.root_id, n.element_id, n.message, s.region_code, n.created_at, n.resolved_at, n.resolution
     ${from} order by n.created_at, n.id${paging(page, pageBindings)}`,
    pageBindings,
  );
  return {
    total,
    items: found.map((r) => ({
      id: String(r.id),
      jobId: String(r.job_id),
      jobKind: String(r.job_kind),
      instanceId: String(r.instance_id),
      rootInstanceId: String(r.root_id),
      elementId: String(r.element_id),
      message: String(r.message),
      regionCode: str(r.region_code),
      createdAt: iso(r.created_at) ?? '',
      resolvedAt: iso(r.resolved_at),
      resolution: str(r.resolution),
    })),
  };
}

/** Who holds which role in which department: the directory's snapshot (enabled users only). */
export async function departmentRoles(db: Db): Promise<Array<{ userId: string; departmentId: string; role: string }>> {
  const found = await rows(
    db,
    `select distinct u.id, u.department_id, a.role from tb_user u join tb_role_assignment a on a.user_id = u.id
     where not u.disabled and u.department_id is not null`,
  );
  return found.map((r) => ({ userId: String(r.id), departmentId: String(r.department_id), role: String(r.role) }));
}

/** Liveness of the database, for `/readyz`. */
export async function ping(db: Db): Promise<void> {
  await db.raw('select 1');
}
