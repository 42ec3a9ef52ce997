/**
 * An approval step: what a user task is at run time (BPMN 2.0 §10.3.3 user task, with the
 * approval modes of GLOSSARY). The step holds its signers; each active signer has a task.
 * After every signer's decision the mode's rule (`decide.ts`) says whether the step is
 * decided; then the other tasks are cancelled and recorded as such, the outcome goes to the
 * step's outcome variable, and the token leaves the user task.
 */
import { EngineError } from '../../errors.js';
import type { NodeModel } from '../../model/types.js';
import { planTimer, type TimerPlan } from '../../timers/schedule.js';
import type { Behaviour } from '../behaviour.js';
import { waitAtActivity } from '../behaviours/catches.js';
import type { Run } from '../run.js';
import { activate, leave } from '../tokens.js';
import type { SignerState, StepState, TaskRecord, TaskState } from '../types.js';
import { countSigners, decide } from './decide.js';
import { applyPolicies } from './policies.js';
import { initialSigners } from './signers.js';
import { startTimeLimit } from './time-limit.js';

export const userTask: Behaviour = {
  enter(run, token) {
    const node = token.node;
    const due = dueDateOf(run, node, token.scopeId);
    const priority = priorityOf(run, node, token.scopeId);
    const step: StepState = {
      id: run.localId('a'),
      elementId: node.id,
      tokenId: token.id,
      scopeId: token.scopeId,
      signers: initialSigners(run, node, token.scopeId),
      ...(due !== undefined ? { dueAt: due.dueAt.toISOString(), ...(due.unit !== 'wallClock' ? { dueUnit: due.unit } : {}) } : {}),
      priority,
    };
    run.steps.set(step.id, step);
    waitAtActivity(run, token, { kind: 'approval', stepId: step.id });
    if (node.approval!.timeLimit !== undefined) startTimeLimit(run, node, token);
    if (step.signers.length === 0) finish(run, step.id, 'approved'); // an empty collection: nothing to sign
    else advance(run, step.id);
  },
};

/** Activates the next round of pending signers while none is active; decides when policies settle it. */
export function advance(run: Run, stepId: string): void {
  for (;;) {
    const step = run.steps.get(stepId);
    if (!step) return;
    if (step.signers.some((s) => s.status === 'active')) return;
    const pending = step.signers.filter((s) => s.status === 'pending');
    if (pending.length === 0) {
      finish(run, stepId, countSigners(step.signers).rejected > 0 ? 'rejected' : 'approved');
      return;
    }
    const round = Math.min(...pending.map((s) => s.round));
    for (const s of pending.filter((p) => p.round === round)) {
      // A policy that settled an earlier signer may have decided the step or moved it on.
      if (run.steps.get(stepId)?.signers[s.index]?.status !== 'pending') continue;
      const settled = applyPolicies(run, stepId, s.index);
      if (settled) {
        settle(run, stepId, settled);
        if (!run.steps.has(stepId)) return;
      } else {
        openTask(run, stepId, s.index);
      }
    }
  }
}

/** Creates the task of a signer and marks it active. */
export function openTask(run: Run, stepId: string, index: number): TaskState {
  const step = run.steps.get(stepId)!;
  const s = step.signers[index]!;
  const node = run.node(step.elementId);
  const task: TaskState = {
    id: run.globalId(),
    elementId: step.elementId,
    stepId,
    signer: index,
    ...(node.name !== undefined ? { name: node.name } : {}),
    ...(s.assignee !== undefined ? { assignee: s.assignee } : {}),
    candidateUsers: s.candidateUsers,
    candidateGroups: s.candidateGroups,
    ...(step.dueAt !== undefined ? { dueAt: step.dueAt } : {}),
    priority: step.priority,
    createdAt: run.now.toISOString(),
  };
  run.tasks.set(task.id, task);
  updateSigner(run, stepId, index, { status: 'active', taskId: task.id });
  run.emit({ type: 'taskCreated', task: taskRecord(task, step) });
  run.history('taskCreated', { elementId: step.elementId, taskId: task.id, tokenId: step.tokenId, data: { signer: index, ...(s.assignee ? { assignee: s.assignee } : {}) } });
  return task;
}

/** A signer decided (or was skipped, or removed): the step is decided, or goes on. */
export function settle(run: Run, stepId: string, last: SignerState): void {
  const step = run.steps.get(stepId);
  if (!step) return;
  const config = run.node(step.elementId).approval!;
  let outcome = decide(config, step.signers, last);
  if (outcome === 'evaluate') {
    const c = countSigners(step.signers);
    const counters = {
      instances: c.instances,
      completed: c.completed,
      active: c.active,
      approved: c.approved,
      rejected: c.rejected,
      nrOfInstances: c.instances,
      nrOfCompletedInstances: c.completed,
      nrOfActiveInstances: c.active,
    };
    const met = run.evaluateWith(config.completionCondition!, { ...run.visibleVariables(step.scopeId), ...counters }, step.elementId);
    outcome = met === true ? (c.rejected > c.approved ? 'rejected' : 'approved') : undefined;
  }
  if (outcome !== undefined) finish(run, stepId, outcome);
  else advance(run, stepId);
}

/**
 * The step is decided: open tasks are cancelled (a completion rule ended them), the outcome
 * is set, the step enters the trail, and the token leaves the user task.
 */
export function finish(run: Run, stepId: string, outcome: string): void {
  const step = run.steps.get(stepId)!;
  const config = run.node(step.elementId).approval!;
  const counters = countSigners(step.signers);
  for (const s of step.signers) {
    if (s.status === 'active') closeTask(run, s.taskId!, 'cancelled', { reason: 'stepDecided' });
  }
  run.steps.delete(stepId);
  run.setVariables(step.scopeId, { [config.outcomeVariable]: outcome });
  run.trail.push({
    elementId: step.elementId,
    outcome,
    by: step.signers.filter((s) => s.by !== undefined && (s.status === 'skipped' || (s.status === 'completed' && s.outcome === 'approve'))).map((s) => s.by!),
    at: run.now.toISOString(),
  });
  run.history('stepCompleted', { elementId: step.elementId, tokenId: step.tokenId, data: { outcome, ...counters } });
  const token = run.tokens.get(step.tokenId);
  if (!token) throw new EngineError('INSTANCE_NOT_ACTIVE', `Approval step ${step.elementId} lost its token.`);
  leave(run, activate(run, token));
}

/** Cancels a step with its tasks (its activity was interrupted or its scope ended). */
export function cancelStep(run: Run, stepId: string): void {
  const step = run.steps.get(stepId);
  if (!step) return;
  for (const s of step.signers) if (s.status === 'active') closeTask(run, s.taskId!, 'cancelled', { reason: 'activityCancelled' });
  run.steps.delete(stepId);
}

/** Ends a task: its row goes, the history says why. */
export function closeTask(run: Run, taskId: string, how: 'completed' | 'cancelled', data?: Record<string, unknown>): void {
  const task = run.tasks.get(taskId);
  if (!task) return;
  run.tasks.delete(taskId);
  run.emit({ type: 'taskEnded', taskId, reason: how });
  if (how === 'cancelled') {
    updateSigner(run, task.stepId, task.signer, { status: 'cancelled' });
    run.history('taskCancelled', { elementId: task.elementId, taskId, ...(data ? { data } : {}) });
  }
}

export function updateSigner(run: Run, stepId: string, index: number, change: Partial<SignerState>): SignerState {
  const step = run.steps.get(stepId)!;
  const signers = [...step.signers];
  const next = { ...signers[index]!, ...change } as SignerState;
  signers[index] = next;
  run.steps.set(stepId, { ...step, signers });
  return next;
}

/** Rewrites an open task and tells the shell. */
export function updateTask(run: Run, taskId: string, change: Partial<TaskState>, remove: readonly (keyof TaskState)[] = []): TaskState {
  const current = run.tasks.get(taskId)!;
  const next = { ...current, ...change } as Record<string, unknown>;
  for (const key of remove) delete next[key];
  const task = next as unknown as TaskState;
  run.tasks.set(taskId, task);
  run.emit({ type: 'taskUpdated', task: taskRecord(task, run.steps.get(task.stepId)!) });
  return task;
}

export function taskRecord(task: TaskState, step: StepState): TaskRecord {
  return {
    id: task.id,
    elementId: task.elementId,
    ...(task.name !== undefined ? { name: task.name } : {}),
    tokenId: step.tokenId,
    ...(task.assignee !== undefined ? { assignee: task.assignee } : {}),
    candidateUsers: task.candidateUsers,
    candidateGroups: task.candidateGroups,
    createdAt: new Date(task.createdAt),
    ...(task.dueAt !== undefined ? { dueAt: new Date(task.dueAt) } : {}),
    priority: task.priority,
    ...(task.owner !== undefined ? { owner: task.owner } : {}),
    ...(task.delegationState !== undefined ? { delegationState: task.delegationState } : {}),
    // "2 of 5" only means something when the step has several signers.
    ...(step.signers.length > 1 ? { loopIndex: task.signer } : {}),
  };
}

/** `tongban:dueDate` (a duration like P3WD, or FEEL giving a date-time or duration), else the time limit. */
function dueDateOf(run: Run, node: NodeModel, scopeId: string): TimerPlan | undefined {
  const config = node.approval!;
  let text: string | undefined;
  if (config.dueDate) {
    const raw = config.dueDate.raw.trim();
    const value = raw.startsWith('=') ? run.evaluate(config.dueDate, scopeId, node.id) : raw;
    if (value === null || value === undefined) return undefined;
    text = value instanceof Date ? value.toISOString() : String(value);
  } else {
    text = config.timeLimit;
  }
  if (text === undefined) return undefined;
  try {
    const type = /^P|^R/i.test(text) ? 'duration' : 'date';
    return planTimer(type, text, run.now, run.calendar);
  } catch (err) {
    throw new EngineError('EXPRESSION_FAILED', `The due date of ${node.id} is not a date or duration: ${(err as Error).message}`, { elementId: node.id });
  }
}

function priorityOf(run: Run, node: NodeModel, scopeId: string): number {
  const expression = node.approval!.priority;
  if (!expression) return 50;
  const raw = expression.raw.trim();
  const value = Number(raw.startsWith('=') ? run.evaluate(expression, scopeId, node.id) : raw);
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw new EngineError('EXPRESSION_FAILED', `The priority of ${node.id} must be a whole number from 0 to 100, got ${value}.`, { elementId: node.id });
  }
  return value;
}
