/**
 * The commands people give on tasks: complete with an outcome, claim, unclaim, 转办 transfer,
 * 委派 delegate and resolve, 加签 add signers, 减签 remove a signer, comments. Each checks
 * who acts (a command without a user comes from trusted code), refuses with a clear error
 * and no change when it is not allowed, and is recorded in history with user and comment.
 */
import { EngineError } from '../../errors.js';
import type { Run } from '../run.js';
import type { Command, SignerState, TaskCommand, TaskState } from '../types.js';
import { normalizeOutcome } from './outcome.js';
import { signer } from './signers.js';
import { closeTask, openTask, settle, updateSigner, updateTask } from './step.js';

export function requireTask(run: Run, taskId: string): TaskState {
  const task = run.tasks.get(taskId);
  if (!task) throw new EngineError('TASK_NOT_FOUND', `Task ${taskId} is not open in instance ${run.instanceId}.`, { taskId });
  return task;
}

/** Whether the user is among a task's candidates (directly, or through a group the directory knows). */
export function isCandidate(run: Run, task: TaskState, userId: string): boolean {
  if (task.candidateUsers.includes(userId)) return true;
  if (task.candidateGroups.length === 0) return false;
  const groups = run.directory?.groupsOf(userId);
  if (groups === undefined) return true; // no directory to ask: groups are not checked here
  return task.candidateGroups.some((g) => groups.includes(g));
}

/** The user may work on the task: its assignee, or a candidate of an unassigned task. */
function requireWorker(run: Run, task: TaskState, userId: string | undefined, action: string): void {
  if (userId === undefined) return;
  const ok = task.assignee !== undefined ? task.assignee === userId : isCandidate(run, task, userId);
  if (!ok) {
    const holder = task.assignee !== undefined ? `it is assigned to ${task.assignee}` : 'they are not among its candidates';
    throw new EngineError('TASK_NOT_PERMITTED', `${userId} may not ${action} task ${task.id}: ${holder}.`, { taskId: task.id, userId });
  }
}

function refuseWhileDelegated(task: TaskState, action: string): void {
  if (task.delegationState === 'pending') {
    throw new EngineError('COMMAND_NOT_ALLOWED', `Task ${task.id} is delegated to ${task.assignee}; it must be resolved back to ${task.owner} before it can be ${action}.`, { taskId: task.id });
  }
}

/** Marks that someone other than the applicant acted: from now on the applicant cannot withdraw. */
function noteActor(run: Run, userId: string | undefined): void {
  if (userId !== undefined && userId === run.startedBy) run.acted = false;
  else run.acted = true;
}

export function completeTask(run: Run, command: Extract<Command, { type: 'completeTask' }>): void {
  const task = requireTask(run, command.taskId);
  requireWorker(run, task, command.userId, 'complete');
  refuseWhileDelegated(task, 'completed');
  const outcome = normalizeOutcome(command.outcome);
  const step = run.steps.get(task.stepId)!;
  run.setVariables(step.scopeId, command.variables);
  run.history('taskCompleted', {
    elementId: task.elementId,
    taskId: task.id,
    tokenId: step.tokenId,
    ...(command.userId !== undefined ? { userId: command.userId } : {}),
    data: {
      outcome,
      ...(command.comment !== undefined ? { comment: command.comment } : {}),
      ...(command.variables ? { variables: command.variables } : {}),
    },
  });
  noteActor(run, command.userId);
  closeTask(run, task.id, 'completed');
  const by = command.userId ?? task.assignee;
  const done = updateSigner(run, task.stepId, task.signer, { status: 'completed', outcome, ...(by !== undefined ? { by } : {}) });
  settle(run, task.stepId, done);
}

export function taskCommand(run: Run, command: TaskCommand): void {
  switch (command.type) {
    case 'claimTask': {
      const task = requireTask(run, command.taskId);
      if (task.assignee !== undefined) {
        throw new EngineError('COMMAND_NOT_ALLOWED', `Task ${task.id} is already assigned to ${task.assignee}.`, { taskId: task.id });
      }
      if (!isCandidate(run, task, command.userId)) {
        throw new EngineError('TASK_NOT_PERMITTED', `${command.userId} is not a candidate for task ${task.id}.`, { taskId: task.id });
      }
      updateTask(run, task.id, { assignee: command.userId, claimed: true });
      noteActor(run, command.userId); // a clerk who took the case up has acted on it
      record(run, 'taskClaimed', task, command.userId);
      return;
    }
    case 'unclaimTask': {
      const task = requireTask(run, command.taskId);
      if (!task.claimed || task.assignee !== command.userId) {
        throw new EngineError('COMMAND_NOT_ALLOWED', `Task ${task.id} was not claimed by ${command.userId}; only a claimed task can be given back.`, { taskId: task.id });
      }
      updateTask(run, task.id, {}, ['assignee', 'claimed']);
      record(run, 'taskUnclaimed', task, command.userId);
      return;
    }
    case 'transferTask': {
      const task = requireTask(run, command.taskId);
      requireWorker(run, task, command.userId, 'transfer');
      refuseWhileDelegated(task, 'transferred');
      if (task.assignee === command.to) throw new EngineError('COMMAND_NOT_ALLOWED', `Task ${task.id} is already assigned to ${command.to}.`);
      // 转办: the task is someone else's for good; the signer is now them.
      updateTask(run, task.id, { assignee: command.to }, ['claimed']);
      updateSigner(run, task.stepId, task.signer, { assignee: command.to });
      noteActor(run, command.userId);
      record(run, 'taskTransferred', task, command.userId, { from: task.assignee ?? null, to: command.to, comment: command.comment });
      return;
    }
    case 'delegateTask': {
      const task = requireTask(run, command.taskId);
      requireWorker(run, task, command.userId, 'delegate');
      refuseWhileDelegated(task, 'delegated again');
      const owner = task.assignee ?? command.userId;
      if (owner === undefined) throw new EngineError('COMMAND_NOT_ALLOWED', `Task ${task.id} has no assignee to delegate for; claim it first.`);
      updateTask(run, task.id, { owner, assignee: command.to, delegationState: 'pending' });
      noteActor(run, command.userId);
      record(run, 'taskDelegated', task, command.userId, { owner, to: command.to, comment: command.comment });
      return;
    }
    case 'resolveTask': {
      const task = requireTask(run, command.taskId);
      if (task.delegationState !== 'pending') throw new EngineError('COMMAND_NOT_ALLOWED', `Task ${task.id} is not delegated; there is nothing to resolve.`);
      if (command.userId !== undefined && command.userId !== task.assignee) {
        throw new EngineError('TASK_NOT_PERMITTED', `Only ${task.assignee}, to whom task ${task.id} is delegated, may resolve it.`, { taskId: task.id });
      }
      run.setVariables(run.steps.get(task.stepId)!.scopeId, command.variables);
      // 委派 comes back: the owner decides.
      updateTask(run, task.id, { assignee: task.owner!, delegationState: 'resolved' });
      noteActor(run, command.userId);
      record(run, 'taskResolved', task, command.userId, { owner: task.owner, comment: command.comment, ...(command.variables ? { variables: command.variables } : {}) });
      return;
    }
    case 'addSigner':
      return addSigners(run, command);
    case 'removeSigner':
      return removeSigner(run, command);
    case 'addComment': {
      const task = requireTask(run, command.taskId);
      if (command.text.trim() === '' && (command.attachments ?? []).length === 0) {
        throw new EngineError('INVALID_ARGUMENT', 'A comment needs text or an attachment.');
      }
      record(run, 'commentAdded', task, command.userId, { text: command.text, attachments: command.attachments ?? [] });
      return;
    }
    default:
      throw new EngineError('INVALID_ARGUMENT', `Unknown task command ${(command as { type: string }).type}.`);
  }
}

/**
 * 加签: new signers join the step of a task — `parallel` beside it, `after` once it is done,
 * `before` ahead of it (its task is withdrawn and comes back after them). Works in single and
 * multi-signer steps, parallel or sequential.
 */
function addSigners(run: Run, command: Extract<TaskCommand, { type: 'addSigner' }>): void {
  const task = requireTask(run, command.taskId);
  requireWorker(run, task, command.userId, 'add signers to');
  refuseWhileDelegated(task, 'changed');
  const users = [...new Set(command.signers.map((u) => u.trim()).filter((u) => u !== ''))];
  if (users.length === 0) throw new EngineError('INVALID_ARGUMENT', 'Name at least one signer to add.');
  const step = run.steps.get(task.stepId)!;
  const current = step.signers[task.signer]!;
  const taken = new Set(step.signers.filter((s) => s.status === 'active' || s.status === 'pending').map((s) => s.assignee));
  for (const u of users) {
    if (taken.has(u)) throw new EngineError('COMMAND_NOT_ALLOWED', `${u} already signs step ${step.elementId}.`, { userId: u });
  }
  const later = step.signers.filter((s) => s.round > current.round).map((s) => s.round);
  const earlier = step.signers.filter((s) => s.round < current.round && s.status !== 'pending').map((s) => s.round);
  const nextRound = later.length > 0 ? Math.min(...later) : current.round + 1;
  const prevRound = earlier.length > 0 ? Math.max(...earlier) : current.round - 1;
  const added: SignerState[] = users.map((u, i) => {
    const round =
      command.position === 'parallel'
        ? current.round
        : command.position === 'after'
          ? current.round + ((nextRound - current.round) * (i + 1)) / (users.length + 1)
          : prevRound + ((current.round - prevRound) * (i + 1)) / (users.length + 1);
    return { ...signer(step.signers.length + i, round, { assignee: u, candidateUsers: [], candidateGroups: [] }), ...(command.userId ? { addedBy: command.userId } : {}) };
  });
  run.steps.set(step.id, { ...step, signers: [...step.signers, ...added] });
  noteActor(run, command.userId);
  record(run, 'signerAdded', task, command.userId, { signers: users, position: command.position, comment: command.comment });
  if (command.position === 'parallel') {
    for (const s of added) openTask(run, step.id, s.index);
  } else if (command.position === 'before') {
    // The current signer waits for the new ones: its task goes and comes back after them.
    closeTask(run, task.id, 'cancelled', { reason: 'signerAddedBefore' });
    updateSigner(run, step.id, task.signer, { status: 'pending' });
    const others = run.steps.get(step.id)!.signers.filter((s) => s.status === 'active' && s.round === current.round);
    for (const s of others) {
      closeTask(run, s.taskId!, 'cancelled', { reason: 'signerAddedBefore' });
      updateSigner(run, step.id, s.index, { status: 'pending' });
    }
    settle(run, step.id, run.steps.get(step.id)!.signers[task.signer]!);
  }
}

/** 减签: a pending or active signer leaves the step; the last one cannot. */
function removeSigner(run: Run, command: Extract<TaskCommand, { type: 'removeSigner' }>): void {
  const task = requireTask(run, command.taskId);
  requireWorker(run, task, command.userId, 'remove signers from');
  const step = run.steps.get(task.stepId)!;
  const target = step.signers.find((s) => s.assignee === command.signer && (s.status === 'active' || s.status === 'pending'));
  if (!target) throw new EngineError('COMMAND_NOT_ALLOWED', `${command.signer} is not an open signer of step ${step.elementId}.`, { signer: command.signer });
  const open = step.signers.filter((s) => s.status === 'active' || s.status === 'pending');
  if (open.length <= 1) throw new EngineError('COMMAND_NOT_ALLOWED', `${command.signer} is the last open signer of step ${step.elementId} and cannot be removed.`);
  if (target.taskId !== undefined && target.status === 'active') closeTask(run, target.taskId, 'cancelled', { reason: 'signerRemoved' });
  const removed = updateSigner(run, step.id, target.index, { status: 'cancelled' });
  noteActor(run, command.userId);
  record(run, 'signerRemoved', task, command.userId, { signer: command.signer, comment: command.comment });
  settle(run, step.id, removed);
}

function record(run: Run, type: Parameters<Run['history']>[0], task: TaskState, userId: string | undefined, data?: Record<string, unknown>): void {
  const clean = data ? Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) : undefined;
  run.history(type, { elementId: task.elementId, taskId: task.id, ...(userId !== undefined ? { userId } : {}), ...(clean ? { data: clean } : {}) });
}
