/**
 * Cases (办件): submit, list, read, receipt, and the window's and approvers' commands. Each
 * command notes a before/after summary for the audit log. Region and role checks come from the
 * route table (`instance` scope: a case id is its instance id); what a status allows comes from
 * cases/lifecycle.ts, and who may complete a step from the engine.
 */
import type { Response } from 'express';
import { noteAudit } from '../audit/trail.js';
import { acceptCase, endSpecialProcedure, refuseCase, requestSupplement, resubmitCase, startSpecialProcedure, withdrawCase } from '../cases/lifecycle.js';
import { recordMemberResult } from '../cases/members.js';
import type { CaseResult, CaseRow } from '../cases/model.js';
import { requireCase } from '../cases/common.js';
import { resolveFollowUp } from '../cases/rating.js';
import { settle } from '../cases/settle.js';
import { completeCaseTask, type CompleteStepInput, taskForm } from '../cases/steps.js';
import { listCases } from '../cases/store.js';
import { type SubmitInput, submitCase } from '../cases/submit.js';
import { caseJson, caseSummaryJson, ratingJson, receiptJson } from '../cases/views.js';
import type { AppContext } from '../context.js';
import { principalOf, scopeOf } from '../context.js';
import { ApiError } from '../errors.js';
import type { Principal } from '../identity/principal.js';
import { getCard, revokeCard } from '../supervision/cards.js';
import { cardJson } from './supervision.js';
import { type Handler, type HandlerFactory, narrowScope, pageOf, param, queryText } from './handler.js';

type Body = Record<string, unknown>;

/** Answers with the case, noting its status before and after for the audit log. */
async function answer(ctx: AppContext, res: Response, before: string | null, after: CaseRow, status = 200): Promise<void> {
  noteAudit(res, { targetId: after.id, regionCode: after.regionCode, summary: { caseNo: after.caseNo, before: before === null ? null : { status: before }, after: { status: after.status } } });
  res.status(status).json(await caseJson(ctx, after));
}

/** Runs a case command as the caller, answering with the case. */
function command(ctx: AppContext, run: (principal: Principal, id: string, body: Body) => Promise<CaseRow>): Handler {
  return async (req, res) => {
    const id = param(req, 'id');
    const before = (await requireCase(ctx, id)).status;
    const after = await run(principalOf(res), id, (req.body ?? {}) as Body);
    await answer(ctx, res, before, after);
  };
}

export const caseHandlers: HandlerFactory = (ctx) => ({
  async createCase(req, res) {
    const created = await submitCase(ctx, principalOf(res), req.body as SubmitInput);
    res.location(`/api/cases/${created.id}`);
    await answer(ctx, res, null, created, 201);
  },

  async listCases(req, res) {
    const text = (name: string) => queryText(req, name);
    const filter = {
      ...(text('status') !== undefined ? { status: text('status')! } : {}),
      ...(text('caseNo') !== undefined ? { caseNo: text('caseNo')! } : {}),
      ...(text('itemId') !== undefined ? { itemId: text('itemId')! } : {}),
      ...(text('channel') !== undefined ? { channel: text('channel')! } : {}),
      ...(text('departmentId') !== undefined ? { departmentId: text('departmentId')! } : {}),
    };
    const page = pageOf(req);
    const result = await listCases(ctx.knex, filter, narrowScope(scopeOf(res), text('regionCode')), page);
    res.json({ items: result.items.map(caseSummaryJson), total: result.total, ...page });
  },

  async getCase(req, res) {
    const id = param(req, 'id');
    await requireCase(ctx, id);
    // Reading a case brings it up to its process first (a timer or the plain task routes may have moved it).
    res.json(await caseJson(ctx, (await settle(ctx, id, null))!));
  },

  async getCaseReceipt(req, res) {
    res.json(await receiptJson(ctx, await requireCase(ctx, param(req, 'id'))));
  },

  acceptCase: command(ctx, (principal, id, body) => acceptCase(ctx, principal, id, body as Parameters<typeof acceptCase>[3])),
  refuseCase: command(ctx, (principal, id, body) => refuseCase(ctx, principal, id, body as { reason: string })),
  requestSupplement: command(ctx, (principal, id, body) => requestSupplement(ctx, principal, id, body as Parameters<typeof requestSupplement>[3])),
  resubmitCase: command(ctx, (principal, id, body) => resubmitCase(ctx, principal, id, body as Parameters<typeof resubmitCase>[3])),
  startSpecialProcedure: command(ctx, (principal, id, body) => startSpecialProcedure(ctx, principal, id, body as Parameters<typeof startSpecialProcedure>[3])),
  endSpecialProcedure: command(ctx, (principal, id, body) => endSpecialProcedure(ctx, principal, id, body as { comment?: string })),
  completeCaseTask: command(ctx, (principal, id, body) => completeCaseTask(ctx, principal, id, body as unknown as CompleteStepInput)),
  withdrawCase: command(ctx, (principal, id, body) => withdrawCase(ctx, principal, id, body as { reason: string })),

  async recordMemberResult(req, res) {
    const id = param(req, 'id');
    const principal = principalOf(res);
    const before = (await requireCase(ctx, id)).status;
    await recordMemberResult(ctx, principal, id, param(req, 'member'), req.body as CaseResult);
    await answer(ctx, res, before, (await settle(ctx, id, principal.id))!);
  },

  async getCaseTaskForm(req, res) {
    res.json(await taskForm(ctx, param(req, 'id'), queryText(req, 'taskId')));
  },

  async revokeCard(req, res) {
    const caseId = param(req, 'id');
    const { cardId, reason } = req.body as { cardId: string; reason: string };
    const card = await getCard(ctx.knex, cardId);
    if (!card || card.caseId !== caseId) throw new ApiError(404, 'CARD_NOT_FOUND', `Case ${caseId} has no card ${cardId}.`, { caseId, cardId });
    const revoked = await revokeCard(ctx.knex, cardId, principalOf(res).id, reason, ctx.engine.clock.now());
    if (!revoked) throw new ApiError(409, 'CARD_ALREADY_REVOKED', 'This card has already been revoked.', { cardId });
    noteAudit(res, { targetId: caseId, summary: { cardId, level: card.level, before: { revoked: false }, after: { revoked: true, reason } } });
    res.json(cardJson((await getCard(ctx.knex, cardId))!));
  },

  async resolveFollowUp(req, res) {
    const caseId = param(req, 'id');
    const { resolution } = req.body as { resolution: string };
    const rating = await resolveFollowUp(ctx, caseId, principalOf(res).id, resolution);
    noteAudit(res, { summary: { before: { followUp: 'open' }, after: { followUp: 'resolved' } } });
    res.json(ratingJson(rating));
  },
});

