/**
 * Jobs: the seam the external-task adapters (issue 5 part 3) build on. Listing, completing and
 * raising a BPMN error work now; reporting a failure with retries answers 501 until then.
 */
import type { Variables } from '@tongban/engine';
import { scopeOf } from '../context.js';
import { queryJobs } from '../store/sql.js';
import { type HandlerFactory, pageOf, param, queryText } from './handler.js';

export const jobHandlers: HandlerFactory = (ctx) => ({
  async listJobs(req, res) {
    const topic = queryText(req, 'topic');
    const instanceId = queryText(req, 'instanceId');
    const page = pageOf(req);
    const filter = { ...(topic !== undefined ? { topic } : {}), ...(instanceId !== undefined ? { instanceId } : {}) };
    res.json({ ...(await queryJobs(ctx.knex, filter, scopeOf(res), page)), ...page });
  },

  async completeJob(req, res) {
    const id = param(req, 'id');
    const { variables } = req.body as { variables?: Variables };
    await ctx.metrics.command('completeJob', () => ctx.engine.completeJob(id, variables));
    res.status(204).end();
  },

  async throwJobBpmnError(req, res) {
    const id = param(req, 'id');
    const body = req.body as { errorCode: string; message?: string; variables?: Variables };
    await ctx.metrics.command('throwJobError', () => ctx.engine.throwJobError(id, body.errorCode, body.message, body.variables));
    res.status(204).end();
  },
});
