/**
 * Errors and escalations thrown up the scopes.
 *
 * BPMN 2.0 §10.5.4 (error): a thrown error is caught by the innermost handler whose code
 * matches (one with no code catches any): an error start event of an event subprocess of the
 * scope it was thrown in, or an error boundary event of the activity enclosing that scope;
 * and so outward. The handler interrupts everything below it. An error that reaches the
 * process level uncaught goes to the calling activity of a parent instance; in a top-level
 * instance it is refused, so the command rolls back and the caller sees it.
 *
 * Escalation (§10.5.4, escalation): found the same way, but a handler may be
 * non-interrupting, and an uncaught escalation is not a failure: nothing happens.
 */
import { EngineError } from '../errors.js';
import type { NodeModel } from '../model/types.js';
import { triggerEventSubprocess } from './behaviours/catches.js';
import type { Run } from './run.js';
import { cancelScopeTokens, cancelToken } from './tokens.js';
import type { TokenState } from './types.js';

export interface ThrownError {
  readonly errorCode: string;
  readonly message?: string;
  /** The element that threw it, for history and messages. */
  readonly elementId: string;
}

type Handler = { readonly boundary: NodeModel; readonly token: TokenState } | { readonly start: NodeModel; readonly scopeId: string };

/**
 * Throws an error from `scopeId`. `activityToken`, when given, is the token of the activity
 * the error occurred on (a service task whose handler raised it, a call activity whose child
 * raised it); its own boundary events are tried first.
 */
export function throwBpmnError(run: Run, error: ThrownError, scopeId: string, activityToken?: TokenState): void {
  run.history('errorThrown', { elementId: error.elementId, data: { errorCode: error.errorCode, message: error.message } });
  const handler = findHandler(run, 'error', error.errorCode, scopeId, activityToken);
  if (handler) {
    const at = 'boundary' in handler ? handler.boundary.id : handler.start.id;
    run.history('errorCaught', { elementId: at, data: { errorCode: error.errorCode } });
    interruptFor(run, handler);
    return;
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
    `BPMN error "${error.errorCode}" thrown at ${error.elementId} is not caught by any error boundary event or event subprocess.` +
      (error.message ? ` (${error.message})` : ''),
    { elementId: error.elementId, errorCode: error.errorCode },
  );
}

/** Throws an escalation from `scopeId`; returns true when the handler interrupted the thrower. */
export function throwEscalation(run: Run, code: string, scopeId: string, elementId: string): boolean {
  run.history('escalationThrown', { elementId, data: { escalationCode: code } });
  const handler = findHandler(run, 'escalation', code, scopeId);
  if (!handler) return false;
  const interrupting = 'boundary' in handler ? handler.boundary.cancelActivity !== false : handler.start.isInterrupting !== false;
  run.history('escalationCaught', { elementId: 'boundary' in handler ? handler.boundary.id : handler.start.id, data: { escalationCode: code } });
  if (interrupting) interruptFor(run, handler);
  else if ('boundary' in handler) run.queue.push({ elementId: handler.boundary.id, scopeId: handler.token.scopeId });
  else triggerEventSubprocess(run, handler.start, handler.scopeId);
  return interrupting;
}

function interruptFor(run: Run, handler: Handler): void {
  if ('boundary' in handler) {
    cancelToken(run, handler.token);
    run.queue.push({ elementId: handler.boundary.id, scopeId: handler.token.scopeId });
  } else {
    triggerEventSubprocess(run, handler.start, handler.scopeId);
  }
}

/** The innermost matching handler, from the throwing scope outward. */
function findHandler(run: Run, kind: 'error' | 'escalation', code: string, scopeId: string, activityToken?: TokenState): Handler | undefined {
  let currentScope = scopeId;
  let cameFrom: string | undefined;
  if (activityToken) {
    const boundary = matching(run, run.node(activityToken.elementId).boundaryEvents, kind, code);
    if (boundary) return { boundary, token: activityToken };
    currentScope = activityToken.scopeId;
  }
  for (;;) {
    const scope = run.scope(currentScope);
    const esps = scope.parentScopeId === undefined ? run.model.eventSubprocesses : run.node(scope.elementId).eventSubprocesses;
    // An event subprocess does not catch what is thrown inside itself.
    const starts = (esps ?? []).filter((id) => id !== cameFrom).map((id) => run.node(id).startEventId!);
    const start = matching(run, starts, kind, code);
    if (start) return { start, scopeId: currentScope };
    if (scope.parentTokenId === undefined) return undefined;
    const token = run.tokens.get(scope.parentTokenId);
    if (!token) return undefined;
    const boundary = matching(run, run.node(token.elementId).boundaryEvents, kind, code);
    if (boundary) return { boundary, token };
    cameFrom = token.elementId;
    currentScope = token.scopeId;
  }
}

/** Among event nodes, the one catching this code: an exact code wins over a catch-all. */
function matching(run: Run, ids: readonly string[], kind: 'error' | 'escalation', code: string): NodeModel | undefined {
  let catchAll: NodeModel | undefined;
  for (const id of ids) {
    const node = run.node(id);
    const event = node.event;
    if (event?.kind !== kind) continue;
    const caught = event.kind === 'error' ? event.errorCode : event.kind === 'escalation' ? event.escalationCode : undefined;
    if (caught === code) return node;
    if (caught === undefined) catchAll ??= node;
  }
  return catchAll;
}
