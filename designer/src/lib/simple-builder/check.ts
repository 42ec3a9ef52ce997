/**
 * What a simple process still lacks before it can be deployed, per node, as message keys
 * for the UI (`builder.problem.*`). The server's validation remains the authority.
 */
import { conditionProblems } from './feel.js';
import type { Assignees, SimpleNode, SimpleProcess } from './model.js';
import { walkNodes } from './model.js';

export interface BuilderProblem {
  nodeId: string;
  /** Branch id when the problem is about one branch. */
  branchId?: string;
  key: string;
}

/** `department:role`, each part without spaces, commas or colons. */
export const GROUP_PATTERN = /^[^\s,:]+:[^\s,:]+$/;
/** A user id: no spaces or commas. */
export const USER_PATTERN = /^[^\s,]+$/;
/** An adapter topic: letters, digits, `.`, `_`, `-`, `:`. */
export const TOPIC_PATTERN = /^[\w.:-]+$/;

function assigneeProblems(a: Assignees): string[] {
  const problems: string[] = [];
  const hasExpression = (a.expression ?? '').trim() !== '';
  if (!hasExpression && a.users.length === 0 && a.groups.length === 0) problems.push('builder.problem.noAssignee');
  if (hasExpression && a.users.length > 0) problems.push('builder.problem.usersAndExpression');
  if (a.users.some((u) => !USER_PATTERN.test(u))) problems.push('builder.problem.userId');
  if (a.groups.some((g) => !GROUP_PATTERN.test(g))) problems.push('builder.problem.group');
  return problems;
}

function nodeProblems(node: SimpleNode): BuilderProblem[] {
  const at = (key: string, branchId?: string): BuilderProblem => ({ nodeId: node.id, key, ...(branchId ? { branchId } : {}) });
  const out: BuilderProblem[] = [];
  if (node.name.trim() === '') out.push(at('builder.problem.name'));
  switch (node.type) {
    case 'approver':
      out.push(...assigneeProblems(node.assignees).map((k) => at(k)));
      if (node.mode === 'ratio' && !(node.passRatio !== undefined && node.passRatio > 0 && node.passRatio <= 1)) out.push(at('builder.problem.passRatio'));
      break;
    case 'cc':
      out.push(...assigneeProblems(node.recipients).map((k) => at(k)));
      break;
    case 'handoff':
      if (!TOPIC_PATTERN.test(node.topic)) out.push(at('builder.problem.topic'));
      break;
    case 'condition':
      for (const b of node.branches) out.push(...conditionProblems(b.condition).map((k) => at(k, b.id)));
      break;
    case 'parallel':
      if (node.branches.length < 2) out.push(at('builder.problem.branches'));
      break;
  }
  if ((node.type === 'approver' || node.type === 'handoff') && node.timeLimit) {
    const d = node.timeLimit.workingDays;
    if (!Number.isInteger(d) || d < 1 || d > 999) out.push(at('builder.problem.timeLimit'));
  }
  return out;
}

export function checkSimpleProcess(process: SimpleProcess): BuilderProblem[] {
  const out: BuilderProblem[] = [];
  if (!/^[A-Za-z_][\w.-]*$/.test(process.key)) out.push({ nodeId: '', key: 'builder.problem.key' });
  for (const node of walkNodes(process.nodes)) out.push(...nodeProblems(node));
  return out;
}
