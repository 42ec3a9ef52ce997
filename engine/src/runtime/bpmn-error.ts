/**
 * Error propagation, BPMN 2.0 §10.5.4 (error event): a thrown error is caught by the error
 * boundary event of the innermost enclosing activity whose error code matches (an event with
 * no error code catches any). The activity is interrupted with everything inside it and the
 * token leaves through the boundary event. An error that reaches the process level uncaught
 * goes to the calling activity of a parent instance; in a top-level instance it is refused,
 * so the command rolls back and the caller sees it.
 */
import { EngineError } from '../errors.js';
import type { NodeModel } from '../model/types.js';
import type { Run } from './run.js';
import { cancelScopeTokens, cancelToken } from './tokens.js';
import type { TokenState } from './types.js';

export interface ThrownError {
  readonly errorCode: string;
  readonly message?: string;
  /** The element that threw it, for history and messages. */
  readonly elementId: string;
}

/**
 * Throws an error from `scopeId`. `activityToken`, when given, is the token of the activity
 * the error occurred on (a service task whose handler raised it, a call activity whose child
 * raised it); its own boundary events are tried first.
 */
export function throwBpmnError(run: Run, error: ThrownError, scopeId: string, activityToken?: TokenState): void {
  run.history('errorThrown', { elementId: error.elementId, data: { errorCode: error.errorCode, message: error.message } });
  let token = activityToken;
  let currentScope = scopeId;
  for (;;) {
    if (token) {
      const boundary = findCatcher(run, run.node(token.elementId), error.errorCode);
      if (boundary) {
        cancelToken(run, token);
        run.history('errorCaught', { elementId: boundary.id, data: { errorCode: error.errorCode } });
        run.queue.push({ elementId: boundary.id, scopeId: token.scopeId });
        return;
      }
      currentScope = token.scopeId;
    }
    const scope = run.scope(currentScope);
    if (scope.parentTokenId === undefined) break;
    token = run.tokens.get(scope.parentTokenId);
  }

  if (run.base.parent) {
    // The calling activity in the parent instance gets the error; this instance ends.
    cancelScopeTokens(run, run.base.rootScopeId);
    run.setStatus('terminated');
    run.history('instanceTerminated', { elementId: run.model.key, data: { errorCode: error.errorCode } });
    run.emit({ type: 'errorToParent', errorCode: error.errorCode, ...(error.message !== undefined ? { message: error.message } : {}) });
    return;
  }
  throw new EngineError(
    'UNHANDLED_BPMN_ERROR',
    `BPMN error "${error.errorCode}" thrown at ${error.elementId} is not caught by any error boundary event.` +
      (error.message ? ` (${error.message})` : ''),
    { elementId: error.elementId, errorCode: error.errorCode },
  );
}

/** The matching error boundary of an activity: an exact code wins over a catch-all. */
function findCatcher(run: Run, activity: NodeModel, errorCode: string): NodeModel | undefined {
  let catchAll: NodeModel | undefined;
  for (const id of activity.boundaryEvents) {
    const boundary = run.node(id);
    if (boundary.event?.kind !== 'error') continue;
    if (boundary.event.errorCode === errorCode) return boundary;
    if (boundary.event.errorCode === undefined) catchAll ??= boundary;
  }
  return catchAll;
}
