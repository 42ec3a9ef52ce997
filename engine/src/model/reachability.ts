/**
 * Graph questions on one scope (a process or an embedded subprocess), by node id.
 * Boundary events are not targets of sequence flows: a token at an activity may leave through
 * any boundary event attached to it, so the activity leads to its boundary events.
 */

export interface ScopeGraph {
  /** Node id → targets of its outgoing sequence flows (within the scope). */
  readonly successors: ReadonlyMap<string, readonly string[]>;
  /** Boundary event id → id of the activity it is attached to. */
  readonly attachedTo: ReadonlyMap<string, string>;
}

export function buildScopeGraph(
  flows: Iterable<{ readonly sourceId: string; readonly targetId: string }>,
  attachedTo: ReadonlyMap<string, string>,
): ScopeGraph {
  const successors = new Map<string, string[]>();
  for (const f of flows) {
    const list = successors.get(f.sourceId);
    if (list) list.push(f.targetId);
    else successors.set(f.sourceId, [f.targetId]);
  }
  return { successors, attachedTo };
}

/** Every node reachable from the given start nodes, the starts included. */
export function reachableFrom(graph: ScopeGraph, starts: Iterable<string>): Set<string> {
  const boundariesOf = new Map<string, string[]>();
  for (const [boundary, activity] of graph.attachedTo) {
    const list = boundariesOf.get(activity);
    if (list) list.push(boundary);
    else boundariesOf.set(activity, [boundary]);
  }
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of graph.successors.get(id) ?? []) queue.push(next);
    for (const next of boundariesOf.get(id) ?? []) queue.push(next);
  }
  return seen;
}

/**
 * The nodes from which `targetId` can be reached without passing through it: where a token
 * may still be on its way to an inclusive join (the join itself is not included).
 */
export function nodesLeadingTo(graph: ScopeGraph, targetId: string): Set<string> {
  const predecessors = new Map<string, string[]>();
  const addEdge = (from: string, to: string): void => {
    const list = predecessors.get(to);
    if (list) list.push(from);
    else predecessors.set(to, [from]);
  };
  for (const [source, targets] of graph.successors) for (const t of targets) addEdge(source, t);
  for (const [boundary, activity] of graph.attachedTo) addEdge(activity, boundary);

  const seen = new Set<string>();
  const queue = [...(predecessors.get(targetId) ?? [])];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (id === targetId || seen.has(id)) continue;
    seen.add(id);
    queue.push(...(predecessors.get(id) ?? []));
  }
  return seen;
}
