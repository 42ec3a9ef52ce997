/**
 * The token operations every behaviour shares: enter a node, leave it along its flows, consume
 * a token, complete or cancel a scope, and cancel a token with everything it holds.
 */
import { EngineError } from '../errors.js';
import type { FlowModel, NodeModel } from '../model/types.js';
import { cancelStep } from './approvals/step.js';
import { parkAfter, parkBefore } from './async-continuation.js';
import type { BehaviourTable } from './behaviour.js';
import { type ActiveToken, type Arrival, bpmnType, type Run } from './run.js';
import type { TokenState } from './types.js';

let behaviours: BehaviourTable | undefined;
/** Wired once by behaviours/index.ts; avoids an import cycle between behaviours and this file. */
export function installBehaviours(table: BehaviourTable): void {
  behaviours = table;
}

export function enter(run: Run, arrival: Arrival): void {
  const node = run.node(arrival.elementId);
  const token: ActiveToken = {
    id: arrival.tokenId ?? run.localId('t'),
    node,
    scopeId: arrival.scopeId,
    ...(arrival.arrivedVia !== undefined ? { arrivedVia: arrival.arrivedVia } : {}),
    ...(arrival.triggered ? { triggered: true } : {}),
  };
  if (parkBefore(run, token, arrival)) return;
  run.history('elementEntered', { elementId: node.id, elementType: bpmnType(node.kind), tokenId: token.id });
  behaviours![node.kind].enter(run, token);
}

/** Rebuilds the active view of a stored token, to hand it back to its behaviour. */
export function activate(run: Run, stored: TokenState): ActiveToken {
  return {
    id: stored.id,
    node: run.node(stored.elementId),
    scopeId: stored.scopeId,
    ...(stored.arrivedVia !== undefined ? { arrivedVia: stored.arrivedVia } : {}),
  };
}

/**
 * BPMN 2.0 §13.2.1 (uncontrolled flow out of an activity or event): every outgoing flow
 * without a condition is taken, and every conditional flow whose condition is true; the
 * default flow is taken only when no other flow was.
 */
export function activityFlows(run: Run, node: NodeModel, scopeId: string): FlowModel[] {
  const taken: FlowModel[] = [];
  for (const id of node.outgoing) {
    if (id === node.defaultFlow) continue;
    const flow = run.flow(id);
    if (!flow.condition || run.evaluate(flow.condition, scopeId, flow.id) === true) taken.push(flow);
  }
  if (taken.length === 0 && node.defaultFlow !== undefined) taken.push(run.flow(node.defaultFlow));
  return taken;
}

/**
 * The token leaves its node along the given flows (default: the activity rule above). A node
 * with no outgoing flow ends the token there (implicit end, BPMN 2.0 §10.5.3).
 */
export function leave(run: Run, token: ActiveToken, flows?: readonly FlowModel[]): void {
  const out = flows ?? activityFlows(run, token.node, token.scopeId);
  if (out.length === 0 && token.node.outgoing.length > 0) {
    throw new EngineError(
      'NO_OUTGOING_FLOW',
      `No outgoing sequence flow of ${bpmnType(token.node.kind)} ${token.node.id} can be taken: no condition is true and there is no default flow.`,
      { elementId: token.node.id },
    );
  }
  run.release(token.id);
  if (out.length > 0 && parkAfter(run, token, out)) return;
  run.history('elementLeft', { elementId: token.node.id, elementType: bpmnType(token.node.kind), tokenId: token.id });
  if (out.length === 0) {
    scopeMayBeDone(run, token.scopeId);
    return;
  }
  for (const flow of out) run.take(flow, token.scopeId);
}

/** The token ends at its node (end event). */
export function consume(run: Run, token: ActiveToken): void {
  run.history('elementLeft', { elementId: token.node.id, elementType: bpmnType(token.node.kind), tokenId: token.id });
  run.release(token.id);
  scopeMayBeDone(run, token.scopeId);
}

/** A scope with no token left and none on its way is complete. */
export function scopeMayBeDone(run: Run, scopeId: string): void {
  if (run.status !== 'active' || !run.scopes.has(scopeId) || run.scopeBusy(scopeId)) return;
  completeScope(run, scopeId);
}

/**
 * Completes a scope instance: the process instance ends, or the subprocess activity that
 * owns the scope leaves along its outgoing flows. A subprocess's local variables end with it.
 */
export function completeScope(run: Run, scopeId: string, how: 'completed' | 'terminated' = 'completed'): void {
  const scope = run.scope(scopeId);
  run.closeCatches((owner) => owner.scopeId === scopeId);
  if (scope.parentTokenId === undefined) {
    const variables = scope.variables;
    run.setStatus(how);
    run.history(how === 'completed' ? 'instanceCompleted' : 'instanceTerminated', { elementId: run.model.key });
    run.emit({ type: 'instanceEnded', status: how, variables });
    return;
  }
  run.scopes.delete(scopeId);
  const parent = run.tokens.get(scope.parentTokenId);
  if (!parent) throw new EngineError('INSTANCE_NOT_ACTIVE', `Subprocess scope ${scopeId} lost its parent token.`);
  leave(run, activate(run, parent));
}

/**
 * Cancels a token and everything it holds: its task or job, its subscriptions, a subprocess
 * scope with all its tokens, a called instance. Used by interrupting events and terminate.
 */
export function cancelToken(run: Run, token: TokenState): void {
  const node = run.node(token.elementId);
  const wait = token.wait;
  switch (wait.kind) {
    case 'approval':
      cancelStep(run, wait.stepId);
      break;
    case 'job':
      run.emit({ type: 'jobEnded', jobId: wait.jobId, reason: 'cancelled' });
      break;
    case 'subProcess':
      cancelScopeTokens(run, wait.childScopeId);
      run.scopes.delete(wait.childScopeId);
      break;
    case 'callActivity':
      run.emit({ type: 'callActivityCancelled', tokenId: token.id });
      break;
    case 'async':
      run.emit({ type: 'jobEnded', jobId: wait.jobId, reason: 'cancelled' });
      break;
    case 'subscription':
    case 'timer':
    case 'join':
    case 'eventGateway':
      break; // released below with the token
  }
  run.release(token.id);
  run.history('elementCancelled', { elementId: node.id, elementType: bpmnType(node.kind), tokenId: token.id });
}

/** Cancels every token and event-subprocess catch of a scope (and, through them, of its nested scopes). */
export function cancelScopeTokens(run: Run, scopeId: string): void {
  run.closeCatches((owner) => owner.scopeId === scopeId);
  for (const token of run.tokensInScope(scopeId)) cancelToken(run, token);
  // Tokens still on their way inside this scope never arrive.
  for (let i = run.queue.length - 1; i >= 0; i--) if (run.queue[i]!.scopeId === scopeId) run.queue.splice(i, 1);
}
