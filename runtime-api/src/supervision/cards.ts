/**
 * Yellow and red cards (黄牌 / 红牌). A case (or one of its steps with a due date) earns:
 * - a yellow card when at most `yellowWorkingDays` working days are left before its deadline
 *   — counted as the engine's calendar counts limits: working days after today up to the
 *   deadline's day, so 0 means due today — or when it is already past it;
 * - a red card when it is past its deadline by more than `redOverdueWorkingDays` working days
 *   (0: as soon as it is overdue).
 * A card is issued once per case, level and step (a unique index; revoking does not invite a
 * new one) and never changes afterwards except to be revoked, with a reason, by a supervisor:
 * the row stays, so the history is kept.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Calendar } from '../cases/deadlines.js';
import type { Paging } from '../store/sql.js';
import type { SupervisionSettings } from './settings.js';

export type CardLevel = 'yellow' | 'red';

export interface CardRow {
  readonly id: string;
  readonly caseId: string;
  readonly caseNo: string;
  readonly itemName: string;
  readonly level: CardLevel;
  /** Empty: the case as a whole; else the step's task. */
  readonly taskId: string;
  readonly elementId: string | null;
  readonly regionCode: string;
  readonly departmentId: string;
  readonly dueAt: Date;
  readonly issuedAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
}

/** The levels a deadline has earned at an instant. */
export function levelsAt(calendar: Calendar, settings: SupervisionSettings, due: Date, at: Date): CardLevel[] {
  const overdue = at.getTime() > due.getTime();
  const redFrom = settings.redOverdueWorkingDays === 0 ? due : calendar.addWorkingDays(due, settings.redOverdueWorkingDays);
  const levels: CardLevel[] = [];
  if (overdue || calendar.workingDaysBetween(at, due) <= settings.yellowWorkingDays) levels.push('yellow');
  if (at.getTime() > redFrom.getTime()) levels.push('red');
  return levels;
}

export interface CardSubject {
  readonly caseId: string;
  readonly regionCode: string;
  readonly departmentId: string;
  readonly dueAt: Date;
  readonly taskId?: string;
  readonly elementId?: string | null;
}

/** Issues the cards not issued yet; returns the new ones' ids and levels. */
export async function issueCards(db: Knex | Knex.Transaction, subject: CardSubject, levels: readonly CardLevel[], at: Date): Promise<Array<{ id: string; level: CardLevel }>> {
  const issued: Array<{ id: string; level: CardLevel }> = [];
  for (const level of levels) {
    const id = randomUUID();
    const result = await db.raw<{ rows: unknown[] }>(
      `insert into tb_supervision_card (id, case_id, level, task_id, element_id, region_code, department_id, due_at, issued_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (case_id, level, task_id) do nothing returning id`,
      [id, subject.caseId, level, subject.taskId ?? '', subject.elementId ?? null, subject.regionCode, subject.departmentId, subject.dueAt, at],
    );
    if (result.rows.length > 0) issued.push({ id, level });
  }
  return issued;
}

const CARD_COLUMNS = `k.id, k.case_id, c.case_no, c.item_name, k.level, k.task_id, k.element_id, k.region_code, k.department_id, k.due_at, k.issued_at,
  k.revoked_at, k.revoked_by, k.revoke_reason`;

function cardFromDb(r: Record<string, unknown>): CardRow {
  const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    caseNo: String(r.case_no),
    itemName: String(r.item_name),
    level: String(r.level) as CardLevel,
    taskId: String(r.task_id),
    elementId: r.element_id == null ? null : String(r.element_id),
    regionCode: String(r.region_code),
    departmentId: String(r.department_id),
    dueAt: date(r.due_at)!,
    issuedAt: date(r.issued_at)!,
    revokedAt: date(r.revoked_at),
    revokedBy: r.revoked_by == null ? null : String(r.revoked_by),
    revokeReason: r.revoke_reason == null ? null : String(r.revoke_reason),
  };
}

export interface CardFilter {
  readonly caseId?: string;
  readonly level?: CardLevel;
  /** true: not revoked; false: revoked only. */
  readonly active?: boolean;
  readonly departmentId?: string;
  readonly regionCode?: string;
}

export async function listCards(db: Knex, filter: CardFilter, scope: readonly string[] | null, page: Paging): Promise<{ items: CardRow[]; total: number }> {
  const conditions: string[] = [];
  const bindings: unknown[] = [];
  const add = (condition: string, value?: unknown) => {
    conditions.push(condition);
    if (value !== undefined) bindings.push(value);
  };
  if (scope !== null) add('k.region_code like any(?::text[])', scope.map((s) => `${s}%`));
  if (filter.regionCode !== undefined) add('k.region_code like ?', `${filter.regionCode}%`);
  if (filter.caseId !== undefined) add('k.case_id = ?', filter.caseId);
  if (filter.level !== undefined) add('k.level = ?', filter.level);
  if (filter.departmentId !== undefined) add('k.department_id = ?', filter.departmentId);
  if (filter.active !== undefined) add(filter.active ? 'k.revoked_at is null' : 'k.revoked_at is not null');
  const where = conditions.length ? ` where ${conditions.join(' and ')}` : '';
  const from = `from tb_supervision_card k join tb_case c on c.id = k.case_id${where}`;
  const raw = (sql: string, b: unknown[]) => db.raw<{ rows: Array<Record<string, unknown>> }>(sql, b as Knex.RawBinding[]);
  const total = Number((await raw(`select count(*) as n ${from}`, bindings)).rows[0]?.n ?? 0);
  const found = await raw(`select ${CARD_COLUMNS} ${from} order by k.issued_at desc, k.id limit ? offset ?`, [...bindings, page.limit, page.offset]);
  return { items: found.rows.map(cardFromDb), total };
}

export async function getCard(db: Knex, id: string): Promise<CardRow | undefined> {
  const row = (await db.raw<{ rows: Array<Record<string, unknown>> }>(`select ${CARD_COLUMNS} from tb_supervision_card k join tb_case c on c.id = k.case_id where k.id = ?`, [id])).rows[0];
  return row && cardFromDb(row);
}

/** Revokes a card once; false when it was already revoked. */
export async function revokeCard(db: Knex, id: string, by: string, reason: string, at: Date): Promise<boolean> {
  const result = await db.raw<{ rowCount: number | null }>(
    'update tb_supervision_card set revoked_at = ?, revoked_by = ?, revoke_reason = ? where id = ? and revoked_at is null',
    [at, by, reason, id],
  );
  return (result.rowCount ?? 0) > 0;
}
