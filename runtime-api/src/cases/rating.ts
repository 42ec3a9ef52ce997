/**
 * 好差评: the applicant rates a concluded case once, from 1 (非常不满意) to 5 (非常满意).
 * Applicants have no account; they prove who they are as for the progress lookup, with the case
 * number and the applicant's own ID number (or credit code) — an agent's number looks a case up
 * but does not rate it. A rating of 1 or 2 (差评) opens a follow-up (整改回访) that supervisors
 * see and close with a resolution.
 */
import type { Knex } from 'knex';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Paging } from '../store/sql.js';
import { nowOf, recordEvent, requireCase } from './common.js';
import type { CaseRow } from './model.js';

export const BAD_RATING_MAX = 2;
export const GOOD_RATING_MIN = 4;

export interface RatingRow {
  readonly caseId: string;
  readonly score: number;
  readonly comment: string | null;
  readonly ratedAt: Date;
  readonly followUpStatus: 'open' | 'resolved' | null;
  readonly followUpResolution: string | null;
  readonly followUpResolvedBy: string | null;
  readonly followUpResolvedAt: Date | null;
}

const RATING_COLUMNS = 'r.case_id, r.score, r.comment, r.rated_at, r.follow_up_status, r.follow_up_resolution, r.follow_up_resolved_by, r.follow_up_resolved_at';

function ratingFromDb(r: Record<string, unknown>): RatingRow {
  const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
  const str = (v: unknown) => (v == null ? null : String(v));
  return {
    caseId: String(r.case_id),
    score: Number(r.score),
    comment: str(r.comment),
    ratedAt: date(r.rated_at)!,
    followUpStatus: str(r.follow_up_status) as RatingRow['followUpStatus'],
    followUpResolution: str(r.follow_up_resolution),
    followUpResolvedBy: str(r.follow_up_resolved_by),
    followUpResolvedAt: date(r.follow_up_resolved_at),
  };
}

export async function getRating(db: Knex, caseId: string): Promise<RatingRow | undefined> {
  const row = (await db.raw<{ rows: Array<Record<string, unknown>> }>(`select ${RATING_COLUMNS} from tb_case_rating r where r.case_id = ?`, [caseId])).rows[0];
  return row && ratingFromDb(row);
}

export async function rateCase(ctx: AppContext, c: CaseRow, input: { score: number; comment?: string }): Promise<RatingRow> {
  if (c.status !== 'concluded') throw new ApiError(409, 'CASE_NOT_CONCLUDED', 'A case can be rated once it is concluded (办结).', { status: c.status });
  const now = nowOf(ctx);
  const result = await ctx.knex.raw<{ rows: unknown[] }>(
    `insert into tb_case_rating (case_id, score, comment, rated_at, follow_up_status) values (?, ?, ?, ?, ?)
     on conflict (case_id) do nothing returning case_id`,
    [c.id, input.score, input.comment ?? null, now, input.score <= BAD_RATING_MAX ? 'open' : null],
  );
  if (result.rows.length === 0) throw new ApiError(409, 'ALREADY_RATED', 'This case has already been rated; a case is rated once.');
  await recordEvent(ctx, c.id, 'rated', null, { score: input.score });
  return (await getRating(ctx.knex, c.id))!;
}

export async function resolveFollowUp(ctx: AppContext, caseId: string, userId: string, resolution: string): Promise<RatingRow> {
  await requireCase(ctx, caseId);
  const result = await ctx.knex.raw<{ rowCount: number | null }>(
    `update tb_case_rating set follow_up_status = 'resolved', follow_up_resolution = ?, follow_up_resolved_by = ?, follow_up_resolved_at = ?
     where case_id = ? and follow_up_status = 'open'`,
    [resolution, userId, nowOf(ctx), caseId],
  );
  if ((result.rowCount ?? 0) === 0) throw new ApiError(409, 'NO_OPEN_FOLLOW_UP', 'This case has no open follow-up (only a bad rating opens one).', { caseId });
  return (await getRating(ctx.knex, caseId))!;
}

export interface FollowUpRow extends RatingRow {
  readonly caseNo: string;
  readonly itemName: string;
  readonly regionCode: string;
  readonly departmentId: string;
}

export async function listFollowUps(db: Knex, filter: { status?: 'open' | 'resolved'; regionCode?: string }, scope: readonly string[] | null, page: Paging): Promise<{ items: FollowUpRow[]; total: number }> {
  const conditions = ['r.follow_up_status is not null'];
  const bindings: unknown[] = [];
  if (scope !== null) {
    conditions.push('c.region_code like any(?::text[])');
    bindings.push(scope.map((s) => `${s}%`));
  }
  if (filter.regionCode !== undefined) {
    conditions.push('c.region_code like ?');
    bindings.push(`${filter.regionCode}%`);
  }
  if (filter.status !== undefined) {
    conditions.push('r.follow_up_status = ?');
    bindings.push(filter.status);
  }
  const from = `from tb_case_rating r join tb_case c on c.id = r.case_id where ${conditions.join(' and ')}`;
  const raw = (sql: string, b: unknown[]) => db.raw<{ rows: Array<Record<string, unknown>> }>(sql, b as Knex.RawBinding[]);
  const total = Number((await raw(`select count(*) as n ${from}`, bindings)).rows[0]?.n ?? 0);
  const found = await raw(`select ${RATING_COLUMNS}, c.case_no, c.item_name, c.region_code, c.department_id ${from} order by r.rated_at desc, r.case_id limit ? offset ?`, [
    ...bindings, page.limit, page.offset,
  ]);
  return {
    total,
    items: found.rows.map((r) => ({ ...ratingFromDb(r), caseNo: String(r.case_no), itemName: String(r.item_name), regionCode: String(r.region_code), departmentId: String(r.department_id) })),
  };
}
