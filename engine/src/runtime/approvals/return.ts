/**
 * 退回 and 撤回.
 *
 * Return (退回): a task's step sends the case back to an earlier user-task step the case
 * passed through (allowed targets per step: `tongban:returnTargets`, default any earlier
 * step). Everything downstream of the target in its scope is cancelled — the current step,
 * and later steps on the same path; parallel branches that do not come after the target
 * keep running — and the target step starts again whole: a 会签 step comes back with all its
 * signers, the applicant's step with the applicant.
 *
 * Withdraw (撤回): the applicant takes the application back while nobody else has acted on
 * it since they last did. It returns to the applicant's own last step when there is one (to
 * edit and resubmit), and otherwise ends the instance as withdrawn.
 */
import { EngineError } from '../../errors.js';
import type { ProcessModel } from '../../model/types.js';
import type { Run } from '../run.js';
import { cancelScopeTokens, cancelToken, completeScope } from '../tokens.js';
import type { TaskCommand, TokenState } from '../types.js';
import { requireTask } from './commands.js';

export function returnTo(run: Run, command: Extract<TaskCommand, { type: 'returnTo' }>): void {
  const task = requireTask(run, command.taskId);
  if (command.userId !== undefined && task.assignee !== undefined && task.assignee !== command.userId) {
    throw new EngineError('TASK_NOT_PERMITTED', `${command.userId} may not return task ${task.id}: it is assigned to ${task.assignee}.`, { taskId: task.id });
  }
  const step = run.steps.get(task.stepId)!;
  const config = run.node(step.elementId).approval!;
  const target = command.target;
  const allowed = config.returnTargets;
  if (allowed === 'none' || (Array.isArray(allowed) && !allowed.includes(target))) {
    throw new EngineError('COMMAND_NOT_ALLOWED', `Step ${step.elementId} may not be returned to ${target}.`, { target });
  }
  const targetNode = run.model.nodes.get(target);
  if (!targetNode || targetNode.kind !== 'userTask' || !run.trail.some((entry) => entry.elementId === target)) {
    throw new EngineError('COMMAND_NOT_ALLOWED', `${target} is not an earlier step this case passed through; it cannot be returned to.`, { target });
  }
  const scopeId = enclosingScope(run, step.scopeId, targetNode.scopeId);
  if (scopeId === undefined) {
    throw new EngineError('COMMAND_NOT_ALLOWED', `${target} is in a subprocess that has ended; it cannot be returned to.`, { target });
  }
  run.history('taskReturned', {
    elementId: step.elementId,
    taskId: task.id,
    ...(command.userId !== undefined ? { userId: command.userId } : {}),
    data: { to: target, ...(command.comment !== undefined ? { comment: command.comment } : {}) },
  });
  run.acted = command.userId !== run.startedBy;
  moveBack(run, target, scopeId);
}

export function withdraw(run: Run, command: Extract<TaskCommand, { type: 'withdraw' }>): void {
  if (run.startedBy === undefined || run.startedBy !== command.userId) {
    throw new EngineError('TASK_NOT_PERMITTED', `Only the applicant who started instance ${run.instanceId} may withdraw it.`, { userId: command.userId });
  }
  if (run.acted) {
    throw new EngineError('COMMAND_NOT_ALLOWED', `The application can no longer be withdrawn: the next step has already been acted on.`, { instanceId: run.instanceId });
  }
  const own = [...run.trail].reverse().find((entry) => entry.by.includes(command.userId));
  const data = { ...(command.comment !== undefined ? { comment: command.comment } : {}) };
  const targetNode = own ? run.model.nodes.get(own.elementId) : undefined;
  const scopeId = targetNode ? enclosingScope(run, run.base.rootScopeId, targetNode.scopeId, true) : undefined;
  if (own && scopeId !== undefined) {
    run.history('instanceWithdrawn', { elementId: own.elementId, userId: command.userId, data: { ...data, to: own.elementId } });
    moveBack(run, own.elementId, scopeId);
    return;
  }
  run.history('instanceWithdrawn', { elementId: run.model.key, userId: command.userId, data });
  cancelScopeTokens(run, run.base.rootScopeId);
  completeScope(run, run.base.rootScopeId, 'terminated');
}

/** Cancels what lies after `target` in `scopeId` and starts `target` again there. */
function moveBack(run: Run, target: string, scopeId: string): void {
  const after = downstreamOf(run.model, target);
  for (const token of run.tokensInScope(scopeId)) {
    if (!run.tokens.has(token.id)) continue;
    if (isDownstream(run, token, after)) cancelToken(run, token);
  }
  run.queue.push({ elementId: target, scopeId });
}

/** A token comes after the target if its element does — a join token only if it arrived from there. */
function isDownstream(run: Run, token: TokenState, after: ReadonlySet<string>): boolean {
  if (!after.has(token.elementId)) return false;
  if (token.wait.kind !== 'join' || token.arrivedVia === undefined) return true;
  return after.has(run.flow(token.arrivedVia).sourceId);
}

/** The scope instance, from `scopeId` outward, that runs the scope element `elementId`. */
function enclosingScope(run: Run, scopeId: string, elementId: string, searchDown = false): string | undefined {
  let current: string | undefined = scopeId;
  while (current !== undefined) {
    const scope = run.scopes.get(current);
    if (!scope) return undefined;
    if (scope.elementId === elementId) return current;
    current = scope.parentScopeId;
  }
  if (searchDown) for (const scope of run.scopes.values()) if (scope.elementId === elementId) return scope.id;
  return undefined;
}

const downstream = new WeakMap<ProcessModel, Map<string, ReadonlySet<string>>>();

/** Every node reachable from `from` by sequence flows and boundary events, `from` included. */
function downstreamOf(model: ProcessModel, from: string): ReadonlySet<string> {
  let byNode = downstream.get(model);
  if (!byNode) downstream.set(model, (byNode = new Map()));
  const known = byNode.get(from);
  if (known) return known;
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const node = model.nodes.get(queue.shift()!)!;
    const next = [...node.outgoing.map((id) => model.flows.get(id)!.targetId), ...node.boundaryEvents, ...(node.linkTarget ? [node.linkTarget] : [])];
    for (const id of next) {
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(id);
    }
  }
  byNode.set(from, seen);
  return seen;
}
