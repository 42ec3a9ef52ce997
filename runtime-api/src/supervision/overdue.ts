/**
 * 超期办件: open cases whose clock runs and whose promised deadline has passed, most overdue
 * first, with how many working days late they are. A case whose clock is stopped (补正, special
 * procedure) is not overdue: its deadline moves when the clock restarts.
 */
import type { Knex } from 'knex';
import type { Calendar } from '../cases/deadlines.js';
import type { Paging } from '../store/sql.js';

export async function listOverdue(
  knex: Knex,
  calendar: Calendar,
  now: Date,
  filter: { departmentId?: string; regionCode?: string },
  scope: readonly string[] | null,
  page: Paging,
) {
  const conditions = ["c.status in ('accepted', 'processing')", 'c.clock_stopped_at is null', 'c.promised_due_at < ?'];
  const bindings: unknown[] = [now];
  if (scope !== null) {
    conditions.push('c.region_code like any(?::text[])');
    bindings.push(scope.map((s) => `${s}%`));
  }
  if (filter.regionCode !== undefined) {
    conditions.push('c.region_code like ?');
    bindings.push(`${filter.regionCode}%`);
  }
  if (filter.departmentId !== undefined) {
    conditions.push('c.department_id = ?');
    bindings.push(filter.departmentId);
  }
  const from = `from tb_case c where ${conditions.join(' and ')}`;
  const raw = (sql: string, b: unknown[]) => knex.raw<{ rows: Array<Record<string, unknown>> }>(sql, b as Knex.RawBinding[]);
  const total = Number((await raw(`select count(*) as n ${from}`, bindings)).rows[0]?.n ?? 0);
  const found = await raw(
    `select c.id, c.case_no, c.item_name, c.region_code, c.department_id, c.status, c.promised_due_at, c.accepted_at ${from}
     order by c.promised_due_at, c.id limit ? offset ?`,
    [...bindings, page.limit, page.offset],
  );
  return {
    total,
    items: found.rows.map((r) => {
      const due = r.promised_due_at instanceof Date ? r.promised_due_at : new Date(String(r.promised_due_at));
      return {
        caseId: String(r.id),
        caseNo: String(r.case_no),
        itemName: String(r.item_name),
        regionCode: String(r.region_code),
        departmentId: String(r.department_id),
        status: String(r.status),
        promisedDueAt: due.toISOString(),
        overdueWorkingDays: Math.max(0, calendar.workingDaysBetween(due, now)),
      };
    }),
  };
}
