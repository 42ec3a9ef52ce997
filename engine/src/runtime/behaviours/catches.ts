/**
 * Catching events: messages, signals, timers and conditions, wherever they are caught —
 * intermediate catch events, receive tasks, boundary events, the events after an event-based
 * gateway, and the start events of event subprocesses (BPMN 2.0 §10.5). A catch is opened
 * for an owner (a token, or for event subprocesses a scope instance) and ends with it.
 */
import { EngineError } from '../../errors.js';
import type { NodeModel } from '../../model/types.js';
import { nextFiring, planTimer, TimerSyntaxError, timerText } from '../../timers/schedule.js';
import { onTimeLimit } from '../approvals/time-limit.js';
import type { ActiveToken, Run } from '../run.js';
import { activate, cancelScopeTokens, cancelToken, leave } from '../tokens.js';
import type { CatchOwner, SubscriptionState, TimerState, TokenWait, Variables } from '../types.js';

type Owner = { readonly tokenId: string } | { readonly scopeId: string };

/** Opens the catch of an event node. `scopeId` is where its expressions are evaluated. */
export function openCatch(run: Run, node: NodeModel, owner: Owner, scopeId: string): SubscriptionState | TimerState {
  const event = node.event;
  switch (event?.kind) {
    case 'timer':
      return startTimer(run, node, owner, scopeId);
    case 'message': {
      const key = event.correlationKey ? run.evaluate(event.correlationKey, scopeId, node.id) : undefined;
      return subscribe(run, node, owner, 'message', event.messageName, key === undefined || key === null ? undefined : String(key));
    }
    case 'signal':
      return subscribe(run, node, owner, 'signal', event.signalName);
    case 'conditional':
      // Evaluated at the end of this step, and again whenever variables change.
      run.variablesChanged = true;
      return subscribe(run, node, owner, 'conditional', node.id);
    default:
      throw new Error(`${node.id} catches no message, signal, timer or condition`);
  }
}

function subscribe(run: Run, node: NodeModel, owner: Owner, kind: SubscriptionState['kind'], name: string, correlationKey?: string): SubscriptionState {
  const subscription: SubscriptionState = {
    id: run.globalId(),
    kind,
    elementId: node.id,
    ...owner,
    name,
    ...(correlationKey !== undefined ? { correlationKey } : {}),
  };
  run.openSubscription(subscription);
  return subscription;
}

/** Starts the timer of a timer event; its due time is computed now (`timers/schedule.ts`). */
function startTimer(run: Run, node: NodeModel, owner: Owner, scopeId: string): TimerState {
  const event = node.event;
  if (event?.kind !== 'timer') throw new Error(`${node.id} has no timer event definition`);
  const text = event.value.raw.trim().startsWith('=') ? timerText(run.evaluate(event.value, scopeId, node.id)) : event.value.raw;
  let plan;
  try {
    plan = planTimer(event.timerType, text, run.now, run.calendar);
  } catch (err) {
    if (err instanceof TimerSyntaxError) throw new EngineError('EXPRESSION_FAILED', `Timer ${node.id}: ${err.message}`, { elementId: node.id });
    throw err;
  }
  const timer: TimerState = {
    id: run.globalId(),
    elementId: node.id,
    ...owner,
    dueAt: plan.dueAt.toISOString(),
    repeatsLeft: Number.isFinite(plan.repeatsLeft) ? plan.repeatsLeft : null,
    ...(plan.interval !== undefined ? { interval: plan.interval } : {}),
    ...(plan.unit !== 'wallClock' ? { unit: plan.unit } : {}),
  };
  run.openTimer(timer);
  return timer;
}

/**
 * Intermediate catch event and receive task: waits for its event. A token that arrives
 * `triggered` (its event already happened after an event-based gateway, or it came by a link)
 * passes straight through.
 */
export function waitForEvent(run: Run, token: ActiveToken): void {
  if (token.triggered || token.node.event?.kind === 'link') {
    leave(run, token);
    return;
  }
  const opened = openCatch(run, token.node, { tokenId: token.id }, token.scopeId);
  const wait: TokenWait = 'dueAt' in opened ? { kind: 'timer', jobId: opened.id } : { kind: 'subscription', subscriptionId: opened.id };
  waitAtActivity(run, token, wait);
}

/**
 * Parks a token at an activity and opens the catches of the activity's boundary events
 * (errors and escalations are found when thrown): they live exactly as long as it waits.
 */
export function waitAtActivity(run: Run, token: ActiveToken, wait: TokenWait): void {
  run.wait(token, wait);
  for (const id of token.node.boundaryEvents) {
    const boundary = run.node(id);
    const kind = boundary.event?.kind;
    if (kind === 'message' || kind === 'signal' || kind === 'timer' || kind === 'conditional') {
      openCatch(run, boundary, { tokenId: token.id }, token.scopeId);
    }
  }
}

/** Opens the start-event catches of a scope's event subprocesses when the scope starts. */
export function openEventSubprocesses(run: Run, scopeId: string, eventSubprocesses: readonly string[] | undefined): void {
  for (const id of eventSubprocesses ?? []) {
    const start = run.node(run.node(id).startEventId!);
    const kind = start.event?.kind;
    if (kind === 'message' || kind === 'signal' || kind === 'timer' || kind === 'conditional') openCatch(run, start, { scopeId }, scopeId);
  }
}

/** A message or signal arrived for a subscription. */
export function deliver(run: Run, subscriptionId: string, variables: Variables | undefined, kind: 'message' | 'signal'): void {
  const subscription = run.subscriptions.get(subscriptionId);
  if (!subscription || subscription.kind !== kind) {
    throw new EngineError('MESSAGE_NOT_CORRELATED', `No ${kind} subscription ${subscriptionId} is open in instance ${run.instanceId}.`);
  }
  run.history(kind === 'message' ? 'messageReceived' : 'signalReceived', {
    elementId: subscription.elementId,
    data: { [kind === 'message' ? 'messageName' : 'signalName']: subscription.name },
  });
  triggerCatch(run, subscription, variables);
}

/**
 * A timer came due. A non-interrupting boundary or event-subprocess timer with a cycle
 * schedules its next firing one interval after this one was due, then triggers.
 */
export function fireTimer(run: Run, jobId: string): void {
  const timer = run.timers.get(jobId);
  if (!timer) throw new EngineError('JOB_NOT_FOUND', `Timer ${jobId} is not scheduled in instance ${run.instanceId}.`, { jobId });
  run.timers.delete(jobId);
  run.emit({ type: 'jobEnded', jobId, reason: 'completed' });
  run.history('timerFired', { elementId: timer.elementId, data: { dueAt: timer.dueAt, ...(timer.purpose ? { purpose: timer.purpose } : {}) } });
  if (timer.purpose === 'approvalTimeout') {
    onTimeLimit(run, timer);
    return;
  }
  const node = run.node(timer.elementId);
  const repeats = node.kind === 'boundaryEvent' ? node.cancelActivity === false : node.kind === 'startEvent' && node.isInterrupting === false;
  if (repeats && timer.interval !== undefined && timer.repeatsLeft !== 0) {
    const dueAt = nextFiring(timer.interval, new Date(timer.dueAt), run.calendar);
    run.openTimer({ ...timer, id: run.globalId(), dueAt: dueAt.toISOString(), repeatsLeft: timer.repeatsLeft === null ? null : timer.repeatsLeft - 1 });
  }
  triggerCatch(run, timer, undefined);
}

/** Re-evaluates every conditional catch; triggers those whose condition is now true. */
export function evaluateConditions(run: Run): boolean {
  let triggered = false;
  for (const sub of [...run.subscriptions.values()]) {
    if (sub.kind !== 'conditional' || !run.subscriptions.has(sub.id)) continue;
    const node = run.node(sub.elementId);
    if (node.event?.kind !== 'conditional') continue;
    const scopeId = sub.scopeId ?? run.tokens.get(sub.tokenId!)?.scopeId;
    if (scopeId === undefined || !run.scopes.has(scopeId)) continue;
    if (run.evaluate(node.event.condition, scopeId, node.id) !== true) continue;
    run.history('conditionMet', { elementId: node.id });
    triggerCatch(run, sub, undefined);
    triggered = true;
  }
  return triggered;
}

/**
 * The event of a catch happened. Event subprocess start: the subprocess starts (§10.2.5).
 * Boundary event: interrupting cancels the activity; either way a token leaves through the
 * event (§10.5.5). After an event-based gateway: the gateway's other catches are withdrawn
 * and the token passes the event that happened (§13.3.5). Catch event or receive task: the
 * token moves on. Variables delivered with the event are set from the owner's scope outward.
 */
export function triggerCatch(run: Run, owned: CatchOwner & { readonly elementId: string; readonly id: string }, variables: Variables | undefined): void {
  const node = run.node(owned.elementId);
  if (owned.scopeId !== undefined) {
    triggerEventSubprocess(run, node, owned.scopeId, variables);
    return;
  }
  const stored = run.tokens.get(owned.tokenId!);
  if (!stored) throw new EngineError('INSTANCE_NOT_ACTIVE', `The event ${node.id} lost its token.`, { elementId: node.id });
  if (node.kind === 'boundaryEvent') {
    if (node.cancelActivity !== false) cancelToken(run, stored);
    run.setVariables(stored.scopeId, variables);
    run.queue.push({ elementId: node.id, scopeId: stored.scopeId });
    return;
  }
  if (stored.elementId !== node.id) {
    run.history('elementLeft', { elementId: stored.elementId, tokenId: stored.id });
    run.release(stored.id);
    run.setVariables(stored.scopeId, variables);
    run.queue.push({ elementId: node.id, scopeId: stored.scopeId, triggered: true });
    return;
  }
  run.setVariables(stored.scopeId, variables);
  leave(run, activate(run, stored));
}

/**
 * Starts an event subprocess in `scopeId` from its start event (BPMN 2.0 §10.2.5). An
 * interrupting one first cancels everything else in the scope, including the scope's other
 * event-subprocess catches; a non-interrupting one runs beside it.
 */
export function triggerEventSubprocess(run: Run, start: NodeModel, scopeId: string, variables?: Variables): boolean {
  const interrupting = start.isInterrupting !== false;
  run.history('eventSubprocessTriggered', { elementId: start.scopeId, data: { startEvent: start.id, interrupting } });
  if (interrupting) cancelScopeTokens(run, scopeId);
  run.setVariables(scopeId, variables);
  run.queue.push({ elementId: start.scopeId, scopeId });
  return interrupting;
}
