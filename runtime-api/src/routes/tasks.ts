/**
 * Tasks: the worklist (scoped, paged, counted), one task, and completion. Completing needs the
 * caller to be the assignee or a candidate (user or `department:role` group) unless the task
 * offers itself to nobody in particular; admins may complete anything in reach. Claim and
 * unclaim answer 501 until the approvals issue (route table).
 */
import type { Variables } from '@tongban/engine';
import { principalOf, scopeOf } from '../context.js';
import { ApiError } from '../errors.js';
import { isAdmin, type Principal } from '../identity/principal.js';
import { getTaskItem, insertComment, queryTasks, type TaskFilter, type TaskItem } from '../store/sql.js';
import { type HandlerFactory, pageOf, param, queryText } from './handler.js';

/** May this caller act on the task as a worker? */
export function mayWork(principal: Principal, task: TaskItem): boolean {
  if (isAdmin(principal)) return true;
  const names = [principal.id, principal.username];
  if (task.assignee !== null) return names.includes(task.assignee);
  if (task.candidateUsers.length === 0 && task.candidateGroups.length === 0) return true;
  return task.candidateUsers.some((u) => names.includes(u)) || task.candidateGroups.some((g) => principal.groups.includes(g));
}

export const taskHandlers: HandlerFactory = (ctx) => ({
  async listTasks(req, res) {
    const principal = principalOf(res);
    const text = (name: string) => queryText(req, name);
    const filter: TaskFilter = {
      ...(text('instanceId') !== undefined ? { instanceId: text('instanceId')! } : {}),
      ...(text('processKey') !== undefined ? { processKey: text('processKey')! } : {}),
      ...(text('businessKey') !== undefined ? { businessKey: text('businessKey')! } : {}),
      ...(text('elementId') !== undefined ? { elementId: text('elementId')! } : {}),
      ...(text('assignee') !== undefined ? { assignee: text('assignee')! } : {}),
      ...(text('candidateGroup') !== undefined ? { candidateGroup: text('candidateGroup')! } : {}),
      ...(text('mine') === 'true' ? { mine: { names: [principal.id, principal.username], groups: principal.groups } } : {}),
    };
    const page = pageOf(req);
    res.json({ ...(await queryTasks(ctx.knex, filter, scopeOf(res), page)), ...page });
  },

  async getTask(req, res) {
    const id = param(req, 'id');
    const task = await getTaskItem(ctx.knex, id);
    if (!task) throw new ApiError(404, 'TASK_NOT_FOUND', `Task ${id} is not open (it has ended, or never existed).`, { taskId: id });
    res.json(task);
  },

  async completeTask(req, res) {
    const id = param(req, 'id');
    const principal = principalOf(res);
    const body = req.body as { outcome?: string; variables?: Variables; comment?: string };
    const task = await getTaskItem(ctx.knex, id);
    // An ended task goes on to the engine, which answers 409 TASK_ALREADY_COMPLETED.
    if (task && !mayWork(principal, task)) {
      throw new ApiError(403, 'NOT_A_CANDIDATE', 'This task is not assigned or offered to you.', {
        assignee: task.assignee,
        candidateUsers: task.candidateUsers,
        candidateGroups: task.candidateGroups,
      });
    }
    await ctx.metrics.command('completeTask', () =>
      ctx.engine.completeTask(id, {
        userId: principal.id,
        ...(body.outcome !== undefined ? { outcome: body.outcome } : {}),
        ...(body.variables !== undefined ? { variables: body.variables } : {}),
      }),
    );
    if (body.comment !== undefined && task) {
      await insertComment(ctx.knex, { taskId: id, instanceId: task.instanceId, userId: principal.id, comment: body.comment });
    }
    res.status(204).end();
  },
});

