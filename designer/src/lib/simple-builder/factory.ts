/**
 * Creating and changing simple-model nodes: fresh ids, default settings, finding and removing
 * nodes anywhere in the chain. Pure functions over plain data (the UI wraps them in reactivity).
 */
import type { Branch, ConditionBranch, ConditionNode, SimpleNode, SimpleNodeType, SimpleProcess } from './model.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh BPMN id (an XML name): `Approver_k3x9q2`. `random` is injectable for tests. */
export function newId(prefix: string, random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return `${prefix}_${suffix}`;
}

const PREFIX: Record<SimpleNodeType, string> = {
  approver: 'Approve',
  cc: 'Cc',
  condition: 'Condition',
  parallel: 'Parallel',
  handoff: 'Handoff',
};

/** Default names of new nodes and branches, given by the UI in the user's language. */
export interface DefaultNames {
  approver: string;
  cc: string;
  condition: string;
  parallel: string;
  handoff: string;
  /** `branch(2)` → "条件2" / "分支2". */
  conditionBranch: (n: number) => string;
  parallelBranch: (n: number) => string;
  defaultBranch: string;
}

export const ZH_NAMES: DefaultNames = {
  approver: '审批人',
  cc: '抄送人',
  condition: '条件分支',
  parallel: '并行分支',
  handoff: '部门流转',
  conditionBranch: (n) => `条件${n}`,
  parallelBranch: (n) => `分支${n}`,
  defaultBranch: '其他情况',
};

export function newConditionBranch(n: number, names: DefaultNames = ZH_NAMES, random?: () => number): ConditionBranch {
  return { id: newId('Flow', random), name: names.conditionBranch(n), condition: { kind: 'rules', combinator: 'and', rules: [{ field: '', operator: 'eq', value: '' }] }, nodes: [] };
}

export function newParallelBranch(n: number, names: DefaultNames = ZH_NAMES, random?: () => number): Branch {
  return { id: newId('Flow', random), name: names.parallelBranch(n), nodes: [] };
}

export function createNode(type: SimpleNodeType, names: DefaultNames = ZH_NAMES, random?: () => number): SimpleNode {
  const id = newId(PREFIX[type], random);
  switch (type) {
    case 'approver':
      return { type, id, name: names.approver, mode: 'anySign', assignees: { users: [], groups: [] } };
    case 'cc':
      return { type, id, name: names.cc, recipients: { users: [], groups: [] } };
    case 'handoff':
      return { type, id, name: names.handoff, topic: '' };
    case 'condition':
      return {
        type,
        id,
        name: names.condition,
        branches: [newConditionBranch(1, names, random)],
        defaultBranch: { id: newId('Flow', random), name: names.defaultBranch, nodes: [] },
      } satisfies ConditionNode;
    case 'parallel':
      return { type, id, name: names.parallel, branches: [newParallelBranch(1, names, random), newParallelBranch(2, names, random)] };
  }
}

/** Every chain (the process's and every branch's), outermost first. */
export function* chains(nodes: SimpleNode[]): Generator<SimpleNode[]> {
  yield nodes;
  for (const node of nodes) {
    if (node.type === 'condition') {
      for (const b of node.branches) yield* chains(b.nodes);
      yield* chains(node.defaultBranch.nodes);
    } else if (node.type === 'parallel') {
      for (const b of node.branches) yield* chains(b.nodes);
    }
  }
}

export function findNode(process: SimpleProcess, id: string): SimpleNode | undefined {
  for (const chain of chains(process.nodes)) {
    const found = chain.find((n) => n.id === id);
    if (found) return found;
  }
  return undefined;
}

/** Removes a node (with its branches) wherever it is; true when found. */
export function removeNode(process: SimpleProcess, id: string): boolean {
  for (const chain of chains(process.nodes)) {
    const i = chain.findIndex((n) => n.id === id);
    if (i >= 0) {
      chain.splice(i, 1);
      return true;
    }
  }
  return false;
}

/** Moves a node one place up or down within its chain; true when it moved. */
export function moveNode(process: SimpleProcess, id: string, delta: -1 | 1): boolean {
  for (const chain of chains(process.nodes)) {
    const i = chain.findIndex((n) => n.id === id);
    if (i < 0) continue;
    const j = i + delta;
    if (j < 0 || j >= chain.length) return false;
    [chain[i], chain[j]] = [chain[j]!, chain[i]!];
    return true;
  }
  return false;
}

/** A new empty process. */
export function emptyProcess(key = newId('Process'), name = '新建审批流程'): SimpleProcess {
  return { key, name, startName: '申请提交', endName: '结束', nodes: [] };
}
