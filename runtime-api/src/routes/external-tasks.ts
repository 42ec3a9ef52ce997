/**
 * External tasks over REST, in the shape of Camunda 7's external-task API (fetchAndLock,
 * complete, failure, bpmnError, extendLock, unlock) so that existing workers port by changing
 * the base URL. Each route is a thin call to `engine.externalTasks` (engine/README.md,
 * "External tasks"). A long poll ends early when the worker disconnects.
 *
 * Region scope: the per-task routes check the task's instance region (`job` rule). Fetching
 * is by topic: a department system's API key is allowed to fetch, and topics are the unit of
 * hand-off (name them per department); the tasks it locks are those of its topics.
 *
 * Delivery is at least once: a completion that arrives again after the task is gone gets 404
 * (as in Camunda's REST API) and changes nothing; a worker treats it as done.
 */
import type { FetchAndLockRequest, LockedExternalTask, Variables } from '@tongban/engine';
import { type HandlerFactory, param } from './handler.js';

function taskJson(task: LockedExternalTask) {
  return { ...task, lockExpirationTime: task.lockExpirationTime.toISOString(), createTime: task.createTime.toISOString() };
}

export const externalTaskHandlers: HandlerFactory = (ctx) => ({
  async fetchAndLock(req, res) {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    const tasks = await ctx.engine.externalTasks.fetchAndLock(req.body as FetchAndLockRequest, { signal: controller.signal });
    if (!res.writableEnded) res.json(tasks.map(taskJson));
  },

  async completeExternalTask(req, res) {
    const body = req.body as { workerId: string; variables?: Variables };
    const outcome = await ctx.metrics.command('completeExternalTask', () => ctx.engine.externalTasks.complete(param(req, 'id'), body.workerId, body.variables));
    res.json(outcome);
  },

  async failExternalTask(req, res) {
    const body = req.body as { workerId: string; errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number };
    const { workerId, ...failure } = body;
    await ctx.metrics.command('failExternalTask', () => ctx.engine.externalTasks.handleFailure(param(req, 'id'), workerId, failure));
    res.status(204).end();
  },

  async externalTaskBpmnError(req, res) {
    const body = req.body as { workerId: string; errorCode: string; errorMessage?: string; variables?: Variables };
    const outcome = await ctx.metrics.command('externalTaskBpmnError', () =>
      ctx.engine.externalTasks.handleBpmnError(param(req, 'id'), body.workerId, body.errorCode, body.errorMessage, body.variables),
    );
    res.json(outcome);
  },

  async extendExternalTaskLock(req, res) {
    const body = req.body as { workerId: string; newDuration: number };
    await ctx.engine.externalTasks.extendLock(param(req, 'id'), body.workerId, body.newDuration);
    res.status(204).end();
  },

  async unlockExternalTask(req, res) {
    await ctx.engine.externalTasks.unlock(param(req, 'id'));
    res.status(204).end();
  },
});
