/**
 * The supervision scan (电子监察): run by the server on a schedule and on demand.
 * 1. Cases whose process ended or was terminated without going through the case routes
 *    (timers, the plain task routes) are settled first (cases/settle.ts).
 * 2. Every case whose clock runs (accepted or processing, not stopped) and whose promised
 *    deadline falls within the yellow window earns the cards it is due (cards.ts); so does every
 *    open step of such a case that has a due date (tongban:dueDate / timeLimit). The SQL picks
 *    candidates by an index on the deadline; the calendar decides.
 * Time is the engine's clock, so tests move it instead of waiting. Cards are issued with
 * `on conflict do nothing`: several servers scanning at once issue each card once.
 */
import type { Knex } from 'knex';
import type { AppContext } from '../context.js';
import { settle } from '../cases/settle.js';
import { casesBehindTheirProcess } from '../cases/store.js';
import { type CardLevel, issueCards, levelsAt } from './cards.js';
import { readSettings } from './settings.js';

export interface ScanResult {
  readonly at: Date;
  readonly settled: number;
  readonly checked: number;
  readonly issued: Array<{ cardId: string; caseId: string; caseNo: string; level: CardLevel; taskId: string | null }>;
}

type Row = Record<string, unknown>;

async function candidates(knex: Knex, threshold: Date, scope: readonly string[] | null): Promise<{ cases: Row[]; steps: Row[] }> {
  const bindings: unknown[] = [];
  let scoped = '';
  if (scope !== null) {
    scoped = ' and c.region_code like any(?::text[])';
    bindings.push(scope.map((s) => `${s}%`));
  }
  const running = `c.status in ('accepted', 'processing') and c.clock_stopped_at is null${scoped}`;
  const cases = await knex.raw<{ rows: Row[] }>(
    `select c.id, c.case_no, c.region_code, c.department_id, c.promised_due_at as due_at from tb_case c
     where ${running} and c.promised_due_at is not null and c.promised_due_at <= ?`,
    [...bindings, threshold] as Knex.RawBinding[],
  );
  const steps = await knex.raw<{ rows: Row[] }>(
    `select c.id, c.case_no, c.region_code, c.department_id, t.id as task_id, t.element_id, t.due_at from tb_case c
     join tb_task t on t.root_id = c.id
     where ${running} and t.due_at is not null and t.due_at <= ?`,
    [...bindings, threshold] as Knex.RawBinding[],
  );
  return { cases: cases.rows, steps: steps.rows };
}

export async function runSupervisionScan(ctx: AppContext, scope: readonly string[] | null): Promise<ScanResult> {
  const at = ctx.engine.clock.now();
  let settled = 0;
  for (const lagging of await casesBehindTheirProcess(ctx.knex, scope)) {
    await settle(ctx, lagging.id, 'system');
    settled++;
  }
  const calendar = ctx.engine.calendar;
  const settings = await readSettings(ctx.knex);
  // Every deadline that could be in the yellow window (a superset; levelsAt decides exactly).
  const threshold = calendar.addWorkingDays(at, settings.yellowWorkingDays);
  const { cases, steps } = await candidates(ctx.knex, threshold, scope);
  const issued: ScanResult['issued'] = [];
  for (const row of [...cases, ...steps]) {
    const dueAt = row.due_at instanceof Date ? row.due_at : new Date(String(row.due_at));
    const levels = levelsAt(calendar, settings, dueAt, at);
    if (levels.length === 0) continue;
    const taskId = row.task_id == null ? undefined : String(row.task_id);
    const subject = {
      caseId: String(row.id),
      regionCode: String(row.region_code),
      departmentId: String(row.department_id),
      dueAt,
      ...(taskId !== undefined ? { taskId, elementId: String(row.element_id) } : {}),
    };
    for (const card of await issueCards(ctx.knex, subject, levels, at)) {
      issued.push({ cardId: card.id, caseId: subject.caseId, caseNo: String(row.case_no), level: card.level, taskId: taskId ?? null });
    }
  }
  return { at, settled, checked: cases.length + steps.length, issued };
}
