/**
 * The simple approval builder's model: a vertical chain of nodes, the way DingTalk and Feishu
 * present an approval flow. Pure data (no Vue, no DOM) so that it is unit-tested under Node.
 *
 * A chain runs from the start event (申请提交) to the end event (结束). Condition and parallel
 * nodes hold branches, each a chain of its own; the branches meet again after the node.
 */

/** 会签 every assignee / 或签 any one / 依次 one after another / 比例 a share of them. */
export type ApprovalMode = 'allSign' | 'anySign' | 'sequential' | 'ratio';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['anySign', 'allSign', 'sequential', 'ratio'];

/** What happens when a step's time limit runs out. */
export type TimeoutAction = 'remind' | 'autoApprove' | 'autoReject';
export const TIMEOUT_ACTIONS: readonly TimeoutAction[] = ['remind', 'autoApprove', 'autoReject'];

/** A time limit in working days (工作日), with what to do when it runs out. */
export interface TimeLimit {
  workingDays: number;
  action: TimeoutAction;
}

/**
 * Who acts: users by id, groups as `department:role`, or one FEEL expression giving users
 * (written without the leading `=`). An expression excludes listed users.
 */
export interface Assignees {
  users: string[];
  groups: string[];
  expression?: string;
}

export interface ApproverNode {
  type: 'approver';
  id: string;
  name: string;
  mode: ApprovalMode;
  /** Share of assignees that must approve, 0 < passRatio ≤ 1; only for mode `ratio`. */
  passRatio?: number;
  assignees: Assignees;
  timeLimit?: TimeLimit;
}

/** 抄送: notify people without asking for a decision. */
export interface CcNode {
  type: 'cc';
  id: string;
  name: string;
  recipients: Assignees;
}

/** 部门流转: hand the case to a department system through an adapter topic. */
export interface HandoffNode {
  type: 'handoff';
  id: string;
  name: string;
  topic: string;
  timeLimit?: TimeLimit;
}

/** A comparison the visual condition editor builds. */
export type ConditionOperator =
  | 'eq'
  | 'ne'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'empty'
  | 'notEmpty';
export const CONDITION_OPERATORS: readonly ConditionOperator[] = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'in',
  'notIn',
  'contains',
  'empty',
  'notEmpty',
];

/** A literal the editor writes: text, number or yes/no. Lists (for `in`) hold several. */
export type ConditionValue = string | number | boolean;

export interface ConditionRule {
  field: string;
  operator: ConditionOperator;
  /** One value; a list for `in` / `notIn`; absent for `empty` / `notEmpty`. */
  value?: ConditionValue | ConditionValue[];
}

/**
 * A branch condition: rules joined by and/or (the visual editor), or FEEL text written by hand
 * (kept as is; it is never evaluated here).
 */
export type Condition =
  | { kind: 'rules'; combinator: 'and' | 'or'; rules: ConditionRule[] }
  | { kind: 'feel'; text: string };

export interface Branch {
  /** Also the id of the sequence flow that enters the branch. */
  id: string;
  name: string;
  nodes: SimpleNode[];
}

export interface ConditionBranch extends Branch {
  condition: Condition;
}

/** 条件分支: the first branch whose condition holds is taken, else the default branch. */
export interface ConditionNode {
  type: 'condition';
  id: string;
  name: string;
  branches: ConditionBranch[];
  defaultBranch: Branch;
}

/** 并行分支: every branch runs; the flow goes on when all have finished. */
export interface ParallelNode {
  type: 'parallel';
  id: string;
  name: string;
  branches: Branch[];
}

export type SimpleNode = ApproverNode | CcNode | HandoffNode | ConditionNode | ParallelNode;
export type SimpleNodeType = SimpleNode['type'];
export const NODE_TYPES: readonly SimpleNodeType[] = ['approver', 'cc', 'condition', 'parallel', 'handoff'];

/** One approval process: its key (BPMN process id), its name, and the chain. */
export interface SimpleProcess {
  key: string;
  name: string;
  /** Names of the start and end events; defaults 申请提交 / 结束. */
  startName?: string;
  endName?: string;
  nodes: SimpleNode[];
}

/** Ids of the start and end events of a simple process. */
export const START_ID = 'Start';
export const END_ID = 'End';

/** The id of the join gateway closing a condition or parallel node. */
export function joinId(nodeId: string): string {
  return `${nodeId}_join`;
}

/** Every node in the chain, depth first (branches of a node after it). */
export function* walkNodes(nodes: readonly SimpleNode[]): Generator<SimpleNode> {
  for (const node of nodes) {
    yield node;
    if (node.type === 'condition') {
      for (const b of node.branches) yield* walkNodes(b.nodes);
      yield* walkNodes(node.defaultBranch.nodes);
    } else if (node.type === 'parallel') {
      for (const b of node.branches) yield* walkNodes(b.nodes);
    }
  }
}
