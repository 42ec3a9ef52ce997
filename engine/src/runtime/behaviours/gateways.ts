/**
 * Exclusive, parallel and inclusive gateways.
 */
import { EngineError } from '../../errors.js';
import type { FlowModel } from '../../model/types.js';
import type { Behaviour } from '../behaviour.js';
import type { ActiveToken, Run } from '../run.js';
import { activate, activityFlows, leave } from '../tokens.js';
import { openCatch } from './catches.js';
import type { TokenState } from '../types.js';

/**
 * Exclusive gateway (BPMN 2.0 §13.3.2): conditions are evaluated in the order of the outgoing
 * flows and the first that is true is taken; if none is, the default flow; if there is no
 * default flow, the step fails (an exception, §13.3.2) and the command rolls back.
 * Merging: every arriving token passes through on its own.
 */
export const exclusiveGateway: Behaviour = {
  enter(run, token) {
    const node = token.node;
    for (const id of node.outgoing) {
      if (id === node.defaultFlow) continue;
      const flow = run.flow(id);
      if (!flow.condition || run.evaluate(flow.condition, token.scopeId, flow.id) === true) {
        leave(run, token, [flow]);
        return;
      }
    }
    if (node.defaultFlow !== undefined) {
      leave(run, token, [run.flow(node.defaultFlow)]);
      return;
    }
    throw noFlow(node.id, 'exclusive');
  },
};

/**
 * Parallel gateway (BPMN 2.0 §13.3.3): a join waits until a token has arrived on every
 * incoming flow, consumes one per flow, and then — like a fork — sends a token along every
 * outgoing flow; conditions are ignored.
 */
export const parallelGateway: Behaviour = {
  enter(run, token) {
    const node = token.node;
    if (node.incoming.length <= 1) {
      leave(run, token, node.outgoing.map((id) => run.flow(id)));
      return;
    }
    run.wait(token, { kind: 'join' });
    const arrived = new Map<string, TokenState>();
    for (const waiting of run.tokensInScope(token.scopeId)) {
      if (waiting.elementId === node.id && waiting.arrivedVia !== undefined && !arrived.has(waiting.arrivedVia)) {
        arrived.set(waiting.arrivedVia, waiting);
      }
    }
    if (arrived.size < node.incoming.length) return;
    for (const waiting of arrived.values()) if (waiting.id !== token.id) run.release(waiting.id);
    leave(run, token, node.outgoing.map((id) => run.flow(id)));
  },
};

/**
 * Inclusive gateway (BPMN 2.0 §13.3.4). Split: every outgoing flow whose condition is true is
 * taken; if none, the default flow; if there is no default flow, the step fails. Join: the
 * gateway fires when tokens wait on it and no other token of the same scope instance can still
 * reach it — tokens that cannot arrive (a branch not taken) are not waited for. Waiting tokens
 * are re-examined by `fireReadyInclusiveJoins` whenever the step's queue runs dry.
 */
export const inclusiveGateway: Behaviour = {
  enter(run, token) {
    if (token.node.incoming.length <= 1) {
      leave(run, token, inclusiveFlows(run, token));
      return;
    }
    run.wait(token, { kind: 'join' });
  },
};

/** Fires every waiting inclusive join that no token can still reach; true if one fired. */
export function fireReadyInclusiveJoins(run: Run): boolean {
  const candidates = new Map<string, TokenState[]>();
  for (const token of run.tokens.values()) {
    if (token.wait.kind !== 'join') continue;
    const node = run.node(token.elementId);
    if (node.kind !== 'inclusiveGateway') continue;
    const key = `${token.scopeId} ${node.id}`;
    const list = candidates.get(key);
    if (list) list.push(token);
    else candidates.set(key, [token]);
  }
  let fired = false;
  for (const waiting of candidates.values()) {
    const first = waiting[0]!;
    const node = run.node(first.elementId);
    const reachable = node.joinReachableFrom ?? new Set<string>();
    const blocked = run.tokensInScope(first.scopeId).some((t) => t.elementId !== node.id && reachable.has(t.elementId));
    if (blocked) continue;
    for (const token of waiting.slice(1)) run.release(token.id);
    const active = activate(run, first);
    leave(run, active, inclusiveFlows(run, active));
    fired = true;
  }
  return fired;
}

function inclusiveFlows(run: Run, token: ActiveToken): FlowModel[] {
  const taken = activityFlows(run, token.node, token.scopeId);
  if (taken.length === 0) throw noFlow(token.node.id, 'inclusive');
  return taken;
}

function noFlow(elementId: string, kind: string): EngineError {
  return new EngineError(
    'NO_OUTGOING_FLOW',
    `No outgoing sequence flow of ${kind} gateway ${elementId} can be taken: no condition is true and there is no default flow.`,
    { elementId },
  );
}

/**
 * Event-based gateway (BPMN 2.0 §13.3.5): the token waits at the gateway for whichever of
 * the events after it happens first; then the other events are withdrawn and the token
 * continues through the one that happened (`triggerCatch`).
 */
export const eventBasedGateway: Behaviour = {
  enter(run, token) {
    run.wait(token, { kind: 'eventGateway' });
    for (const id of token.node.outgoing) openCatch(run, run.node(run.flow(id).targetId), { tokenId: token.id }, token.scopeId);
  },
};
