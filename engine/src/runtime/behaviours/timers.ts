/**
 * Timer events (BPMN 2.0 §10.5.6): intermediate timer catch events and timer boundary events.
 * A timer is a job due at an instant computed when it starts (`timers/schedule.ts`); the job
 * executor sends `timerFired` when it is due. A timer belongs to a token and ends with it, so
 * leaving or cancelling an activity cancels its boundary timers, and cancelling a scope
 * cancels the timers inside it.
 */
import { EngineError } from '../../errors.js';
import type { NodeModel } from '../../model/types.js';
import { nextFiring, planTimer, TimerSyntaxError, timerText } from '../../timers/schedule.js';
import type { Run } from '../run.js';
import { activate, cancelToken, leave } from '../tokens.js';
import type { TimerState } from '../types.js';

/** Starts the timer of a timer event for a token (a catch event's own, or its activity's). */
export function startTimer(run: Run, node: NodeModel, token: { id: string; scopeId: string }): TimerState {
  const event = node.event;
  if (event?.kind !== 'timer') throw new Error(`${node.id} has no timer event definition`);
  const text = event.value.raw.trim().startsWith('=') ? timerText(run.evaluate(event.value, token.scopeId, node.id)) : event.value.raw;
  let plan;
  try {
    plan = planTimer(event.timerType, text, run.now, run.calendar);
  } catch (err) {
    if (err instanceof TimerSyntaxError) {
      throw new EngineError('EXPRESSION_FAILED', `Timer ${node.id}: ${err.message}`, { elementId: node.id });
    }
    throw err;
  }
  const timer: TimerState = {
    id: run.globalId(),
    elementId: node.id,
    tokenId: token.id,
    dueAt: plan.dueAt.toISOString(),
    repeatsLeft: Number.isFinite(plan.repeatsLeft) ? plan.repeatsLeft : null,
    ...(plan.interval !== undefined ? { interval: plan.interval } : {}),
  };
  run.openTimer(timer);
  return timer;
}

/**
 * A timer came due. At a catch event the token moves on. At a boundary event: interrupting
 * cancels the activity and leaves through the event; non-interrupting leaves a new token
 * through the event, keeps the activity, and — for a cycle with firings left — schedules
 * the next firing one interval after this one was due.
 */
export function fireTimer(run: Run, jobId: string): void {
  const timer = run.timers.get(jobId);
  if (!timer) throw new EngineError('JOB_NOT_FOUND', `Timer ${jobId} is not scheduled in instance ${run.instanceId}.`, { jobId });
  run.timers.delete(jobId);
  run.emit({ type: 'jobEnded', jobId, reason: 'completed' });
  const node = run.node(timer.elementId);
  const stored = run.tokens.get(timer.tokenId);
  if (!stored) throw new EngineError('INSTANCE_NOT_ACTIVE', `Timer ${jobId} lost its token.`, { jobId });
  run.history('timerFired', { elementId: node.id, tokenId: stored.id, data: { dueAt: timer.dueAt } });

  if (node.kind !== 'boundaryEvent') {
    leave(run, activate(run, stored));
    return;
  }
  if (node.cancelActivity !== false) {
    cancelToken(run, stored);
  } else if (timer.interval !== undefined && timer.repeatsLeft !== 0) {
    const dueAt = nextFiring(timer.interval, new Date(timer.dueAt), run.calendar);
    run.openTimer({
      ...timer,
      id: run.globalId(),
      dueAt: dueAt.toISOString(),
      repeatsLeft: timer.repeatsLeft === null ? null : timer.repeatsLeft - 1,
    });
  }
  run.queue.push({ elementId: node.id, scopeId: stored.scopeId });
}
