/**
 * 抄送 CC: a notice to users and groups, without asking them for a decision. As a step: a send
 * task with topic `tongban.cc` and `tongban:ccUsers` / `tongban:ccGroups` (literal lists or
 * FEEL). As a command: CC on a task or the instance, by a user, with a comment.
 */
import { EngineError } from '../../errors.js';
import type { Behaviour } from '../behaviour.js';
import type { Run } from '../run.js';
import { leave } from '../tokens.js';
import type { TaskCommand } from '../types.js';
import { requireTask } from './commands.js';
import { notify } from './notify.js';
import { resolveList } from './signers.js';

export const ccStep: Behaviour = {
  enter(run, token) {
    const cc = token.node.cc!;
    const vars = run.visibleVariables(token.scopeId);
    const users = cc.users ? resolveList(run, cc.users, vars, token.node.id) : [];
    const groups = cc.groups ? resolveList(run, cc.groups, vars, token.node.id) : [];
    notify(run, 'cc', { elementId: token.node.id, users, groups });
    run.history('ccSent', { elementId: token.node.id, tokenId: token.id, data: { users, groups } });
    leave(run, token);
  },
};

export function ccCommand(run: Run, command: Extract<TaskCommand, { type: 'cc' }>): void {
  const users = command.users ?? [];
  const groups = command.groups ?? [];
  if (users.length + groups.length === 0) throw new EngineError('INVALID_ARGUMENT', 'A CC needs at least one user or group.');
  const task = command.taskId !== undefined ? requireTask(run, command.taskId) : undefined;
  notify(run, 'cc', {
    ...(task ? { taskId: task.id, elementId: task.elementId } : {}),
    users,
    groups,
    ...(command.userId !== undefined ? { sender: command.userId } : {}),
    ...(command.comment !== undefined ? { comment: command.comment } : {}),
  });
  run.history('ccSent', {
    ...(task ? { elementId: task.elementId, taskId: task.id } : {}),
    ...(command.userId !== undefined ? { userId: command.userId } : {}),
    data: { users, groups, ...(command.comment !== undefined ? { comment: command.comment } : {}) },
  });
}
