/**
 * Start, end, throw and boundary events.
 */
import type { Behaviour } from '../behaviour.js';
import { throwBpmnError } from '../bpmn-error.js';
import { cancelScopeTokens, completeScope, consume, leave } from '../tokens.js';
import { waitForMessage } from './messages.js';
import { startTimer } from './timers.js';

/** None start event (BPMN 2.0 §10.5.2): the token leaves at once along its outgoing flows. */
export const startEvent: Behaviour = {
  enter: (run, token) => leave(run, token),
};

/**
 * End event (BPMN 2.0 §10.5.3). None: the token is consumed; the scope completes when it was
 * the last. Terminate: every other token of the scope is cancelled and the scope completes at
 * once (a subprocess then leaves normally; at process level the instance ends). Error: the
 * token is consumed and the error is thrown to the enclosing activities (§10.5.4).
 */
export const endEvent: Behaviour = {
  enter(run, token) {
    const event = token.node.event;
    if (event?.kind === 'terminate') {
      consumeSilently(run, token);
      cancelScopeTokens(run, token.scopeId);
      completeScope(run, token.scopeId);
      return;
    }
    if (event?.kind === 'error') {
      consumeSilently(run, token);
      throwBpmnError(run, { errorCode: event.errorCode ?? '', elementId: token.node.id }, token.scopeId);
      return;
    }
    consume(run, token);
  },
};

/** Ends the token at its node without checking scope completion; the caller decides what ends. */
function consumeSilently(run: Parameters<Behaviour['enter']>[0], token: Parameters<Behaviour['enter']>[1]): void {
  run.history('elementLeft', { elementId: token.node.id, tokenId: token.id });
  run.release(token.id);
}

/** None intermediate throw event: a milestone in the history; the token passes through. */
export const intermediateThrowEvent: Behaviour = {
  enter: (run, token) => leave(run, token),
};

/** Intermediate catch event (BPMN 2.0 §10.5.6): waits for its message or its timer. */
export const intermediateCatchEvent: Behaviour = {
  enter(run, token) {
    if (token.node.event?.kind === 'timer') {
      const timer = startTimer(run, token.node, token);
      run.wait(token, { kind: 'timer', jobId: timer.id });
      return;
    }
    waitForMessage(run, token);
  },
};

/**
 * Boundary event (BPMN 2.0 §10.5.5): reached when its trigger occurred on the activity (the
 * activity was already interrupted when the event is interrupting); the token leaves along
 * the event's outgoing flows.
 */
export const boundaryEvent: Behaviour = {
  enter: (run, token) => leave(run, token),
};
