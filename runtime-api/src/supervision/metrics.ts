/**
 * 三率一数 and deadline figures per department or per region over a period [from, to), from the
 * cases alone (each case keeps the online depth and visits its item version promised, so a
 * later version never rewrites old figures). Formulas (documented in the README):
 *
 * - 网上可办率 onlineDepthRate      = cases submitted in the period whose item offered online
 *                                     depth ≥ 3 (在线预审 or 全程网办) ÷ cases submitted in the period;
 * - 全程网办率 onlineConclusionRate = cases concluded in the period that came online and needed
 *                                     no visit (on-site visits = 0) ÷ cases concluded in the period;
 * - 好评率 satisfactionRate          = ratings given in the period with 4 or 5 ÷ ratings given in the period;
 * - 平均跑动次数 averageOnSiteVisits = on-site visits (window or agent point submission, each
 *                                     resubmission in person) of cases concluded in the period ÷
 *                                     cases concluded in the period;
 * - overdue                          = cases concluded in the period after their promised deadline,
 *                                     plus open cases whose clock runs and whose deadline passed
 *                                     before the end of the period (or now, if earlier);
 * - averageHandlingWorkingDays       = mean of (working days from acceptance to conclusion − working
 *                                     days the clock was stopped) over cases concluded in the period.
 * A rate with nothing to divide by is null, not 0.
 *
 * Grouped by region, figures roll up the region tree (codes are hierarchical: 44 / 4401 /
 * 440106 / 440106001 / 440106001001): each group is a region of one `level` and counts its own
 * cases and every case below it, so a county's row holds its towns and villages. A case handled
 * above that level (at the county itself when the rows are towns) counts in a row of its own
 * region (本级). The groups split the cases, so they add up to the total. Without `level`, the
 * rows are one level below the region asked for (regionCode, else the caller's region; several
 * regions: their own level; no region at all: provinces). `level=village` gives each case's
 * own region, unrolled.
 */
import type { Knex } from 'knex';
import { outermost, REGION_LEVELS, type RegionLevel, regionLevel } from '../identity/regions.js';

export type GroupBy = 'department' | 'region';

const CODE_LENGTH: Readonly<Record<RegionLevel, number>> = { province: 2, city: 4, county: 6, town: 9, village: 12 };

/** The level of the rows when the caller names none: one below a single root, the roots' own level for several. */
export function defaultRollUpLevel(roots: readonly string[] | null): RegionLevel {
  const top = outermost(roots ?? []);
  if (top.length === 0) return 'province';
  const highest = REGION_LEVELS.indexOf(regionLevel(top.reduce((a, b) => (b.length < a.length ? b : a)))!);
  return top.length === 1 ? REGION_LEVELS[Math.min(highest + 1, REGION_LEVELS.length - 1)]! : REGION_LEVELS[highest]!;
}

export interface MetricsRow {
  readonly key: string | null;
  readonly submitted: number;
  readonly onlineCapable: number;
  readonly concluded: number;
  readonly concludedFullyOnline: number;
  readonly onSiteVisits: number;
  readonly ratings: number;
  readonly goodRatings: number;
  readonly overdue: number;
  readonly onlineDepthRate: number | null;
  readonly onlineConclusionRate: number | null;
  readonly satisfactionRate: number | null;
  readonly averageOnSiteVisits: number | null;
  readonly averageHandlingWorkingDays: number | null;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

export async function computeMetrics(
  knex: Knex,
  options: { from: Date; to: Date; now: Date; groupBy: GroupBy; level?: RegionLevel; regionCode?: string; departmentId?: string },
  scope: readonly string[] | null,
): Promise<{ groups: MetricsRow[]; total: MetricsRow }> {
  // The length is one of five fixed numbers, never text from the request.
  const length = CODE_LENGTH[options.level ?? 'village'];
  const key = options.groupBy === 'department' ? 'c.department_id' : `case when length(c.region_code) > ${length} then substr(c.region_code, 1, ${length}) else c.region_code end`;
  const conditions: string[] = [];
  const filterBindings: unknown[] = [];
  if (scope !== null) {
    conditions.push('c.region_code like any(?::text[])');
    filterBindings.push(scope.map((s) => `${s}%`));
  }
  if (options.regionCode !== undefined) {
    conditions.push('c.region_code like ?');
    filterBindings.push(`${options.regionCode}%`);
  }
  if (options.departmentId !== undefined) {
    conditions.push('c.department_id = ?');
    filterBindings.push(options.departmentId);
  }
  const until = options.now < options.to ? options.now : options.to;
  const { from, to } = options;
  const submittedIn = 'c.submitted_at >= ? and c.submitted_at < ?';
  const concludedIn = "c.status = 'concluded' and c.concluded_at >= ? and c.concluded_at < ?";
  const ratedIn = 'r.rated_at >= ? and r.rated_at < ?';
  const select = `
    count(*) filter (where ${submittedIn}) as submitted,
    count(*) filter (where ${submittedIn} and c.online_depth >= 3) as online_capable,
    count(*) filter (where ${concludedIn}) as concluded,
    count(*) filter (where ${concludedIn} and c.channel = 'online' and c.on_site_visits = 0) as concluded_fully_online,
    coalesce(sum(c.on_site_visits) filter (where ${concludedIn}), 0) as on_site_visits,
    count(r.case_id) filter (where ${ratedIn}) as ratings,
    count(r.case_id) filter (where ${ratedIn} and r.score >= 4) as good_ratings,
    count(*) filter (where (${concludedIn} and c.concluded_at > c.promised_due_at)
                        or (c.status in ('accepted', 'processing') and c.clock_stopped_at is null and c.promised_due_at < ?)) as overdue,
    avg(c.handling_working_days) filter (where ${concludedIn}) as avg_handling`;
  const selectBindings = [from, to, from, to, from, to, from, to, from, to, from, to, from, to, from, to, until, from, to];
  const where = conditions.length ? ` where ${conditions.join(' and ')}` : '';
  const fromClause = `from tb_case c left join tb_case_rating r on r.case_id = c.id${where}`;
  const raw = (sql: string, b: unknown[]) => knex.raw<{ rows: Array<Record<string, unknown>> }>(sql, b as Knex.RawBinding[]);
  const grouped = await raw(`select ${key} as key, ${select} ${fromClause} group by ${key} order by ${key}`, [...selectBindings, ...filterBindings]);
  const total = await raw(`select null as key, ${select} ${fromClause}`, [...selectBindings, ...filterBindings]);
  const groups = grouped.rows.map(toMetrics).filter((g) => g.submitted + g.concluded + g.ratings + g.overdue > 0);
  return { groups, total: toMetrics(total.rows[0] ?? {}) };
}

function toMetrics(r: Record<string, unknown>): MetricsRow {
  const n = (v: unknown) => Number(v ?? 0);
  const submitted = n(r.submitted);
  const concluded = n(r.concluded);
  const ratings = n(r.ratings);
  const avg = r.avg_handling == null ? null : Math.round(Number(r.avg_handling) * 100) / 100;
  return {
    key: r.key == null ? null : String(r.key),
    submitted,
    onlineCapable: n(r.online_capable),
    concluded,
    concludedFullyOnline: n(r.concluded_fully_online),
    onSiteVisits: n(r.on_site_visits),
    ratings,
    goodRatings: n(r.good_ratings),
    overdue: n(r.overdue),
    onlineDepthRate: rate(n(r.online_capable), submitted),
    onlineConclusionRate: rate(n(r.concluded_fully_online), concluded),
    satisfactionRate: rate(n(r.good_ratings), ratings),
    averageOnSiteVisits: rate(n(r.on_site_visits), concluded),
    averageHandlingWorkingDays: avg,
  };
}
