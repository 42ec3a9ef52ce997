/**
 * 办件进度查询 for applicants, who have no account: the case number plus the applicant's ID
 * number (or credit code; an agent's ID number works too). Wrong number and unknown case get
 * the same answer, the comparison takes the same time either way, and the route is
 * rate-limited per address, so the lookup cannot be used to find out which numbers exist.
 * The answer reveals only the status, the steps and their dates — no names, comments, form
 * data or staff.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { CASE_STATUS_NAMES, type CaseRow, MEMBER_STATUS_NAMES, SUSPENSION_NAMES, type SuspensionKind } from './model.js';
import { getCaseByNo, listEvents, listMembers, openSuspension } from './store.js';
import { publicResultJson } from './views.js';

const digest = (value: string) => createHash('sha256').update(value.trim().toUpperCase(), 'utf8').digest();
const sameId = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

const notFound = () => new ApiError(404, 'CASE_NOT_FOUND', 'No case matches this case number and ID number.');

/** The case, if the number proves the caller is its applicant (or, unless `applicantOnly`, its agent). */
export async function caseForApplicant(ctx: AppContext, caseNo: string, idNumber: string, options: { applicantOnly?: boolean } = {}): Promise<CaseRow> {
  const found = await getCaseByNo(ctx.knex, caseNo);
  // Compare against something even when there is no case, so both answers take as long.
  const applicantMatch = sameId(found?.applicantIdNumber ?? 'no-such-case', idNumber);
  const agentMatch = !options.applicantOnly && found?.agentIdNumber ? sameId(found.agentIdNumber, idNumber) : false;
  if (!found || !(applicantMatch || agentMatch)) throw notFound();
  return found;
}

const STEP_NAMES: Readonly<Record<string, string>> = {
  submitted: '已提交申请',
  accepted: '已受理',
  refused: '不予受理',
  supplementRequested: '需补正材料',
  resubmitted: '已补齐补正材料',
  specialProcedureStarted: '进入特别程序',
  specialProcedureEnded: '特别程序结束',
  stepCompleted: '办理环节完成',
  concluded: '已办结',
  memberConcluded: '成员事项办结',
  memberResult: '成员事项办理结果已登记',
  withdrawn: '已退件',
  rated: '已评价',
};

export async function progressOf(ctx: AppContext, c: CaseRow) {
  const events = await listEvents(ctx.knex, c.id);
  const suspension = await openSuspension(ctx.knex, c.id);
  const members = c.isBundle ? await listMembers(ctx.knex, c.id) : [];
  return {
    caseNo: c.caseNo,
    itemName: c.itemName,
    status: c.status,
    statusName: CASE_STATUS_NAMES[c.status],
    submittedAt: c.submittedAt.toISOString(),
    acceptedAt: c.acceptedAt?.toISOString() ?? null,
    promisedDueAt: c.promisedDueAt?.toISOString() ?? null,
    concludedAt: c.concludedAt?.toISOString() ?? null,
    decision: c.decision,
    // The licence or certificate number is the applicant's own; a denial's reason is theirs to read.
    result: publicResultJson(c),
    clockStopped: c.clockStoppedAt !== null || suspension !== undefined,
    suspension: suspension ? { kind: suspension.kind, name: SUSPENSION_NAMES[suspension.kind as SuspensionKind], since: suspension.startedAt.toISOString() } : null,
    missingMaterials: suspension?.kind === 'supplement' ? (suspension.missingMaterials ?? []).map((m) => m.name) : [],
    // 一件事: each member's own outcome — the applicant's certificate numbers, no names of staff.
    members: members.map((m) => ({
      position: m.position,
      itemName: m.itemName,
      status: m.status,
      statusName: MEMBER_STATUS_NAMES[m.status],
      decision: m.decision,
      certificateNo: m.result?.certificateNo ?? null,
      concludedAt: m.concludedAt?.toISOString() ?? null,
    })),
    steps: events.map((e) => {
      const memberName = e.type.startsWith('member') && typeof e.data?.itemName === 'string' ? `${STEP_NAMES[e.type]}：${e.data.itemName}` : null;
      const stepName = memberName ?? (e.type === 'stepCompleted' && typeof e.data?.stepName === 'string' ? e.data.stepName : null);
      const kind = typeof e.data?.kind === 'string' ? SUSPENSION_NAMES[e.data.kind as SuspensionKind] : undefined;
      return { type: e.type, name: stepName ?? (kind ? `${STEP_NAMES[e.type] ?? e.type}（${kind}）` : (STEP_NAMES[e.type] ?? e.type)), at: e.at.toISOString() };
    }),
  };
}
