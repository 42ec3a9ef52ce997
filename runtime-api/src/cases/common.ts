/** Small pieces every case command uses: loading, refusing a wrong status, the clock. */
import type { AppContext } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { CASE_STATUS_NAMES, type CaseRow, type CaseStatus } from './model.js';
import { addEvent, getCase } from './store.js';

/** The BPMN element id of the acceptance step (受理) in an item's process. */
export const ACCEPT_STEP = 'accept';

export const nowOf = (ctx: AppContext): Date => ctx.engine.clock.now();

export async function requireCase(ctx: AppContext, id: string): Promise<CaseRow> {
  const found = await getCase(ctx.knex, id);
  if (!found) throw notFound('Case', id);
  return found;
}

/** 409 naming the status the case is in and the ones the command needs. */
export function wrongStatus(c: CaseRow, action: string, allowed: readonly CaseStatus[]): ApiError {
  return new ApiError(409, 'CASE_STATUS_CONFLICT', `Cannot ${action}: the case is ${c.status} (${CASE_STATUS_NAMES[c.status]}).`, {
    caseId: c.id,
    status: c.status,
    allowed,
  });
}

export function requireStatus(c: CaseRow, action: string, allowed: readonly CaseStatus[]): void {
  if (!allowed.includes(c.status)) throw wrongStatus(c, action, allowed);
}

/** The conditional update lost: someone else moved the case first. */
export function movedOn(id: string): ApiError {
  return new ApiError(409, 'CASE_STATUS_CONFLICT', `Case ${id} changed while this request ran; load it again.`, { caseId: id });
}

export async function recordEvent(ctx: AppContext, caseId: string, type: string, by: string | null, data: Record<string, unknown> | null = null): Promise<void> {
  await addEvent(ctx.knex, { caseId, type, at: nowOf(ctx), by, data });
}
