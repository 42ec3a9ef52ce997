/**
 * How the simple builder's settings are written as `tongban:` attributes, and read back.
 * See designer/README.md, "Simple builder → BPMN".
 */
import type { ApprovalMode, Assignees, TimeLimit, TimeoutAction } from './model.js';
import { APPROVAL_MODES, TIMEOUT_ACTIONS } from './model.js';

export const TONGBAN_NS = 'http://tongban.dev/schema/bpmn';

/** Topic of the send task that stands for a CC (抄送) node. */
export const CC_TOPIC = 'tongban.cc';

/** Attributes the engine understands today (see engine/README.md). */
export const ENGINE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'assignee',
  'candidateUsers',
  'candidateGroups',
  'topic',
  'resultVariable',
  'calledVersion',
  'correlationKey',
  'async',
]);

/** Attributes the simple builder adds for later engine versions; today's engine refuses them. */
export const PENDING_ATTRIBUTES: ReadonlySet<string> = new Set([
  'approvalMode',
  'passRatio',
  'timeLimit',
  'timeoutAction',
  'ccUsers',
  'ccGroups',
]);

export type Attributes = Record<string, string>;

/** Approver assignees → `tongban:assignee` / `candidateUsers` / `candidateGroups`. */
export function assigneeAttributes(a: Assignees): Attributes {
  const attrs: Attributes = {};
  const expression = a.expression?.trim();
  if (expression) attrs.candidateUsers = `=${expression}`;
  else if (a.users.length === 1 && a.groups.length === 0) attrs.assignee = a.users[0]!;
  else if (a.users.length > 0) attrs.candidateUsers = a.users.join(',');
  if (a.groups.length > 0) attrs.candidateGroups = a.groups.join(',');
  return attrs;
}

function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The reverse of `assigneeAttributes`; undefined when both assignee and candidate users are set. */
export function readAssignees(attrs: Attributes): Assignees | undefined {
  const { assignee, candidateUsers, candidateGroups } = attrs;
  if (assignee !== undefined && candidateUsers !== undefined) return undefined;
  const users = assignee ?? candidateUsers;
  const result: Assignees = { users: [], groups: splitList(candidateGroups) };
  if (users !== undefined && users.trim().startsWith('=')) result.expression = users.trim().slice(1).trim();
  else result.users = splitList(users);
  return result;
}

/** CC recipients → `tongban:ccUsers` (ids, or `=FEEL`) and `tongban:ccGroups`. */
export function ccAttributes(r: Assignees): Attributes {
  const attrs: Attributes = { topic: CC_TOPIC };
  const expression = r.expression?.trim();
  if (expression) attrs.ccUsers = `=${expression}`;
  else if (r.users.length > 0) attrs.ccUsers = r.users.join(',');
  if (r.groups.length > 0) attrs.ccGroups = r.groups.join(',');
  return attrs;
}

export function readCcRecipients(attrs: Attributes): Assignees {
  const users = attrs.ccUsers?.trim();
  const result: Assignees = { users: [], groups: splitList(attrs.ccGroups) };
  if (users?.startsWith('=')) result.expression = users.slice(1).trim();
  else result.users = splitList(users);
  return result;
}

/** `P5WD`: an ISO 8601 duration in working days, as the engine's business calendar reads it. */
export function workingDaysDuration(days: number): string {
  return `P${days}WD`;
}

export function readWorkingDays(text: string): number | undefined {
  const m = /^P(\d+)WD$/i.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

export function timeLimitAttributes(limit: TimeLimit | undefined): Attributes {
  if (!limit) return {};
  return { timeLimit: workingDaysDuration(limit.workingDays), timeoutAction: limit.action };
}

/** undefined: no limit; null: attributes present but unreadable. */
export function readTimeLimit(attrs: Attributes): TimeLimit | undefined | null {
  if (attrs.timeLimit === undefined && attrs.timeoutAction === undefined) return undefined;
  const days = attrs.timeLimit === undefined ? undefined : readWorkingDays(attrs.timeLimit);
  const action = (attrs.timeoutAction ?? 'remind') as TimeoutAction;
  if (days === undefined || !TIMEOUT_ACTIONS.includes(action)) return null;
  return { workingDays: days, action };
}

export function approvalAttributes(mode: ApprovalMode, passRatio: number | undefined): Attributes {
  if (mode === 'anySign') return {};
  const attrs: Attributes = { approvalMode: mode };
  if (mode === 'ratio') attrs.passRatio = String(passRatio ?? 0.5);
  return attrs;
}

/** undefined when the attributes are not a mode the builder knows. */
export function readApproval(attrs: Attributes): { mode: ApprovalMode; passRatio?: number } | undefined {
  const mode = (attrs.approvalMode ?? 'anySign') as ApprovalMode;
  if (!APPROVAL_MODES.includes(mode)) return undefined;
  if (mode !== 'ratio') return attrs.passRatio === undefined ? { mode } : undefined;
  const ratio = Number(attrs.passRatio);
  if (!(ratio > 0 && ratio <= 1)) return undefined;
  return { mode, passRatio: ratio };
}

/** Attribute names that a node type may carry in a simple diagram. */
export const ALLOWED_ATTRIBUTES: Readonly<Record<'approver' | 'cc' | 'handoff', ReadonlySet<string>>> = {
  approver: new Set(['assignee', 'candidateUsers', 'candidateGroups', 'approvalMode', 'passRatio', 'timeLimit', 'timeoutAction']),
  cc: new Set(['topic', 'ccUsers', 'ccGroups']),
  handoff: new Set(['topic', 'timeLimit', 'timeoutAction']),
};
