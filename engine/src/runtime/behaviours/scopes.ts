/**
 * Embedded subprocesses and call activities.
 */
import { EngineError } from '../../errors.js';
import type { Behaviour } from '../behaviour.js';
import { throwBpmnError } from '../bpmn-error.js';
import type { Run } from '../run.js';
import { activate, leave } from '../tokens.js';
import type { Command, TokenState, Variables } from '../types.js';
import { openEventSubprocesses, waitAtActivity } from './catches.js';
import { findToken } from './tasks.js';

/**
 * Embedded subprocess (BPMN 2.0 §10.3.5): opens a new scope instance with its own local
 * variables, opens the catches of its event subprocesses, and starts it at its none start
 * event; the activity completes when the scope has no token left. An event subprocess
 * (§10.2.5) is entered the same way, from its triggered start event.
 */
export const subProcess: Behaviour = {
  enter(run, token) {
    const startEventId = token.node.startEventId;
    if (!startEventId) throw new EngineError('INVALID_ARGUMENT', `Subprocess ${token.node.id} has no none start event.`);
    const childScopeId = run.localId('s');
    run.scopes.set(childScopeId, {
      id: childScopeId,
      elementId: token.node.id,
      parentScopeId: token.scopeId,
      parentTokenId: token.id,
      variables: {},
    });
    waitAtActivity(run, token, { kind: 'subProcess', childScopeId });
    openEventSubprocesses(run, childScopeId, token.node.eventSubprocesses);
    run.queue.push({ elementId: startEventId, scopeId: childScopeId });
  },
};

/**
 * Call activity (BPMN 2.0 §10.3.6): starts an instance of another process (by key; the
 * latest version or a pinned one) and waits for it to end. Variables go in through the
 * `tongban:in` mappings, or all visible variables when there are none; they come back through
 * `tongban:out`, or all of the child's variables when there are none.
 */
export const callActivity: Behaviour = {
  enter(run, token) {
    const call = token.node.call;
    if (!call) throw new EngineError('INVALID_ARGUMENT', `Call activity ${token.node.id} names no process.`);
    let variables: Variables;
    if (call.inputs) {
      variables = {};
      for (const mapping of call.inputs) variables[mapping.target] = run.evaluate(mapping.source, token.scopeId, token.node.id);
    } else {
      variables = { ...run.visibleVariables(token.scopeId) };
    }
    waitAtActivity(run, token, { kind: 'callActivity' });
    run.emit({
      type: 'callActivityStarted',
      tokenId: token.id,
      elementId: token.node.id,
      processKey: call.processKey,
      version: call.version,
      variables,
    });
  },
};

/** The called instance ended: map its variables out and leave the call activity. */
export function childCompleted(run: Run, command: Extract<Command, { type: 'childCompleted' }>): void {
  const stored = callToken(run, command.tokenId);
  const call = run.node(stored.elementId).call!;
  if (call.outputs) {
    // Output mappings read the child's variables, over the parent's (for constants and names).
    const out: Variables = {};
    for (const mapping of call.outputs) out[mapping.target] = run.evaluateWith(mapping.source, { ...run.visibleVariables(stored.scopeId), ...command.variables }, stored.elementId);
    run.setVariables(stored.scopeId, out);
  } else {
    run.setVariables(stored.scopeId, command.variables);
  }
  leave(run, activate(run, stored));
}

/** An error left the called instance uncaught: it is thrown at the call activity. */
export function childError(run: Run, command: Extract<Command, { type: 'childError' }>): void {
  const stored = callToken(run, command.tokenId);
  throwBpmnError(
    run,
    { errorCode: command.errorCode, elementId: stored.elementId, ...(command.message !== undefined ? { message: command.message } : {}) },
    stored.scopeId,
    stored,
  );
}

function callToken(run: Run, tokenId: string): TokenState {
  const stored = findToken(run, (t) => t.id === tokenId && t.wait.kind === 'callActivity');
  if (!stored) throw new EngineError('INSTANCE_NOT_ACTIVE', `No call activity waits on token ${tokenId} in instance ${run.instanceId}.`);
  return stored;
}
