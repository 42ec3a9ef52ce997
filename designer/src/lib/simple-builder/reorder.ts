/**
 * Moving nodes by drag and drop: anywhere in the same chain, or into another chain (a branch of a
 * condition or parallel node). A chain is named by an id: `ROOT_CHAIN` for the process's own
 * chain, a branch's id (the id of the flow entering it) for the branch's chain.
 */
import type { Branch, SimpleNode, SimpleProcess } from './model.js';

export const ROOT_CHAIN = '';

function branchesOf(node: SimpleNode): Branch[] {
  if (node.type === 'condition') return [...node.branches, node.defaultBranch];
  if (node.type === 'parallel') return node.branches;
  return [];
}

/** Every chain with its id, outermost first. */
function* chainsWithIds(nodes: SimpleNode[], id: string): Generator<{ id: string; nodes: SimpleNode[] }> {
  yield { id, nodes };
  for (const node of nodes) for (const b of branchesOf(node)) yield* chainsWithIds(b.nodes, b.id);
}

export function chainById(process: SimpleProcess, chainId: string): SimpleNode[] | undefined {
  for (const chain of chainsWithIds(process.nodes, ROOT_CHAIN)) if (chain.id === chainId) return chain.nodes;
  return undefined;
}

/** Where a node is: its chain's id and its index there. */
export function locateNode(process: SimpleProcess, nodeId: string): { chainId: string; index: number } | undefined {
  for (const chain of chainsWithIds(process.nodes, ROOT_CHAIN)) {
    const index = chain.nodes.findIndex((n) => n.id === nodeId);
    if (index >= 0) return { chainId: chain.id, index };
  }
  return undefined;
}

/**
 * Whether dropping `nodeId` at slot `index` of chain `chainId` changes anything and is allowed:
 * a condition or parallel node cannot go into one of its own branches, and the two slots right
 * before and after the node leave it where it is.
 */
export function canMoveTo(process: SimpleProcess, nodeId: string, chainId: string, index: number): boolean {
  const from = locateNode(process, nodeId);
  const target = chainById(process, chainId);
  if (!from || !target || index < 0 || index > target.length) return false;
  if (from.chainId === chainId && (index === from.index || index === from.index + 1)) return false;
  const node = chainById(process, from.chainId)![from.index]!;
  for (const b of branchesOf(node)) if ([...chainsWithIds(b.nodes, b.id)].some((c) => c.id === chainId)) return false;
  return true;
}

/**
 * Moves a node (with its branches) to slot `index` of chain `chainId`, the slot counted as the
 * chain is before the move (0 = first, length = last). False, and nothing changed, when
 * `canMoveTo` says no.
 */
export function moveNodeTo(process: SimpleProcess, nodeId: string, chainId: string, index: number): boolean {
  if (!canMoveTo(process, nodeId, chainId, index)) return false;
  const from = locateNode(process, nodeId)!;
  const source = chainById(process, from.chainId)!;
  const target = chainById(process, chainId)!;
  const [node] = source.splice(from.index, 1);
  target.splice(source === target && from.index < index ? index - 1 : index, 0, node!);
  return true;
}
