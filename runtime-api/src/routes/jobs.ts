/**
 * Jobs and incidents: the seam the external-task adapters (issue 5 part 3) build on. Listing,
 * completing, raising a BPMN error, incidents and retry work now; a worker reporting a failure
 * with retries and back-off (fetch-and-lock semantics) answers 501 until that part lands.
 */
import type { Variables } from '@tongban/engine';
import { principalOf, scopeOf } from '../context.js';
import { queryIncidents, queryJobs } from '../store/sql.js';
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

  async retryJob(req, res) {
    const id = param(req, 'id');
    await ctx.metrics.command('retryJob', () => ctx.engine.retryJob(id, { userId: principalOf(res).id }));
    res.status(204).end();
  },

  async listIncidents(req, res) {
    const open = queryText(req, 'open');
    const instanceId = queryText(req, 'instanceId');
    const page = pageOf(req);
    const filter = { ...(open !== undefined ? { open: open === 'true' } : {}), ...(instanceId !== undefined ? { instanceId } : {}) };
    res.json({ ...(await queryIncidents(ctx.knex, filter, scopeOf(res), page)), ...page });
  },
});
