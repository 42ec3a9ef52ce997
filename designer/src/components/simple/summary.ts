/** One-line descriptions of nodes and branches for the cards. */
import type { Assignees, Branch, Condition, SimpleNode, TimeLimit } from '@/lib/simple-builder';
import { conditionProblems, conditionToFeel } from '@/lib/simple-builder';

type T = (key: string, params?: Record<string, unknown>) => string;

function who(a: Assignees, t: T, empty: string): string {
  const parts: string[] = [];
  if (a.users.length === 1) parts.push(a.users[0]!);
  else if (a.users.length > 1) parts.push(`${a.users.slice(0, 2).join('、')}${a.users.length > 2 ? '…' : ''}（${t('builder.summary.users', { count: a.users.length })}）`);
  if (a.groups.length > 0) parts.push(t('builder.summary.groups', { groups: a.groups.join('、') }));
  if (a.expression?.trim()) parts.push(t('builder.summary.expression', { expr: a.expression.trim() }));
  return parts.length > 0 ? parts.join('；') : t(empty);
}

export function limitText(limit: TimeLimit | undefined, t: T): string | undefined {
  return limit ? t('builder.summary.limit', { days: limit.workingDays, action: t(`builder.timeout.${limit.action}`) }) : undefined;
}

export function nodeSummary(node: SimpleNode, t: T): string[] {
  switch (node.type) {
    case 'approver': {
      const lines = [who(node.assignees, t, 'builder.summary.noAssignee')];
      let mode = t(`builder.mode.${node.mode}`);
      if (node.mode === 'ratio') mode += ` · ${t('builder.summary.ratio', { percent: Math.round((node.passRatio ?? 0) * 100) })}`;
      lines.push(mode);
      const limit = limitText(node.timeLimit, t);
      if (limit) lines.push(limit);
      return lines;
    }
    case 'cc':
      return [who(node.recipients, t, 'builder.summary.noRecipient')];
    case 'handoff': {
      const lines = [node.topic ? t('builder.summary.topic', { topic: node.topic }) : t('builder.summary.noTopic')];
      const limit = limitText(node.timeLimit, t);
      if (limit) lines.push(limit);
      return lines;
    }
    default:
      return [];
  }
}

export function conditionSummary(condition: Condition, t: T): string {
  if (conditionProblems(condition).length > 0) return t('builder.editor.condition') + '：' + t('condition.problem.empty');
  return conditionToFeel(condition);
}

export function branchSummary(branch: Branch & { condition?: Condition }, isDefault: boolean, parallel: boolean, t: T): string {
  if (parallel) return t('builder.summary.parallelBranch');
  if (isDefault || !branch.condition) return t('builder.summary.defaultBranch');
  return conditionSummary(branch.condition, t);
}
