/**
 * Simple model → BPMN graph with a top-to-bottom layout (coordinates computed here).
 *
 * Layout: the chain runs down one vertical axis. A condition or parallel node is a split
 * gateway, its branches side by side below it (each a column centred on its own axis), and a
 * join gateway below the tallest branch. Outer branches leave the split gateway from its left
 * and right corners, the middle one from its bottom; they enter the join the same way.
 */
import type { Attributes } from './encoding.js';
import { approvalAttributes, assigneeAttributes, ccAttributes, timeLimitAttributes } from './encoding.js';
import { conditionProblems, conditionToFeel } from './feel.js';
import type { Branch, SimpleNode, SimpleProcess } from './model.js';
import { END_ID, START_ID, joinId } from './model.js';

export type BpmnNodeType =
  | 'bpmn:StartEvent'
  | 'bpmn:EndEvent'
  | 'bpmn:UserTask'
  | 'bpmn:SendTask'
  | 'bpmn:ServiceTask'
  | 'bpmn:ExclusiveGateway'
  | 'bpmn:ParallelGateway';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface GraphNode {
  id: string;
  type: BpmnNodeType;
  name: string;
  /** `tongban:` attributes by local name. */
  attrs: Attributes;
  /** Default flow of a gateway. */
  defaultFlow?: string;
  bounds: Bounds;
  label?: Bounds;
}

export interface GraphFlow {
  id: string;
  source: string;
  target: string;
  name: string;
  /** FEEL without the leading `=`. */
  condition?: string;
  waypoints: Point[];
  label?: Bounds;
}

export interface Graph {
  key: string;
  name: string;
  nodes: GraphNode[];
  flows: GraphFlow[];
  /** Conditions left out because the editor's rules are incomplete: branch id → message keys. */
  incomplete: { branchId: string; problems: string[] }[];
}

export const TASK = { width: 100, height: 80 };
export const GATEWAY = { width: 50, height: 50 };
export const EVENT = { width: 36, height: 36 };
/** Vertical gap between consecutive elements of a chain. */
const V_GAP = 50;
/** Vertical room between a gateway and the branches (branch labels sit there). */
const BUS = 50;
/** Horizontal gap between branch columns, and the narrowest column. */
const H_GAP = 40;
const MIN_BRANCH_WIDTH = 140;
/** Height an empty branch takes. */
const EMPTY_BRANCH_HEIGHT = 30;
const MARGIN = { left: 80, top: 40 };
const LABEL_HEIGHT = 14;

interface Size {
  width: number;
  height: number;
}

function isBranching(node: SimpleNode): node is Extract<SimpleNode, { type: 'condition' | 'parallel' }> {
  return node.type === 'condition' || node.type === 'parallel';
}

function branchesOf(node: Extract<SimpleNode, { type: 'condition' | 'parallel' }>): Branch[] {
  return node.type === 'condition' ? [...node.branches, node.defaultBranch] : node.branches;
}

// ---- measuring ----------------------------------------------------------------------------

function measureChain(nodes: readonly SimpleNode[]): Size {
  if (nodes.length === 0) return { width: 0, height: EMPTY_BRANCH_HEIGHT };
  let width = 0;
  let height = 0;
  for (const node of nodes) {
    const s = measureNode(node);
    width = Math.max(width, s.width);
    height += s.height;
  }
  return { width, height: height + V_GAP * (nodes.length - 1) };
}

function branchWidth(branch: Branch): number {
  return Math.max(MIN_BRANCH_WIDTH, measureChain(branch.nodes).width);
}

function measureNode(node: SimpleNode): Size {
  if (!isBranching(node)) return { ...TASK };
  const branches = branchesOf(node);
  const width = branches.reduce((sum, b) => sum + branchWidth(b), 0) + H_GAP * (branches.length - 1);
  const rowHeight = Math.max(...branches.map((b) => measureChain(b.nodes).height));
  return { width, height: GATEWAY.height + BUS + rowHeight + BUS + GATEWAY.height };
}

// ---- placing ------------------------------------------------------------------------------

/** Width of a text label, roughly: CJK characters count double. */
function labelWidth(text: string): number {
  let units = 0;
  for (const ch of text) units += /[\u0000-\u00ff]/.test(ch) ? 1 : 2;
  return Math.max(20, Math.min(160, units * 6 + 4));
}

class Builder {
  readonly nodes: GraphNode[] = [];
  readonly flows: GraphFlow[] = [];
  readonly incomplete: Graph['incomplete'] = [];

  addNode(node: GraphNode): void {
    this.nodes.push(node);
  }

  addFlow(flow: GraphFlow): void {
    this.flows.push(flow);
  }

  /**
   * Places a chain with its top centre at (cx, top). `enter` is the flow into the first element
   * (given its id and where it comes from); returns the last element's id and its exit point, or
   * undefined exit for an empty chain (the caller routes the entering flow through).
   */
  placeChain(nodes: readonly SimpleNode[], cx: number, top: number, from: { id: string; point: Point; flowId: string; name?: string; condition?: string; labelAt?: Point; route?: Point[] }): { lastId: string; exit: Point } | undefined {
    let prev: { id: string; exit: Point } | undefined;
    let y = top;
    for (const [i, node] of nodes.entries()) {
      const size = measureNode(node);
      const entry = { x: cx, y };
      if (i === 0) {
        this.addFlow({
          id: from.flowId,
          source: from.id,
          target: node.id,
          name: from.name ?? '',
          ...(from.condition !== undefined ? { condition: from.condition } : {}),
          waypoints: [from.point, ...(from.route ?? []), entry],
          ...(from.name && from.labelAt ? { label: { ...from.labelAt, width: labelWidth(from.name), height: LABEL_HEIGHT } } : {}),
        });
      } else {
        this.addFlow({ id: `Flow_${node.id}`, source: prev!.id, target: node.id, name: '', waypoints: [prev!.exit, entry] });
      }
      const placed = this.placeNode(node, cx, y);
      prev = { id: placed.lastId, exit: placed.exit };
      y += size.height + V_GAP;
    }
    return prev ? { lastId: prev.id, exit: prev.exit } : undefined;
  }

  placeNode(node: SimpleNode, cx: number, top: number): { lastId: string; exit: Point } {
    if (!isBranching(node)) {
      this.addNode({
        id: node.id,
        type: node.type === 'approver' ? 'bpmn:UserTask' : node.type === 'cc' ? 'bpmn:SendTask' : 'bpmn:ServiceTask',
        name: node.name,
        attrs: taskAttributes(node),
        bounds: { x: cx - TASK.width / 2, y: top, ...TASK },
      });
      return { lastId: node.id, exit: { x: cx, y: top + TASK.height } };
    }

    const size = measureNode(node);
    const type = node.type === 'condition' ? 'bpmn:ExclusiveGateway' : 'bpmn:ParallelGateway';
    const gx = cx - GATEWAY.width / 2;
    const split: GraphNode = {
      id: node.id,
      type,
      name: node.name,
      attrs: {},
      bounds: { x: gx, y: top, ...GATEWAY },
    };
    if (node.name) split.label = { x: cx + GATEWAY.width / 2 + 4, y: top - LABEL_HEIGHT - 2, width: labelWidth(node.name), height: LABEL_HEIGHT };
    if (node.type === 'condition') split.defaultFlow = node.defaultBranch.id;
    this.addNode(split);

    const joinTop = top + size.height - GATEWAY.height;
    this.addNode({ id: joinId(node.id), type, name: '', attrs: {}, bounds: { x: gx, y: joinTop, ...GATEWAY } });

    const branches = branchesOf(node);
    const widths = branches.map(branchWidth);
    const rowTop = top + GATEWAY.height + BUS;
    const splitMid = top + GATEWAY.height / 2;
    const joinMid = joinTop + GATEWAY.height / 2;
    let left = cx - size.width / 2;
    for (const [i, branch] of branches.entries()) {
      const bx = left + widths[i]! / 2;
      left += widths[i]! + H_GAP;
      const side = Math.abs(bx - cx) < 1 ? 0 : bx < cx ? -1 : 1;
      // Leave the split: middle branch from the bottom corner, others from the side corner.
      const out: Point = side === 0 ? { x: cx, y: top + GATEWAY.height } : { x: cx + (side * GATEWAY.width) / 2, y: splitMid };
      const outRoute: Point[] = side === 0 ? [] : [{ x: bx, y: splitMid }];
      const into: Point = side === 0 ? { x: cx, y: joinTop } : { x: cx + (side * GATEWAY.width) / 2, y: joinMid };
      const condition = node.type === 'condition' && i < node.branches.length ? this.condition(node.branches[i]!) : undefined;
      const labelAt = { x: bx + 6, y: (side === 0 ? top + GATEWAY.height : splitMid) + 6 };
      const placed = this.placeChain(branch.nodes, bx, rowTop, {
        id: node.id,
        point: out,
        flowId: branch.id,
        name: branch.name,
        ...(condition !== undefined ? { condition } : {}),
        labelAt,
        route: outRoute,
      });
      if (placed) {
        const route = side === 0 ? [] : [{ x: bx, y: joinMid }];
        this.addFlow({ id: `Flow_${placed.lastId}_${joinId(node.id)}`, source: placed.lastId, target: joinId(node.id), name: '', waypoints: [placed.exit, ...route, into] });
      } else {
        // Empty branch: straight from split to join.
        const route = side === 0 ? [] : [{ x: bx, y: splitMid }, { x: bx, y: joinMid }];
        this.addFlow({
          id: branch.id,
          source: node.id,
          target: joinId(node.id),
          name: branch.name,
          ...(condition !== undefined ? { condition } : {}),
          waypoints: [out, ...route, into],
          ...(branch.name ? { label: { ...labelAt, width: labelWidth(branch.name), height: LABEL_HEIGHT } } : {}),
        });
      }
    }
    return { lastId: joinId(node.id), exit: { x: cx, y: joinTop + GATEWAY.height } };
  }

  condition(branch: Extract<SimpleNode, { type: 'condition' }>['branches'][number]): string | undefined {
    const problems = conditionProblems(branch.condition);
    if (problems.length > 0) {
      this.incomplete.push({ branchId: branch.id, problems });
      return undefined;
    }
    return conditionToFeel(branch.condition);
  }
}

function taskAttributes(node: Exclude<SimpleNode, { type: 'condition' | 'parallel' }>): Attributes {
  switch (node.type) {
    case 'approver':
      return { ...assigneeAttributes(node.assignees), ...approvalAttributes(node.mode, node.passRatio), ...timeLimitAttributes(node.timeLimit) };
    case 'cc':
      return ccAttributes(node.recipients);
    case 'handoff':
      return { topic: node.topic, ...timeLimitAttributes(node.timeLimit) };
  }
}

/** Builds the BPMN graph of a simple process, with every shape and edge placed. */
export function buildGraph(process: SimpleProcess): Graph {
  const b = new Builder();
  const width = Math.max(measureChain(process.nodes).width, TASK.width);
  const cx = MARGIN.left + width / 2;
  const startName = process.startName ?? '申请提交';
  const endName = process.endName ?? '结束';
  const eventLabel = (y: number, name: string): Bounds => ({ x: cx + EVENT.width / 2 + 6, y: y + EVENT.height / 2 - LABEL_HEIGHT / 2, width: labelWidth(name), height: LABEL_HEIGHT });

  const startTop = MARGIN.top;
  b.addNode({ id: START_ID, type: 'bpmn:StartEvent', name: startName, attrs: {}, bounds: { x: cx - EVENT.width / 2, y: startTop, ...EVENT }, label: eventLabel(startTop, startName) });
  const chainTop = startTop + EVENT.height + V_GAP;
  const startExit = { x: cx, y: startTop + EVENT.height };
  const placed = b.placeChain(process.nodes, cx, chainTop, { id: START_ID, point: startExit, flowId: `Flow_${process.nodes[0]?.id ?? END_ID}` });
  const endTop = placed ? chainTop + measureChain(process.nodes).height + V_GAP : chainTop;
  b.addNode({ id: END_ID, type: 'bpmn:EndEvent', name: endName, attrs: {}, bounds: { x: cx - EVENT.width / 2, y: endTop, ...EVENT }, label: eventLabel(endTop, endName) });
  const from = placed ?? { lastId: START_ID, exit: startExit };
  b.addFlow({ id: `Flow_${END_ID}`, source: from.lastId, target: END_ID, name: '', waypoints: [from.exit, { x: cx, y: endTop }] });
  return { key: process.key, name: process.name, nodes: b.nodes, flows: b.flows, incomplete: b.incomplete };
}
