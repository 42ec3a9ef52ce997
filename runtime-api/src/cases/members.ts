/**
 * A bundle's case (一件事): one case, one case number, one receipt — and one row per member
 * item (`tb_case_member`) recording that member's outcome. The bundle's process calls each
 * member's pinned process (a child instance of the case's, same business key = case number):
 *
 * - acceptance is the bundle's: accepting the case completes the bundle's `accept` step, then
 *   every member's own `accept` step (一窗受理: the window accepts once for all; the members'
 *   accept steps are completed by the system, with a comment naming the case, since the clerk
 *   accepting the bundle need not be a candidate of each member's window);
 * - a member's steps are worked like any case step (steps.ts), under the member's own form and
 *   field permissions, on the member's copy of the form; a `result` given there (decision,
 *   certificate number) is the member's, not the case's;
 * - when a member's process ends, its row is concluded (准予 / 不予, like a case: the given
 *   result's decision, else the member's `decision` variable, else 不予 when `approved` is false);
 *   a result recorded afterwards (a certificate number issued at the window) completes it;
 * - the case concludes when its process ends, i.e. when every member has: 准予 when every member
 *   was granted, else 不予 — the members' rows say which was granted.
 */
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Principal } from '../identity/principal.js';
import { ACCEPT_STEP, nowOf, requireCase } from './common.js';
import { type CaseMemberRow, type CaseResult, type CaseRow, type Decision, MEMBER_STATUS_NAMES } from './model.js';
import { addEvent, childInstances, listMembers, updateMember } from './store.js';

/** Same rule as a case's conclusion (settle.ts). */
export function decisionFrom(result: CaseResult | null, variables: Record<string, unknown>): Decision {
  if (result?.decision) return result.decision;
  if (variables.decision === 'granted' || variables.decision === 'denied') return variables.decision;
  return variables.approved === false ? 'denied' : 'granted';
}

/** Brings the members' rows up to their processes: started, concluded (with the decision) or withdrawn. */
export async function syncMembers(ctx: AppContext, c: CaseRow, by: string | null): Promise<CaseMemberRow[]> {
  const members = await listMembers(ctx.knex, c.id);
  if (members.every((m) => m.status === 'concluded' || m.status === 'withdrawn')) return members;
  const children = await childInstances(ctx.knex, c.id);
  const out: CaseMemberRow[] = [];
  for (const m of members) {
    const child = children.find((x) => x.id === m.instanceId) ?? children.find((x) => x.definitionId === m.processDefinitionId);
    if (!child || m.status === 'concluded' || m.status === 'withdrawn') {
      out.push(m);
      continue;
    }
    let next: CaseMemberRow | undefined;
    if (child.status === 'active') {
      next = m.status === 'pending' ? await updateMember(ctx.knex, c.id, m.position, ['pending'], { status: 'processing', instanceId: child.id }) : m;
    } else if (child.status === 'terminated') {
      next = await updateMember(ctx.knex, c.id, m.position, ['pending', 'processing'], { status: 'withdrawn', instanceId: child.id });
    } else {
      const instance = await ctx.engine.getInstance(child.id);
      const at = instance?.endedAt ?? nowOf(ctx);
      const decision = decisionFrom(m.result, (instance?.variables ?? {}) as Record<string, unknown>);
      next = await updateMember(ctx.knex, c.id, m.position, ['pending', 'processing'], { status: 'concluded', instanceId: child.id, decision, concludedAt: at });
      if (next) {
        await addEvent(ctx.knex, { caseId: c.id, type: 'memberConcluded', at, by, data: { position: m.position, implCode: m.implCode, itemName: m.itemName, decision } });
      }
    }
    out.push(next ?? (await listMembers(ctx.knex, c.id)).find((x) => x.position === m.position)!);
  }
  return out;
}

/** Members not concluded when the case ends otherwise (不予受理, 退件) did not run to an outcome. */
export async function closeMembers(ctx: AppContext, c: CaseRow, by: string | null): Promise<void> {
  if (!c.isBundle) return;
  for (const m of await syncMembers(ctx, c, by)) {
    if (m.status === 'pending' || m.status === 'processing') await updateMember(ctx.knex, c.id, m.position, ['pending', 'processing'], { status: 'withdrawn' });
  }
}

/** 一窗受理: after the bundle's own acceptance, each member's `accept` step is completed too. */
export async function acceptMembers(ctx: AppContext, principal: Principal, c: CaseRow): Promise<void> {
  const tasks = await ctx.engine.queryTasks({ businessKey: c.caseNo, elementId: ACCEPT_STEP });
  for (const task of tasks.filter((t) => t.rootId === c.id && t.instanceId !== c.id)) {
    await ctx.metrics.command('completeTask', () =>
      ctx.engine.completeTask(task.id, {
        outcome: 'approve',
        variables: { accepted: true, approved: true },
        comment: `随一件事办件 ${c.caseNo} 一并受理（${principal.displayName}）`,
      }),
    );
  }
  await syncMembers(ctx, c, principal.id);
}

/** The member whose process a task belongs to (undefined for the bundle's own steps). */
export async function memberOfInstance(ctx: AppContext, c: CaseRow, instanceId: string): Promise<CaseMemberRow | undefined> {
  if (!c.isBundle || instanceId === c.id) return undefined;
  const members = await syncMembers(ctx, c, null);
  return members.find((m) => m.instanceId === instanceId);
}

/**
 * Records a member's result (the member named by 实施编码 or position) — the certificate or document number, a note, and the decision
 * while the member has not concluded (afterwards its process decided it: 409 on a different one).
 */
export async function recordMemberResult(ctx: AppContext, principal: Principal, caseId: string, memberRef: string, result: CaseResult): Promise<CaseRow> {
  const c = await requireCase(ctx, caseId);
  if (!c.isBundle) throw new ApiError(409, 'NOT_A_BUNDLE_CASE', `Case ${c.caseNo} is not a bundle's case (一件事); give the result with the last step.`, { caseId });
  const members = await syncMembers(ctx, c, principal.id);
  const member = members.find((m) => m.implCode === memberRef || String(m.position) === memberRef);
  if (!member) throw new ApiError(404, 'MEMBER_NOT_FOUND', `Case ${c.caseNo} has no member ${memberRef} (give its 实施编码 or position).`, { caseId, member: memberRef });
  const position = member.position;
  if (member.status === 'withdrawn' || member.status === 'pending') {
    throw new ApiError(409, 'MEMBER_STATUS_CONFLICT', `Member ${member.itemName} is ${member.status} (${MEMBER_STATUS_NAMES[member.status]}): no result can be recorded.`, { position, status: member.status });
  }
  if (member.status === 'concluded' && result.decision !== undefined && result.decision !== member.decision) {
    throw new ApiError(409, 'MEMBER_ALREADY_DECIDED', `Member ${member.itemName} concluded as ${member.decision}; its decision cannot change.`, { position, decision: member.decision });
  }
  const merged = { ...member.result, ...result };
  const done = await updateMember(ctx.knex, c.id, position, [member.status], { result: merged });
  if (!done) throw new ApiError(409, 'MEMBER_STATUS_CONFLICT', 'The member changed while this request ran; load the case again.', { position });
  await addEvent(ctx.knex, { caseId: c.id, type: 'memberResult', at: nowOf(ctx), by: principal.id, data: { position, implCode: member.implCode, itemName: member.itemName } });
  return c;
}

/** A member as the case shows it to staff. */
export function memberJson(m: CaseMemberRow) {
  return {
    position: m.position,
    itemId: m.itemId,
    implCode: m.implCode,
    itemName: m.itemName,
    itemVersionId: m.itemVersionId,
    processDefinitionId: m.processDefinitionId,
    departmentId: m.departmentId,
    instanceId: m.instanceId,
    status: m.status,
    statusName: MEMBER_STATUS_NAMES[m.status],
    decision: m.decision,
    result: m.result,
    concludedAt: m.concludedAt ? m.concludedAt.toISOString() : null,
  };
}
