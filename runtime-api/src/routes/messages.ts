/**
 * Messages: delivered only when every instance they would reach lies in the caller's regions.
 * Signals answer 501 until the events issue (route table).
 */
import type { Variables } from '@tongban/engine';
import { scopeOf } from '../context.js';
import { ApiError } from '../errors.js';
import { scopeReaches } from '../identity/principal.js';
import { messageTargets } from '../store/sql.js';
import type { HandlerFactory } from './handler.js';

export const messageHandlers: HandlerFactory = (ctx) => ({
  async correlateMessage(req, res) {
    const body = req.body as { name: string; correlationKey?: string; variables?: Variables; all?: boolean };
    const key = body.correlationKey ?? null;
    const targets = await messageTargets(ctx.knex, body.name, key);
    const keyText = key === null ? '' : ` with correlation key "${key}"`;
    if (targets.length === 0) {
      throw new ApiError(404, 'MESSAGE_NOT_CORRELATED', `No instance waits for message "${body.name}"${keyText}.`, { name: body.name });
    }
    const scope = scopeOf(res);
    if (targets.some((t) => !scopeReaches(scope, t.regionCode))) {
      throw new ApiError(403, 'OUTSIDE_REGION', `An instance waiting for message "${body.name}" belongs to a region outside yours.`);
    }
    if (targets.length > 1 && !body.all) {
      throw new ApiError(409, 'MESSAGE_AMBIGUOUS', `${targets.length} instances wait for message "${body.name}"${keyText}; send all=true to deliver to each.`, {
        name: body.name,
        waiting: targets.length,
      });
    }
    const options = { ...(key !== null ? { correlationKey: key } : {}), ...(body.variables !== undefined ? { variables: body.variables } : {}) };
    if (body.all) {
      res.json(await ctx.metrics.command('correlateMessageAll', () => ctx.engine.correlateMessageAll(body.name, options)));
    } else {
      const { instanceId } = await ctx.metrics.command('correlateMessage', () => ctx.engine.correlateMessage(body.name, options));
      res.json({ instanceIds: [instanceId] });
    }
  },
});
