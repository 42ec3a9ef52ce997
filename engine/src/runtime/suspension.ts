/**
 * Suspension: the clock of an instance stops (补正 — the applicant supplements materials;
 * 特别程序 — hearing, testing, expert review; 行政许可法 第四十五条: the time they take is not
 * counted in the limit). While suspended the instance's timers do not run and it accepts no
 * command but resume and terminate. On resume every timer gets the time it had left, counted
 * in its own unit: working-day timers move by the working days that passed (the deadline
 * stays the closing time of a working day), working-time timers by the working time that
 * passed, wall-clock timers by the elapsed time; the due dates of open approval steps and their
 * tasks move the same way. Instances started by the instance's call activities are suspended and
 * resumed with it. Both moments are recorded in history.
 */
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { EngineError } from '../errors.js';
import type { TimerUnit } from '../timers/schedule.js';
import { updateTask } from './approvals/step.js';
import type { Run } from './run.js';
import type { Command } from './types.js';

export function suspend(run: Run, command: Extract<Command, { type: 'suspend' }>): void {
  if (run.suspended) throw new EngineError('INSTANCE_SUSPENDED', `Instance ${run.instanceId} is already suspended.`, { instanceId: run.instanceId });
  run.suspended = { at: run.now.toISOString(), ...(command.reason !== undefined ? { reason: command.reason } : {}) };
  // The timers stay in the state; only their jobs go, so nothing fires while suspended.
  for (const timer of run.timers.values()) run.emit({ type: 'jobEnded', jobId: timer.id, reason: 'cancelled' });
  toCalledInstances(run, 'suspend', command);
  run.history('instanceSuspended', {
    elementId: run.model.key,
    ...(command.userId !== undefined ? { userId: command.userId } : {}),
    data: { reason: command.reason ?? null },
  });
}

export function resume(run: Run, command: Extract<Command, { type: 'resume' }>): void {
  const suspended = run.suspended;
  if (!suspended) throw new EngineError('INSTANCE_NOT_ACTIVE', `Instance ${run.instanceId} is not suspended.`, { instanceId: run.instanceId });
  const from = new Date(suspended.at);
  const shift = (dueAt: string, unit: TimerUnit | undefined) => shiftAfterStop(run.calendar, new Date(dueAt), unit ?? 'wallClock', from, run.now).toISOString();
  for (const timer of [...run.timers.values()]) {
    run.timers.delete(timer.id);
    run.openTimer({ ...timer, dueAt: shift(timer.dueAt, timer.unit) });
  }
  // Step due dates (tongban:dueDate / timeLimit) are deadlines too: supervision cards them, so
  // they move with the clock, and so do the open tasks that carry them.
  for (const step of [...run.steps.values()]) {
    if (step.dueAt === undefined) continue;
    const dueAt = shift(step.dueAt, step.dueUnit);
    run.steps.set(step.id, { ...step, dueAt });
    for (const task of [...run.tasks.values()]) if (task.stepId === step.id && task.dueAt !== undefined) updateTask(run, task.id, { dueAt });
  }
  run.suspended = undefined;
  toCalledInstances(run, 'resume', command);
  run.history('instanceResumed', {
    elementId: run.model.key,
    ...(command.userId !== undefined ? { userId: command.userId } : {}),
    data: { suspendedAt: suspended.at, reason: suspended.reason ?? null },
  });
}

/** A case's clock is one clock: instances started by its call activities stop and restart with it (the shell applies it). */
function toCalledInstances(run: Run, clock: 'suspend' | 'resume', command: { reason?: string; userId?: string }): void {
  for (const token of run.tokens.values()) {
    if (token.wait.kind !== 'callActivity') continue;
    run.emit({
      type: 'callActivityClock',
      tokenId: token.id,
      command: clock,
      ...(clock === 'suspend' && command.reason !== undefined ? { reason: command.reason } : {}),
      ...(command.userId !== undefined ? { userId: command.userId } : {}),
    });
  }
}

/** A deadline after the clock stood still from `from` to `now`, counted in its own unit. */
export function shiftAfterStop(calendar: BusinessCalendar, due: Date, unit: TimerUnit, from: Date, now: Date): Date {
  if (unit === 'workingDays') return calendar.resumeByWorkingDays(due, from, now);
  if (unit === 'workingTime') return calendar.resume(due, from, now);
  return new Date(due.getTime() + (now.getTime() - from.getTime()));
}

/** Commands a suspended instance still accepts. */
export const ALLOWED_WHILE_SUSPENDED: ReadonlySet<Command['type']> = new Set(['resume', 'terminate', 'setVariables']);
