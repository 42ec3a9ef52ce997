/**
 * Message subscriptions: message catch events, receive tasks and message boundary events.
 * A message is addressed by its name plus a correlation key evaluated when the subscription
 * opens (`tongban:correlationKey`), BPMN 2.0 §8.4.2 (key-based correlation).
 */
import type { NodeModel } from '../../model/types.js';
import { startTimer } from './timers.js';
import type { ActiveToken, Run } from '../run.js';
import { activate, cancelToken, leave } from '../tokens.js';
import type { SubscriptionState, TokenState, TokenWait, Variables } from '../types.js';

function subscribe(run: Run, node: NodeModel, token: { id: string; scopeId: string }): SubscriptionState {
  const event = node.event;
  if (event?.kind !== 'message') throw new Error(`${node.id} has no message event definition`);
  const key = event.correlationKey ? run.evaluate(event.correlationKey, token.scopeId, node.id) : undefined;
  const subscription: SubscriptionState = {
    id: run.globalId(),
    kind: 'message',
    elementId: node.id,
    tokenId: token.id,
    messageName: event.messageName,
    ...(key !== undefined && key !== null ? { correlationKey: String(key) } : {}),
  };
  run.openSubscription(subscription);
  return subscription;
}

/** Parks the token until its node's message arrives. */
export function waitForMessage(run: Run, token: ActiveToken): void {
  const subscription = subscribe(run, token.node, token);
  waitAtActivity(run, token, { kind: 'message', subscriptionId: subscription.id });
}

/**
 * Parks a token at an activity and opens the message subscriptions and timers of the
 * activity's boundary events: they live exactly as long as the activity waits.
 */
export function waitAtActivity(run: Run, token: ActiveToken, wait: TokenWait): void {
  run.wait(token, wait);
  for (const id of token.node.boundaryEvents) {
    const boundary = run.node(id);
    if (boundary.event?.kind === 'message') subscribe(run, boundary, token);
    else if (boundary.event?.kind === 'timer') startTimer(run, boundary, token);
  }
}

/**
 * A correlated message arrives. At a catch event or receive task the token moves on with the
 * message's variables. At a boundary event: interrupting cancels the activity and leaves
 * through the event; non-interrupting leaves a new token through the event and keeps both
 * the activity and the subscription.
 */
export function deliverMessage(run: Run, subscription: SubscriptionState, variables: Variables | undefined): void {
  const stored = run.tokens.get(subscription.tokenId) as TokenState;
  const node = run.node(subscription.elementId);
  run.history('messageReceived', { elementId: node.id, tokenId: stored.id, data: { messageName: subscription.messageName } });
  if (node.kind === 'boundaryEvent') {
    if (node.cancelActivity !== false) cancelToken(run, stored);
    run.setVariables(stored.scopeId, variables);
    run.queue.push({ elementId: node.id, scopeId: stored.scopeId });
    return;
  }
  run.setVariables(stored.scopeId, variables);
  leave(run, activate(run, stored));
}
