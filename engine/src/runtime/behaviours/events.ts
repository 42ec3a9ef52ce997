/**
 * Start, end, throw and boundary events.
 */
import type { Behaviour } from '../behaviour.js';
import { throwBpmnError, throwEscalation } from '../bpmn-error.js';
import type { ActiveToken, Run } from '../run.js';
import { cancelScopeTokens, completeScope, consume, leave } from '../tokens.js';
import { waitForEvent } from './catches.js';

/** Start event (BPMN 2.0 §10.5.2): the token leaves at once along its outgoing flows. */
export const startEvent: Behaviour = {
  enter: (run, token) => leave(run, token),
};

/**
 * End event (BPMN 2.0 §10.5.3). None: the token is consumed; the scope completes when it was
 * the last. Terminate: every other token of the scope is cancelled and the scope completes at
 * once (a subprocess then leaves normally; at process level the instance ends). Error: the
 * token is consumed and the error is thrown to the enclosing scopes (§10.5.4). Signal: the
 * signal is broadcast, then the token is consumed. Escalation: thrown to the enclosing scopes,
 * then the token is consumed.
 */
export const endEvent: Behaviour = {
  enter(run, token) {
    const event = token.node.event;
    switch (event?.kind) {
      case 'terminate':
        consumeSilently(run, token);
        cancelScopeTokens(run, token.scopeId);
        completeScope(run, token.scopeId);
        return;
      case 'error':
        consumeSilently(run, token);
        throwBpmnError(run, { errorCode: event.errorCode ?? '', elementId: token.node.id }, token.scopeId);
        return;
      case 'signal':
        broadcastSignal(run, token, event.signalName);
        consume(run, token);
        return;
      case 'escalation':
        throwEscalation(run, event.escalationCode ?? '', token.scopeId, token.node.id);
        if (run.scopes.has(token.scopeId)) consume(run, token);
        return;
      default:
        consume(run, token);
    }
  },
};

/** Ends the token at its node without checking scope completion; the caller decides what ends. */
function consumeSilently(run: Run, token: ActiveToken): void {
  run.history('elementLeft', { elementId: token.node.id, tokenId: token.id });
  run.release(token.id);
}

function broadcastSignal(run: Run, token: ActiveToken, name: string): void {
  run.history('signalThrown', { elementId: token.node.id, tokenId: token.id, data: { signalName: name } });
  run.emit({ type: 'signalThrown', name });
}

/**
 * Intermediate throw event (BPMN 2.0 §10.5.6). None: a milestone; the token passes. Signal:
 * broadcast, then pass. Escalation: thrown to the enclosing scopes; the token passes unless an
 * interrupting catch cancelled it. Link: the token jumps to the link catch of the same name.
 */
export const intermediateThrowEvent: Behaviour = {
  enter(run, token) {
    const event = token.node.event;
    if (event?.kind === 'signal') broadcastSignal(run, token, event.signalName);
    if (event?.kind === 'escalation') {
      const interrupted = throwEscalation(run, event.escalationCode ?? '', token.scopeId, token.node.id);
      if (interrupted) return;
    }
    if (event?.kind === 'link' && token.node.linkTarget !== undefined) {
      run.history('elementLeft', { elementId: token.node.id, tokenId: token.id });
      run.queue.push({ elementId: token.node.linkTarget, scopeId: token.scopeId, triggered: true });
      return;
    }
    leave(run, token);
  },
};

/** Intermediate catch event (BPMN 2.0 §10.5.6): waits for its message, signal, timer or condition. */
export const intermediateCatchEvent: Behaviour = {
  enter: (run, token) => waitForEvent(run, token),
};

/**
 * Boundary event (BPMN 2.0 §10.5.5): reached when its trigger occurred on the activity (the
 * activity was already interrupted when the event is interrupting); the token leaves along
 * the event's outgoing flows.
 */
export const boundaryEvent: Behaviour = {
  enter: (run, token) => leave(run, token),
};
