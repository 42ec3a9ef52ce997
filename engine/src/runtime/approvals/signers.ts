/**
 * Who signs an approval step: one signer for a plain user task; for 会签, 或签, 依次, 比例 one
 * per entry of the collection, the cardinality, or the task's assignee list (each candidate
 * user, the assignee, each candidate group).
 */
import { EngineError } from '../../errors.js';
import type { Expression, NodeModel } from '../../model/types.js';
import type { Run } from '../run.js';
import type { SignerState, Variables } from '../types.js';

interface Assignment {
  assignee?: string;
  candidateUsers: string[];
  candidateGroups: string[];
}

export function initialSigners(run: Run, node: NodeModel, scopeId: string): SignerState[] {
  const config = node.approval!;
  const base = run.visibleVariables(scopeId);
  if (!config.multiInstance) return [signer(0, 0, resolveAssignment(run, node, base))];
  const sequential = config.sequential;
  const round = (i: number) => (sequential ? i : 0);

  if (config.collection) {
    const items = run.evaluate(config.collection, scopeId, node.id);
    if (!Array.isArray(items)) {
      throw new EngineError('EXPRESSION_FAILED', `The collection of ${node.id} must be a list, got ${JSON.stringify(items)}.`, { elementId: node.id });
    }
    return items.map((item, i) => {
      const vars: Variables = { ...base, loopCounter: i, ...(config.elementVariable ? { [config.elementVariable]: item } : {}) };
      const assignment = node.assignment?.assignee || node.assignment?.candidateUsers || node.assignment?.candidateGroups
        ? resolveAssignment(run, node, vars)
        : itemAssignment(node, item);
      return { ...signer(i, round(i), assignment), item };
    });
  }
  if (config.cardinality) {
    const n = Number(run.evaluateWith(config.cardinality, base, node.id));
    if (!Number.isInteger(n) || n < 0 || n > 1000) {
      throw new EngineError('EXPRESSION_FAILED', `The loop cardinality of ${node.id} must be a whole number from 0 to 1000, got ${n}.`, { elementId: node.id });
    }
    return Array.from({ length: n }, (_, i) => signer(i, round(i), resolveAssignment(run, node, { ...base, loopCounter: i })));
  }
  // The assignee list: everyone named signs, one task each.
  const list = resolveAssignment(run, node, base);
  const parts: Assignment[] = [
    ...(list.assignee !== undefined ? [{ assignee: list.assignee, candidateUsers: [], candidateGroups: [] }] : []),
    ...list.candidateUsers.filter((u) => u !== list.assignee).map((u) => ({ assignee: u, candidateUsers: [], candidateGroups: [] })),
    ...list.candidateGroups.map((g) => ({ candidateUsers: [], candidateGroups: [g] })),
  ];
  return parts.map((a, i) => signer(i, round(i), a));
}

export function signer(index: number, round: number, a: Assignment): SignerState {
  return {
    index,
    round,
    ...(a.assignee !== undefined ? { assignee: a.assignee } : {}),
    candidateUsers: a.candidateUsers,
    candidateGroups: a.candidateGroups,
    status: 'pending',
  };
}

function itemAssignment(node: NodeModel, item: unknown): Assignment {
  if (typeof item === 'string' && item.trim() !== '') return { assignee: item, candidateUsers: [], candidateGroups: [] };
  throw new EngineError(
    'EXPRESSION_FAILED',
    `The collection of ${node.id} holds ${JSON.stringify(item)}; without tongban:assignee its entries must be user ids.`,
    { elementId: node.id },
  );
}

function resolveAssignment(run: Run, node: NodeModel, variables: Variables): Assignment {
  const a = node.assignment ?? {};
  const assignee = a.assignee ? resolveOne(run, a.assignee, variables, node.id) : undefined;
  return {
    ...(assignee !== undefined ? { assignee } : {}),
    candidateUsers: a.candidateUsers ? resolveList(run, a.candidateUsers, variables, node.id) : [],
    candidateGroups: a.candidateGroups ? resolveList(run, a.candidateGroups, variables, node.id) : [],
  };
}

/** A literal, or a FEEL expression (`=…`) giving one user id. */
function resolveOne(run: Run, expression: Expression, variables: Variables, elementId: string): string | undefined {
  if (!expression.raw.trim().startsWith('=')) return expression.raw.trim() || undefined;
  const value = run.evaluateWith(expression, variables, elementId);
  return value === null || value === undefined || value === '' ? undefined : String(value);
}

/** A comma-separated literal list, or a FEEL expression giving a string or a list of strings. */
export function resolveList(run: Run, expression: Expression, variables: Variables, elementId: string): string[] {
  if (!expression.raw.trim().startsWith('=')) return splitList(expression.raw);
  const value = run.evaluateWith(expression, variables, elementId);
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined && v !== '').map(String);
  return splitList(String(value));
}

function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
