/**
 * Supervision (电子监察): cards, on-demand scans, 三率一数 and deadline figures, overdue cases,
 * follow-ups of bad ratings, and the card thresholds. Listings are narrowed to the caller's
 * regions in SQL; a `regionCode` filter narrows further, never wider.
 */
import { noteAudit } from '../audit/trail.js';
import { listFollowUps } from '../cases/rating.js';
import { startOfLocalDay } from '../cases/deadlines.js';
import { principalOf, scopeOf } from '../context.js';
import { ApiError } from '../errors.js';
import { type CardLevel, type CardRow, listCards } from '../supervision/cards.js';
import type { RegionLevel } from '../identity/regions.js';
import { computeMetrics, defaultRollUpLevel, type GroupBy } from '../supervision/metrics.js';
import { listOverdue } from '../supervision/overdue.js';
import { runSupervisionScan } from '../supervision/scan.js';
import { readSettings, type SupervisionSettings, writeSettings } from '../supervision/settings.js';
import { type HandlerFactory, iso, narrowScope, pageOf, queryText } from './handler.js';

export function cardJson(k: CardRow) {
  return {
    id: k.id,
    caseId: k.caseId,
    caseNo: k.caseNo,
    itemName: k.itemName,
    level: k.level,
    taskId: k.taskId === '' ? null : k.taskId,
    elementId: k.elementId,
    regionCode: k.regionCode,
    departmentId: k.departmentId,
    dueAt: k.dueAt.toISOString(),
    issuedAt: k.issuedAt.toISOString(),
    revokedAt: iso(k.revokedAt),
    revokedBy: k.revokedBy,
    revokeReason: k.revokeReason,
  };
}

const settingsJson = (s: SupervisionSettings) => ({ yellowWorkingDays: s.yellowWorkingDays, redOverdueWorkingDays: s.redOverdueWorkingDays, updatedBy: s.updatedBy, updatedAt: iso(s.updatedAt) });

export const supervisionHandlers: HandlerFactory = (ctx) => ({
  async listCards(req, res) {
    const text = (name: string) => queryText(req, name);
    const page = pageOf(req);
    const result = await listCards(
      ctx.knex,
      {
        ...(text('level') !== undefined ? { level: text('level') as CardLevel } : {}),
        ...(text('active') !== undefined ? { active: text('active') === 'true' } : {}),
        ...(text('caseId') !== undefined ? { caseId: text('caseId')! } : {}),
        ...(text('departmentId') !== undefined ? { departmentId: text('departmentId')! } : {}),
      },
      narrowScope(scopeOf(res), text('regionCode')),
      page,
    );
    res.json({ items: result.items.map(cardJson), total: result.total, ...page });
  },

  async runSupervisionScan(_req, res) {
    const result = await runSupervisionScan(ctx, scopeOf(res));
    noteAudit(res, { summary: { settled: result.settled, issued: result.issued.length } });
    res.json({ ...result, at: result.at.toISOString() });
  },

  async getSupervisionMetrics(req, res) {
    const from = queryText(req, 'from')!;
    const to = queryText(req, 'to')!;
    if (to <= from) throw new ApiError(400, 'VALIDATION_FAILED', '`to` must be after `from`.', [{ path: '/query/to', message: 'must be after from' }]);
    const groupBy = (queryText(req, 'groupBy') ?? 'department') as GroupBy;
    const departmentId = queryText(req, 'departmentId');
    const scope = narrowScope(scopeOf(res), queryText(req, 'regionCode'));
    const level = groupBy === 'region' ? ((queryText(req, 'level') as RegionLevel | undefined) ?? defaultRollUpLevel(scope)) : undefined;
    const result = await computeMetrics(
      ctx.knex,
      { from: startOfLocalDay(from), to: startOfLocalDay(to), now: ctx.engine.clock.now(), groupBy, ...(level ? { level } : {}), ...(departmentId !== undefined ? { departmentId } : {}) },
      scope,
    );
    res.json({ from, to, groupBy, ...(level ? { level } : {}), ...result });
  },

  async listOverdueCases(req, res) {
    const page = pageOf(req);
    const departmentId = queryText(req, 'departmentId');
    const result = await listOverdue(
      ctx.knex,
      ctx.engine.calendar,
      ctx.engine.clock.now(),
      departmentId !== undefined ? { departmentId } : {},
      narrowScope(scopeOf(res), queryText(req, 'regionCode')),
      page,
    );
    res.json({ ...result, ...page });
  },

  async listFollowUps(req, res) {
    const page = pageOf(req);
    const status = queryText(req, 'status') as 'open' | 'resolved' | undefined;
    const result = await listFollowUps(ctx.knex, status !== undefined ? { status } : {}, narrowScope(scopeOf(res), queryText(req, 'regionCode')), page);
    res.json({
      total: result.total,
      ...page,
      items: result.items.map((f) => ({
        caseId: f.caseId,
        caseNo: f.caseNo,
        itemName: f.itemName,
        regionCode: f.regionCode,
        departmentId: f.departmentId,
        score: f.score,
        comment: f.comment,
        ratedAt: f.ratedAt.toISOString(),
        status: f.followUpStatus!,
        resolution: f.followUpResolution,
        resolvedBy: f.followUpResolvedBy,
        resolvedAt: iso(f.followUpResolvedAt),
      })),
    });
  },

  async getSupervisionSettings(_req, res) {
    res.json(settingsJson(await readSettings(ctx.knex)));
  },

  async updateSupervisionSettings(req, res) {
    const before = await readSettings(ctx.knex);
    const after = await writeSettings(ctx.knex, req.body as { yellowWorkingDays: number; redOverdueWorkingDays: number }, principalOf(res).id, ctx.engine.clock.now());
    noteAudit(res, {
      targetId: 'supervision-settings',
      summary: {
        before: { yellowWorkingDays: before.yellowWorkingDays, redOverdueWorkingDays: before.redOverdueWorkingDays },
        after: { yellowWorkingDays: after.yellowWorkingDays, redOverdueWorkingDays: after.redOverdueWorkingDays },
      },
    });
    res.json(settingsJson(after));
  },
});
