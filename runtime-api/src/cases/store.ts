/**
 * The cases' SQL: `tb_case`, its suspensions, timeline and rating. Same rules as
 * `store/sql.ts` (plain SQL, `?` bindings, explicit columns). Status changes are conditional
 * updates (`… where id = ? and status = any(?)`): the caller learns whether it won, and a
 * command that lost a race changes nothing.
 */
import type { Knex } from 'knex';
import type { Paging } from '../store/sql.js';
import type { CaseEventRow, CaseMemberRow, CaseRow, CaseStatus, MemberStatus, SuspensionKind, SuspensionRow } from './model.js';

export type Db = Knex | Knex.Transaction;
type Rec = Record<string, unknown>;

async function rows(db: Db, sql: string, bindings: readonly unknown[] = []): Promise<Rec[]> {
  return (await db.raw<{ rows: Rec[] }>(sql, bindings as Knex.RawBinding[])).rows;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
const str = (value: unknown): string | null => (value == null ? null : String(value));
const date = (value: unknown): Date | null => (value == null ? null : value instanceof Date ? value : new Date(String(value)));
const num = (value: unknown): number | null => (value == null ? null : Number(value));

/** Column ↔ field, in one list: reading, inserting and updating all use it. */
const FIELDS = {
  id: 'id',
  caseNo: 'case_no',
  itemId: 'item_id',
  itemVersionId: 'item_version_id',
  implCode: 'impl_code',
  baseCode: 'base_code',
  itemName: 'item_name',
  itemType: 'item_type',
  processDefinitionId: 'process_definition_id',
  regionCode: 'region_code',
  departmentId: 'department_id',
  channel: 'channel',
  status: 'status',
  resumeStatus: 'resume_status',
  applicant: 'applicant',
  applicantIdNumber: 'applicant_id_number',
  agentIdNumber: 'agent_id_number',
  materials: 'materials',
  situationId: 'situation_id',
  immediate: 'immediate',
  promisedLimit: 'promised_limit',
  legalLimit: 'legal_limit',
  onlineDepth: 'online_depth',
  plannedOnSiteVisits: 'planned_on_site_visits',
  onSiteVisits: 'on_site_visits',
  submittedAt: 'submitted_at',
  submittedBy: 'submitted_by',
  acceptedAt: 'accepted_at',
  acceptedBy: 'accepted_by',
  promisedDueAt: 'promised_due_at',
  legalDueAt: 'legal_due_at',
  clockStoppedAt: 'clock_stopped_at',
  stoppedWorkingDays: 'stopped_working_days',
  refusalReason: 'refusal_reason',
  decision: 'decision',
  result: 'result',
  concludedAt: 'concluded_at',
  concludedBy: 'concluded_by',
  handlingWorkingDays: 'handling_working_days',
  withdrawnAt: 'withdrawn_at',
  withdrawalReason: 'withdrawal_reason',
  isBundle: 'is_bundle',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof CaseRow, string>;

const JSON_FIELDS = new Set(['applicant', 'materials', 'promisedLimit', 'legalLimit', 'result']);
const CASE_COLUMNS = Object.values(FIELDS).map((c) => `c.${c}`).join(', ');

function caseFromDb(r: Rec): CaseRow {
  return {
    id: String(r.id),
    caseNo: String(r.case_no),
    itemId: String(r.item_id),
    itemVersionId: String(r.item_version_id),
    implCode: String(r.impl_code),
    baseCode: String(r.base_code),
    itemName: String(r.item_name),
    itemType: String(r.item_type),
    processDefinitionId: String(r.process_definition_id),
    regionCode: String(r.region_code),
    departmentId: String(r.department_id),
    channel: String(r.channel) as CaseRow['channel'],
    status: String(r.status) as CaseStatus,
    resumeStatus: str(r.resume_status) as CaseStatus | null,
    applicant: json(r.applicant),
    applicantIdNumber: String(r.applicant_id_number),
    agentIdNumber: str(r.agent_id_number),
    materials: json(r.materials) ?? [],
    situationId: str(r.situation_id),
    immediate: Boolean(r.immediate),
    promisedLimit: json(r.promised_limit),
    legalLimit: json(r.legal_limit),
    onlineDepth: Number(r.online_depth),
    plannedOnSiteVisits: Number(r.planned_on_site_visits),
    onSiteVisits: Number(r.on_site_visits),
    submittedAt: date(r.submitted_at)!,
    submittedBy: String(r.submitted_by),
    acceptedAt: date(r.accepted_at),
    acceptedBy: str(r.accepted_by),
    promisedDueAt: date(r.promised_due_at),
    legalDueAt: date(r.legal_due_at),
    clockStoppedAt: date(r.clock_stopped_at),
    stoppedWorkingDays: Number(r.stopped_working_days),
    refusalReason: str(r.refusal_reason),
    decision: str(r.decision) as CaseRow['decision'],
    result: r.result == null ? null : json(r.result),
    concludedAt: date(r.concluded_at),
    concludedBy: str(r.concluded_by),
    handlingWorkingDays: num(r.handling_working_days),
    withdrawnAt: date(r.withdrawn_at),
    withdrawalReason: str(r.withdrawal_reason),
    isBundle: Boolean(r.is_bundle),
    updatedAt: date(r.updated_at)!,
  };
}

const toDb = (field: string, value: unknown): unknown => (JSON_FIELDS.has(field) && value !== null ? JSON.stringify(value) : value);
const placeholder = (field: string) => (JSON_FIELDS.has(field) ? '?::jsonb' : '?');

export async function insertCase(db: Db, row: CaseRow): Promise<void> {
  const fields = Object.keys(FIELDS) as Array<keyof CaseRow>;
  await db.raw(
    `insert into tb_case (${fields.map((f) => FIELDS[f]).join(', ')}) values (${fields.map(placeholder).join(', ')})`,
    fields.map((f) => toDb(f, row[f])) as Knex.RawBinding[],
  );
}

export async function getCase(db: Db, id: string): Promise<CaseRow | undefined> {
  const [r] = await rows(db, `select ${CASE_COLUMNS} from tb_case c where c.id = ?`, [id]);
  return r && caseFromDb(r);
}

export async function getCaseByNo(db: Db, caseNo: string): Promise<CaseRow | undefined> {
  const [r] = await rows(db, `select ${CASE_COLUMNS} from tb_case c where c.case_no = ?`, [caseNo]);
  return r && caseFromDb(r);
}

export type CaseChange = Partial<Omit<CaseRow, 'id' | 'caseNo' | 'updatedAt'>> & { readonly updatedAt: Date };

/**
 * Applies a change if the case is still in one of `from`; returns the updated case, or
 * undefined when it had moved on (the caller answers 409). `onSiteVisitsAdd` adds atomically.
 */
export async function updateCase(db: Db, id: string, from: readonly CaseStatus[], change: CaseChange, onSiteVisitsAdd = 0): Promise<CaseRow | undefined> {
  const sets: string[] = [];
  const bindings: unknown[] = [];
  for (const [field, value] of Object.entries(change)) {
    const column = FIELDS[field as keyof CaseRow];
    if (column === undefined || value === undefined) continue;
    sets.push(`${column} = ${placeholder(field)}`);
    bindings.push(toDb(field, value));
  }
  if (onSiteVisitsAdd !== 0) {
    sets.push('on_site_visits = on_site_visits + ?');
    bindings.push(onSiteVisitsAdd);
  }
  const [r] = await rows(db, `update tb_case c set ${sets.join(', ')} where c.id = ? and c.status = any(?::text[]) returning ${CASE_COLUMNS}`, [
    ...bindings, id, [...from],
  ]);
  return r && caseFromDb(r);
}

export interface CaseFilter {
  readonly status?: string;
  readonly caseNo?: string;
  readonly itemId?: string;
  readonly channel?: string;
  readonly departmentId?: string;
  readonly regionCode?: string;
}

/** Cases in the caller's regions, newest first, with the total. */
export async function listCases(db: Db, filter: CaseFilter, scope: readonly string[] | null, page: Paging): Promise<{ items: CaseRow[]; total: number }> {
  const conditions: string[] = [];
  const bindings: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    conditions.push(condition);
    bindings.push(value);
  };
  if (scope !== null) add('c.region_code like any(?::text[])', scope.map((s) => `${s}%`));
  if (filter.regionCode !== undefined) add('c.region_code like ?', `${filter.regionCode}%`);
  if (filter.status !== undefined) add('c.status = ?', filter.status);
  if (filter.caseNo !== undefined) add('c.case_no = ?', filter.caseNo);
  if (filter.itemId !== undefined) add('c.item_id = ?', filter.itemId);
  if (filter.channel !== undefined) add('c.channel = ?', filter.channel);
  if (filter.departmentId !== undefined) add('c.department_id = ?', filter.departmentId);
  const where = conditions.length ? ` where ${conditions.join(' and ')}` : '';
  const [counted] = await rows(db, `select count(*) as n from tb_case c${where}`, bindings);
  const found = await rows(db, `select ${CASE_COLUMNS} from tb_case c${where} order by c.submitted_at desc, c.id limit ? offset ?`, [...bindings, page.limit, page.offset]);
  return { items: found.map(caseFromDb), total: Number(counted?.n ?? 0) };
}

// ── suspensions ─────────────────────────────────────────────────────────────────────────────

const SUSPENSION_COLUMNS = 'id, case_id, kind, reason, missing_materials, started_at, started_by, ended_at, ended_by, stopped_working_days';

function suspensionFromDb(r: Rec): SuspensionRow {
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    kind: String(r.kind) as SuspensionKind,
    reason: str(r.reason),
    missingMaterials: r.missing_materials == null ? null : json(r.missing_materials),
    startedAt: date(r.started_at)!,
    startedBy: String(r.started_by),
    endedAt: date(r.ended_at),
    endedBy: str(r.ended_by),
    stoppedWorkingDays: num(r.stopped_working_days),
  };
}

export async function insertSuspension(db: Db, s: Omit<SuspensionRow, 'endedAt' | 'endedBy' | 'stoppedWorkingDays'>): Promise<void> {
  await db.raw(
    `insert into tb_case_suspension (id, case_id, kind, reason, missing_materials, started_at, started_by) values (?, ?, ?, ?, ?::jsonb, ?, ?)`,
    [s.id, s.caseId, s.kind, s.reason, s.missingMaterials === null ? null : JSON.stringify(s.missingMaterials), s.startedAt, s.startedBy],
  );
}

export async function openSuspension(db: Db, caseId: string): Promise<SuspensionRow | undefined> {
  const [r] = await rows(db, `select ${SUSPENSION_COLUMNS} from tb_case_suspension where case_id = ? and ended_at is null`, [caseId]);
  return r && suspensionFromDb(r);
}

export async function endSuspension(db: Db, id: string, end: { at: Date; by: string; stoppedWorkingDays: number }): Promise<boolean> {
  const result = await db.raw<{ rowCount: number | null }>(
    'update tb_case_suspension set ended_at = ?, ended_by = ?, stopped_working_days = ? where id = ? and ended_at is null',
    [end.at, end.by, end.stoppedWorkingDays, id],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function listSuspensions(db: Db, caseId: string): Promise<SuspensionRow[]> {
  return (await rows(db, `select ${SUSPENSION_COLUMNS} from tb_case_suspension where case_id = ? order by started_at, id`, [caseId])).map(suspensionFromDb);
}

// ── timeline ────────────────────────────────────────────────────────────────────────────────

export async function addEvent(db: Db, event: Omit<CaseEventRow, 'id'>): Promise<void> {
  await db.raw('insert into tb_case_event (case_id, type, at, by_user, data) values (?, ?, ?, ?, ?::jsonb)', [
    event.caseId, event.type, event.at, event.by, event.data === null ? null : JSON.stringify(event.data),
  ]);
}

export async function listEvents(db: Db, caseId: string): Promise<CaseEventRow[]> {
  return (await rows(db, 'select id, case_id, type, at, by_user, data from tb_case_event where case_id = ? order by id', [caseId])).map((r) => ({
    id: Number(r.id),
    caseId: String(r.case_id),
    type: String(r.type),
    at: date(r.at)!,
    by: str(r.by_user),
    data: r.data == null ? null : json<Record<string, unknown>>(r.data),
  }));
}

/** Open cases whose process is no longer running (ended by a timer, another route, …). */
export async function casesBehindTheirProcess(db: Db, scope: readonly string[] | null): Promise<Array<{ id: string; instanceStatus: string }>> {
  const bindings: unknown[] = [];
  let scoped = '';
  if (scope !== null) {
    scoped = ' and c.region_code like any(?::text[])';
    bindings.push(scope.map((s) => `${s}%`));
  }
  const found = await rows(
    db,
    `select c.id, i.status from tb_case c join tb_instance i on i.id = c.id
     where c.status in ('submitted', 'accepted', 'processing', 'supplement') and i.status <> 'active'${scoped}`,
    bindings,
  );
  return found.map((r) => ({ id: String(r.id), instanceStatus: String(r.status) }));
}

// ── bundle members ──────────────────────────────────────────────────────────────────────────

const MEMBER_COLUMNS = 'case_id, position, item_id, impl_code, item_name, item_version_id, process_definition_id, department_id, instance_id, status, decision, result, concluded_at';

function memberFromDb(r: Rec): CaseMemberRow {
  return {
    caseId: String(r.case_id),
    position: Number(r.position),
    itemId: String(r.item_id),
    implCode: String(r.impl_code),
    itemName: String(r.item_name),
    itemVersionId: String(r.item_version_id),
    processDefinitionId: String(r.process_definition_id),
    departmentId: String(r.department_id),
    instanceId: str(r.instance_id),
    status: String(r.status) as MemberStatus,
    decision: str(r.decision) as CaseMemberRow['decision'],
    result: r.result == null ? null : json(r.result),
    concludedAt: date(r.concluded_at),
  };
}

export async function insertMembers(db: Db, members: readonly CaseMemberRow[]): Promise<void> {
  for (const m of members) {
    await db.raw(
      `insert into tb_case_member (${MEMBER_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)`,
      [m.caseId, m.position, m.itemId, m.implCode, m.itemName, m.itemVersionId, m.processDefinitionId, m.departmentId, m.instanceId, m.status, m.decision, m.result === null ? null : JSON.stringify(m.result), m.concludedAt],
    );
  }
}

export async function listMembers(db: Db, caseId: string): Promise<CaseMemberRow[]> {
  return (await rows(db, `select ${MEMBER_COLUMNS} from tb_case_member where case_id = ? order by position`, [caseId])).map(memberFromDb);
}

export type MemberChange = Partial<Pick<CaseMemberRow, 'instanceId' | 'status' | 'decision' | 'result' | 'concludedAt'>>;

/** Changes a member if it is still in one of `from`; undefined when it moved on first. */
export async function updateMember(db: Db, caseId: string, position: number, from: readonly MemberStatus[], change: MemberChange): Promise<CaseMemberRow | undefined> {
  const columns: Record<string, string> = { instanceId: 'instance_id', status: 'status', decision: 'decision', result: 'result', concludedAt: 'concluded_at' };
  const sets: string[] = [];
  const bindings: unknown[] = [];
  for (const [field, value] of Object.entries(change)) {
    if (value === undefined) continue;
    sets.push(field === 'result' ? `${columns[field]} = ?::jsonb` : `${columns[field]} = ?`);
    bindings.push(field === 'result' && value !== null ? JSON.stringify(value) : value);
  }
  const [r] = await rows(db, `update tb_case_member set ${sets.join(', ')} where case_id = ? and position = ? and status = any(?::text[]) returning ${MEMBER_COLUMNS}`, [
    ...bindings, caseId, position, [...from],
  ]);
  return r && memberFromDb(r);
}

/** The process instances a case's process called (its members' processes, for a bundle). */
export async function childInstances(db: Db, caseId: string): Promise<Array<{ id: string; definitionId: string; status: string }>> {
  const found = await rows(db, 'select id, definition_id, status from tb_instance where parent_id = ? order by started_at, id', [caseId]);
  return found.map((r) => ({ id: String(r.id), definitionId: String(r.definition_id), status: String(r.status) }));
}
