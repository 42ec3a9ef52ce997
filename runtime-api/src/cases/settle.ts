/**
 * The case follows its process. After every case command, and in every supervision scan (for
 * processes moved by timers or by the plain instance and task routes), `settle` compares the
 * case with its instance:
 *
 * | process                                   | case becomes |
 * |-------------------------------------------|--------------|
 * | ended normally (an end event), `accepted` = false and the case never accepted | 不予受理 `refused` |
 * | ended normally, otherwise                 | 办结 `concluded` — decision from the case's `result.decision`, else the process variable `decision` (`granted` / `denied`), else `denied` when `approved` = false, else `granted` |
 * | terminated                                | 退件 `withdrawn` (unless already refused) |
 *
 * On conclusion the handling time (working days from acceptance, less the working days the clock
 * was stopped) is stored for the metrics, and the deadline is checked once more at the moment
 * of conclusion, so a case concluded late carries its red card even if no scan ran in between.
 */
import type { AppContext } from '../context.js';
import { issueCards, levelsAt } from '../supervision/cards.js';
import { readSettings } from '../supervision/settings.js';
import { nowOf } from './common.js';
import { closeMembers, decisionFrom, syncMembers } from './members.js';
import { type CaseMemberRow, type CaseRow, type Decision, OPEN_STATUSES } from './model.js';
import { addEvent, getCase, updateCase } from './store.js';

/** A bundle's case is 准予 when every member was granted; a plain case decides as its process did. */
function decisionOf(c: CaseRow, variables: Record<string, unknown>, members: readonly CaseMemberRow[]): Decision {
  if (c.isBundle) return members.length > 0 && members.every((m) => m.decision === 'granted') ? 'granted' : 'denied';
  return decisionFrom(c.result, variables);
}

/** Brings an open case up to its process (and a bundle's members up to theirs); returns the case as it is afterwards. */
export async function settle(ctx: AppContext, caseId: string, by: string | null): Promise<CaseRow | undefined> {
  const c = await getCase(ctx.knex, caseId);
  if (!c || !OPEN_STATUSES.includes(c.status)) return c;
  const members = c.isBundle ? await syncMembers(ctx, c, by) : [];
  const instance = await ctx.engine.getInstance(caseId);
  if (!instance || instance.status === 'active') return c;
  const at = instance.endedAt ?? nowOf(ctx);
  const variables = instance.variables as Record<string, unknown>;
  if (instance.status === 'terminated') {
    const done = await updateCase(ctx.knex, c.id, OPEN_STATUSES, { status: 'withdrawn', withdrawnAt: at, withdrawalReason: c.withdrawalReason ?? '流程已终止', resumeStatus: null, clockStoppedAt: null, updatedAt: at });
    if (done) await addEvent(ctx.knex, { caseId, type: 'withdrawn', at, by, data: null });
    if (done) await closeMembers(ctx, done, by);
    return done ?? getCase(ctx.knex, caseId);
  }
  if (c.acceptedAt === null && variables.accepted === false) {
    const reason = typeof variables.refusalReason === 'string' ? variables.refusalReason : '不予受理';
    const done = await updateCase(ctx.knex, c.id, OPEN_STATUSES, { status: 'refused', refusalReason: c.refusalReason ?? reason, resumeStatus: null, clockStoppedAt: null, updatedAt: at });
    if (done) await addEvent(ctx.knex, { caseId, type: 'refused', at, by, data: null });
    if (done) await closeMembers(ctx, done, by);
    return done ?? getCase(ctx.knex, caseId);
  }
  const calendar = ctx.engine.calendar;
  const handling = c.acceptedAt ? Math.max(0, calendar.workingDaysBetween(c.acceptedAt, at) - c.stoppedWorkingDays) : 0;
  const decision = decisionOf(c, variables, members);
  const done = await updateCase(ctx.knex, c.id, OPEN_STATUSES, {
    status: 'concluded',
    decision,
    concludedAt: at,
    concludedBy: by,
    handlingWorkingDays: handling,
    resumeStatus: null,
    clockStoppedAt: null,
    // A case concluded on the spot was accepted then.
    ...(c.acceptedAt === null ? { acceptedAt: at, acceptedBy: by } : {}),
    updatedAt: at,
  });
  if (!done) return getCase(ctx.knex, caseId);
  await addEvent(ctx.knex, { caseId, type: 'concluded', at, by, data: { decision } });
  if (done.promisedDueAt) {
    const settings = await readSettings(ctx.knex);
    const levels = levelsAt(calendar, settings, done.promisedDueAt, at).filter((level) => level === 'red' || at > done.promisedDueAt!);
    await issueCards(ctx.knex, { caseId, regionCode: done.regionCode, departmentId: done.departmentId, dueAt: done.promisedDueAt }, levels, at);
  }
  return done;
}
