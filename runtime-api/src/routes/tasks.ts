/**
 * Tasks: the worklist (scoped, paged, counted), one task, and every approval command of the
 * engine — complete, claim, unclaim, 转办 transfer, 委派 delegate and resolve, 加签/减签, 退回
 * return, 抄送 cc, comments. Who may act on a task (assignee, candidate user or group through
 * the directory) is the engine's rule: refusals come back as 403 TASK_NOT_PERMITTED or 409
 * COMMAND_NOT_ALLOWED. The route table only decides roles and regions.
 */
import { EngineError, type Variables } from '@tongban/engine';
import type { Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { principalOf, scopeOf } from '../context.js';
import { ApiError } from '../errors.js';
import { getTaskItem, getUser, queryTasks, type TaskFilter } from '../store/sql.js';
import { type HandlerFactory, pageOf, param, queryText, unknownReference } from './handler.js';

type Body = Record<string, unknown>;

/** Runs one task command as the caller and answers 204. */
function taskCommand(ctx: AppContext, name: string, run: (taskId: string, userId: string, body: Body) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    const taskId = param(req, 'id');
    await ctx.metrics.command(name, () => run(taskId, principalOf(res).id, (req.body ?? {}) as Body));
    res.status(204).end();
  };
}

/** Users named as the new holder of a task must exist (and be enabled). */
async function requireUsers(ctx: AppContext, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const user = await getUser(ctx.knex, id);
    if (!user || user.disabled) throw unknownReference('user', id);
  }
}

const comment = (body: Body) => (typeof body.comment === 'string' ? { comment: body.comment } : {});

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
      ...(text('mine') === 'true' ? { mine: { names: [principal.id], groups: principal.groups } } : {}),
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

  completeTask: taskCommand(ctx, 'completeTask', async (taskId, userId, body) => {
    try {
      await ctx.engine.completeTask(taskId, {
        userId,
        ...(typeof body.outcome === 'string' ? { outcome: body.outcome } : {}),
        ...(body.variables !== undefined ? { variables: body.variables as Variables } : {}),
        ...comment(body),
      });
    } catch (err) {
      // Two completions racing for the last task of a case: the loser finds the whole case
      // ended. For the caller that is the same conflict as a task completed twice.
      if (err instanceof EngineError && err.code === 'INSTANCE_NOT_ACTIVE' && !(await getTaskItem(ctx.knex, taskId))) {
        throw new ApiError(409, 'TASK_ALREADY_COMPLETED', `Task ${taskId} has already been completed (its case has ended).`, { taskId });
      }
      throw err;
    }
  }),
  claimTask: taskCommand(ctx, 'claimTask', (taskId, userId) => ctx.engine.claimTask(taskId, userId)),
  unclaimTask: taskCommand(ctx, 'unclaimTask', (taskId, userId) => ctx.engine.unclaimTask(taskId, userId)),
  transferTask: taskCommand(ctx, 'transferTask', async (taskId, userId, body) => {
    await requireUsers(ctx, [String(body.to)]);
    await ctx.engine.transferTask(taskId, String(body.to), { userId, ...comment(body) });
  }),
  delegateTask: taskCommand(ctx, 'delegateTask', async (taskId, userId, body) => {
    await requireUsers(ctx, [String(body.to)]);
    await ctx.engine.delegateTask(taskId, String(body.to), { userId, ...comment(body) });
  }),
  resolveTask: taskCommand(ctx, 'resolveTask', (taskId, userId, body) =>
    ctx.engine.resolveTask(taskId, { userId, ...comment(body), ...(body.variables !== undefined ? { variables: body.variables as Variables } : {}) }),
  ),
  addSigners: taskCommand(ctx, 'addSigner', async (taskId, userId, body) => {
    const signers = body.signers as string[];
    await requireUsers(ctx, signers);
    await ctx.engine.addSigner(taskId, signers, { position: body.position as 'before' | 'after' | 'parallel', userId, ...comment(body) });
  }),
  removeSigner: taskCommand(ctx, 'removeSigner', (taskId, userId, body) => ctx.engine.removeSigner(taskId, String(body.signer), { userId, ...comment(body) })),
  returnTask: taskCommand(ctx, 'returnTask', (taskId, userId, body) => ctx.engine.returnTask(taskId, String(body.target), { userId, ...comment(body) })),
  ccTask: taskCommand(ctx, 'ccTask', async (taskId, userId, body) => {
    const users = (body.users as string[] | undefined) ?? [];
    const groups = (body.groups as string[] | undefined) ?? [];
    if (users.length + groups.length === 0) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'Name at least one user or group to copy.', [{ path: '/body/users', message: 'users or groups required' }]);
    }
    await requireUsers(ctx, users);
    await ctx.engine.ccTask(taskId, { users, groups }, { userId, ...comment(body) });
  }),
  commentTask: taskCommand(ctx, 'addComment', (taskId, userId, body) =>
    ctx.engine.addComment(taskId, String(body.text), { userId, ...(body.attachments ? { attachments: body.attachments as Array<{ name: string; ref: string }> } : {}) }),
  ),
});

