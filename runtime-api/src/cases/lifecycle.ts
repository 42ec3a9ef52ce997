/**
 * The window's decisions and the clock (DESIGN §3):
 *
 *   待受理 submitted ──accept──▶ 已受理 accepted ──first step done──▶ 办理中 processing ──process ends──▶ 办结 concluded
 *        │  └──refuse (reason)──▶ 不予受理 refused
 *        └─ supplement ─▶ 补正 supplement ─ resubmit ─▶ back to where it was (submitted, accepted or processing)
 *   any open status ──withdraw (reason)──▶ 退件 withdrawn
 *   accepted/processing ── special procedure (hearing, testing, expert review) start … end: the status stays, the clock stops
 *
 * In the process: acceptance completes the open user task with id `accept` (outcome `approve`,
 * variables `accepted` = true and `approved` = true, which a rejecting step clears); refusal
 * completes it with outcome `reject`, `accepted` = false and `refusalReason`, and terminates
 * the instance if the process does not end by itself. An item whose process has no `accept`
 * task is accepted on the case alone. An immediate item (即办件) is decided at acceptance, which
 * takes its result (decision, certificate or document number; acceptance-result.ts). 补正 and special
 * procedures suspend the instance (its timers stop); resubmission and the end of the procedure
 * resume it and move the deadlines by the stopped time (deadlines.ts).
 *
 * Each command checks the status, runs the engine command (which refuses a second, racing
 * attempt: task already completed, instance already suspended), then moves the case with a
 * conditional update. A clock stop whose case update loses a race is undone in the engine.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Principal } from '../identity/principal.js';
import { ACCEPT_STEP, movedOn, nowOf, recordEvent, requireCase, requireStatus, wrongStatus } from './common.js';
import { acceptanceResult } from './acceptance-result.js';
import { dueAfterStop, dueFrom, stoppedWorkingDays } from './deadlines.js';
import { acceptMembers, closeMembers } from './members.js';
import {
  type CaseResult, type CaseRow, type CaseStatus, CLOCK_STATUSES, type MissingMaterial, OPEN_STATUSES, type ReceivedMaterial, type SpecialProcedureKind, SUSPENSION_NAMES,
  type Channel,
} from './model.js';
import { settle } from './settle.js';
import { type CaseChange, endSuspension, insertSuspension, openSuspension, updateCase } from './store.js';

async function acceptTaskOf(ctx: AppContext, caseId: string) {
  const [task] = await ctx.engine.queryTasks({ instanceId: caseId, elementId: ACCEPT_STEP });
  return task;
}

export async function acceptCase(
  ctx: AppContext,
  principal: Principal,
  id: string,
  input: { comment?: string; materials?: readonly ReceivedMaterial[]; result?: CaseResult },
): Promise<CaseRow> {
  const c = await requireCase(ctx, id);
  requireStatus(c, 'accept', ['submitted']);
  // 即办件: acceptance concludes the case, so it carries the result (acceptance-result.ts).
  const result = acceptanceResult(c, input.result);
  const denied = result?.decision === 'denied';
  const task = await acceptTaskOf(ctx, id);
  if (task) {
    await ctx.metrics.command('completeTask', () =>
      // `approved` starts true: it says no step has rejected the application (steps.ts clears it).
      ctx.engine.completeTask(task.id, {
        userId: principal.id,
        outcome: 'approve',
        variables: { accepted: true, approved: !denied, ...(result?.decision ? { decision: result.decision } : {}) },
        ...(input.comment ? { comment: input.comment } : {}),
      }),
    );
  }
  if (c.isBundle) await acceptMembers(ctx, principal, c);
  const now = nowOf(ctx);
  const calendar = ctx.engine.calendar;
  const done = await updateCase(ctx.knex, id, ['submitted'], {
    status: 'accepted',
    acceptedAt: now,
    acceptedBy: principal.id,
    promisedDueAt: dueFrom(calendar, now, c.promisedLimit, c.immediate),
    legalDueAt: dueFrom(calendar, now, c.legalLimit, false),
    ...(input.materials ? { materials: [...c.materials, ...input.materials] } : {}),
    ...(result ? { result } : {}),
    updatedAt: now,
  });
  if (!done) throw movedOn(id);
  await recordEvent(ctx, id, 'accepted', principal.id);
  return (await settle(ctx, id, principal.id)) ?? done;
}

export async function refuseCase(ctx: AppContext, principal: Principal, id: string, input: { reason: string }): Promise<CaseRow> {
  const c = await requireCase(ctx, id);
  requireStatus(c, 'refuse', ['submitted']);
  const task = await acceptTaskOf(ctx, id);
  if (task) {
    await ctx.metrics.command('completeTask', () =>
      ctx.engine.completeTask(task.id, { userId: principal.id, outcome: 'reject', variables: { accepted: false, refusalReason: input.reason }, comment: input.reason }),
    );
  }
  const instance = await ctx.engine.getInstance(id);
  if (instance?.status === 'active') await ctx.engine.terminateInstance(id, { reason: `不予受理：${input.reason}`, userId: principal.id });
  const now = nowOf(ctx);
  const done = await updateCase(ctx.knex, id, ['submitted'], { status: 'refused', refusalReason: input.reason, updatedAt: now });
  if (!done) throw movedOn(id);
  await recordEvent(ctx, id, 'refused', principal.id);
  await closeMembers(ctx, done, principal.id);
  return done;
}

/** Stops the clock: suspends the instance, opens a suspension, moves the case; undone if the case moved meanwhile. */
async function stopClock(ctx: AppContext, principal: Principal, c: CaseRow, kind: 'supplement' | SpecialProcedureKind, reason: string | null, missing: readonly MissingMaterial[] | null, change: CaseChange): Promise<CaseRow> {
  if (c.clockStoppedAt !== null || (await openSuspension(ctx.knex, c.id))) {
    throw new ApiError(409, 'CLOCK_ALREADY_STOPPED', 'The case is already suspended (补正 or a special procedure); end that first.', { caseId: c.id });
  }
  const why = `${SUSPENSION_NAMES[kind]}${reason ? `：${reason}` : ''}`;
  // A bundle's members are the case process's call activities: the engine stops their clocks with it.
  await ctx.metrics.command('suspendInstance', () => ctx.engine.suspendInstance(c.id, { reason: why, userId: principal.id }));
  const now = nowOf(ctx);
  try {
    const done = await ctx.knex.transaction(async (trx) => {
      const moved = await updateCase(trx, c.id, [c.status], change);
      if (!moved) throw movedOn(c.id);
      await insertSuspension(trx, { id: randomUUID(), caseId: c.id, kind, reason, missingMaterials: missing, startedAt: now, startedBy: principal.id });
      return moved;
    });
    await recordEvent(ctx, c.id, kind === 'supplement' ? 'supplementRequested' : 'specialProcedureStarted', principal.id, {
      kind,
      ...(missing ? { missingMaterials: missing.map((m) => m.name) } : {}),
    });
    return done;
  } catch (err) {
    await ctx.engine.resumeInstance(c.id, { userId: principal.id }).catch(() => undefined);
    throw err;
  }
}

/** Restarts the clock: resumes the instance, closes the suspension, moves the deadlines by the stopped time. */
async function restartClock(ctx: AppContext, principal: Principal, c: CaseRow, from: CaseStatus, change: Omit<CaseChange, 'updatedAt'>, onSiteVisits = 0): Promise<CaseRow> {
  const suspension = await openSuspension(ctx.knex, c.id);
  await ctx.metrics.command('resumeInstance', () => ctx.engine.resumeInstance(c.id, { userId: principal.id })); // members resume with it
  const now = nowOf(ctx);
  const calendar = ctx.engine.calendar;
  const stopped = c.clockStoppedAt ? stoppedWorkingDays(calendar, c.clockStoppedAt, now) : 0;
  const dues: Partial<CaseChange> =
    c.clockStoppedAt && c.promisedDueAt && c.legalDueAt
      ? {
          promisedDueAt: dueAfterStop(calendar, c.promisedDueAt, c.immediate ? 'workingDays' : c.promisedLimit.unit, c.clockStoppedAt, now),
          legalDueAt: dueAfterStop(calendar, c.legalDueAt, c.legalLimit.unit, c.clockStoppedAt, now),
          stoppedWorkingDays: c.stoppedWorkingDays + stopped,
        }
      : {};
  const done = await updateCase(ctx.knex, c.id, [from], { ...change, ...dues, clockStoppedAt: null, updatedAt: now }, onSiteVisits);
  if (!done) throw movedOn(c.id);
  if (suspension) await endSuspension(ctx.knex, suspension.id, { at: now, by: principal.id, stoppedWorkingDays: stopped });
  return done;
}

export async function requestSupplement(ctx: AppContext, principal: Principal, id: string, input: { missingMaterials: readonly MissingMaterial[]; reason?: string }): Promise<CaseRow> {
  const c = await requireCase(ctx, id);
  const from: readonly CaseStatus[] = ['submitted', 'accepted', 'processing'];
  requireStatus(c, 'request 补正', from);
  const now = nowOf(ctx);
  return stopClock(ctx, principal, c, 'supplement', input.reason ?? null, input.missingMaterials, {
    status: 'supplement',
    resumeStatus: c.status,
    // Before acceptance no limit runs yet; the clock only stops once it has started.
    clockStoppedAt: CLOCK_STATUSES.includes(c.status) ? now : null,
    updatedAt: now,
  });
}

export async function resubmitCase(
  ctx: AppContext,
  principal: Principal,
  id: string,
  input: { materials?: readonly ReceivedMaterial[]; channel?: Channel; comment?: string },
): Promise<CaseRow> {
  const c = await requireCase(ctx, id);
  requireStatus(c, 'resubmit', ['supplement']);
  const back = c.resumeStatus ?? 'submitted';
  const channel = input.channel ?? c.channel;
  const done = await restartClock(ctx, principal, c, 'supplement', { status: back, resumeStatus: null, ...(input.materials ? { materials: [...c.materials, ...input.materials] } : {}) }, channel === 'online' ? 0 : 1);
  await recordEvent(ctx, id, 'resubmitted', principal.id, { channel });
  return done;
}

export async function startSpecialProcedure(ctx: AppContext, principal: Principal, id: string, input: { kind: SpecialProcedureKind; reason: string }): Promise<CaseRow> {
  const c = await requireCase(ctx, id);
  requireStatus(c, 'start a special procedure', CLOCK_STATUSES);
  const now = nowOf(ctx);
  return stopClock(ctx, principal, c, input.kind, input.reason, null, { clockStoppedAt: now, updatedAt: now });
}

export async function endSpecialProcedure(ctx: AppContext, principal: Principal, id: string, input: { comment?: string }): Promise<CaseRow> {
  const c = await requireCase(ctx, id);
  const suspension = await openSuspension(ctx.knex, id);
  if (!suspension || suspension.kind === 'supplement') throw new ApiError(409, 'NO_SPECIAL_PROCEDURE', 'No special procedure is running on this case.', { caseId: id });
  requireStatus(c, 'end a special procedure', CLOCK_STATUSES);
  const done = await restartClock(ctx, principal, c, c.status, {});
  await recordEvent(ctx, id, 'specialProcedureEnded', principal.id, { kind: suspension.kind, ...(input.comment ? { comment: input.comment } : {}) });
  return done;
}

export async function withdrawCase(ctx: AppContext, principal: Principal, id: string, input: { reason: string }): Promise<CaseRow> {
  const c = await requireCase(ctx, id);
  if (!OPEN_STATUSES.includes(c.status)) throw wrongStatus(c, 'withdraw', OPEN_STATUSES);
  const instance = await ctx.engine.getInstance(id);
  if (instance?.status === 'active') {
    await ctx.metrics.command('terminateInstance', () => ctx.engine.terminateInstance(id, { reason: `退件：${input.reason}`, userId: principal.id }));
  }
  const now = nowOf(ctx);
  const done = await updateCase(ctx.knex, id, OPEN_STATUSES, { status: 'withdrawn', withdrawnAt: now, withdrawalReason: input.reason, resumeStatus: null, clockStoppedAt: null, updatedAt: now });
  if (!done) throw movedOn(id);
  const suspension = await openSuspension(ctx.knex, id);
  if (suspension) await endSuspension(ctx.knex, suspension.id, { at: now, by: principal.id, stoppedWorkingDays: 0 });
  await recordEvent(ctx, id, 'withdrawn', principal.id);
  await closeMembers(ctx, done, principal.id);
  return done;
}
