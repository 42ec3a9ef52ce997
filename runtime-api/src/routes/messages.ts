/**
 * Messages: delivered only when every instance they would reach lies in the caller's regions.
 * When no instance waits, the engine may start a process with a message start event of that
 * name; the new instance then belongs to `regionCode` (API keys: their department's region),
 * which must lie in the caller's scope, exactly as for POST /api/instances.
 * Signals reach every waiting instance in every region, so only administrators send them.
 */
import type { Variables } from '@tongban/engine';
import { principalOf, scopeOf } from '../context.js';
import { ApiError } from '../errors.js';
import { scopeReaches } from '../identity/principal.js';
import { getRegion, insertInstanceScope, messageTargets } from '../store/sql.js';
import { type HandlerFactory, unknownReference } from './handler.js';

export const messageHandlers: HandlerFactory = (ctx) => ({
  async correlateMessage(req, res) {
    const body = req.body as { name: string; correlationKey?: string; variables?: Variables; all?: boolean; regionCode?: string };
    const key = body.correlationKey ?? null;
    const scope = scopeOf(res);
    const options = { ...(key !== null ? { correlationKey: key } : {}), ...(body.variables !== undefined ? { variables: body.variables } : {}) };
    const targets = await messageTargets(ctx.knex, body.name, key);
    const keyText = key === null ? '' : ` with correlation key "${key}"`;
    if (targets.length === 0) {
      if (body.all) throw new ApiError(404, 'MESSAGE_NOT_CORRELATED', `No instance waits for message "${body.name}"${keyText}.`, { name: body.name });
      // Nobody waits: perhaps a process starts with this message. It will belong to a region.
      const principal = principalOf(res);
      const regionCode = body.regionCode ?? (principal.kind === 'apiKey' ? principal.regionCode : null);
      if (regionCode === null && scope !== null) {
        throw new ApiError(404, 'MESSAGE_NOT_CORRELATED', `No instance waits for message "${body.name}"${keyText} (send regionCode to start a process with it).`, { name: body.name });
      }
      if (!scopeReaches(scope, regionCode)) throw new ApiError(403, 'OUTSIDE_REGION', 'This region lies outside yours.');
      if (regionCode !== null && !(await getRegion(ctx.knex, regionCode))) throw unknownReference('region', regionCode);
      const { instanceId } = await ctx.metrics.command('correlateMessage', () => ctx.engine.correlateMessage(body.name, options));
      const departmentId = principal.kind === 'apiKey' ? principal.departmentId : null;
      await insertInstanceScope(ctx.knex, { instanceId, regionCode, departmentId, startedBy: principal.id });
      res.json({ instanceIds: [instanceId] });
      return;
    }
    if (targets.some((t) => !scopeReaches(scope, t.regionCode))) {
      throw new ApiError(403, 'OUTSIDE_REGION', `An instance waiting for message "${body.name}" belongs to a region outside yours.`);
    }
    if (targets.length > 1 && !body.all) {
      throw new ApiError(409, 'MESSAGE_AMBIGUOUS', `${targets.length} instances wait for message "${body.name}"${keyText}; send all=true to deliver to each.`, {
        name: body.name,
        waiting: targets.length,
      });
    }
    if (body.all) {
      res.json(await ctx.metrics.command('correlateMessageAll', () => ctx.engine.correlateMessageAll(body.name, options)));
    } else {
      const { instanceId } = await ctx.metrics.command('correlateMessage', () => ctx.engine.correlateMessage(body.name, options));
      res.json({ instanceIds: [instanceId] });
    }
  },

  async broadcastSignal(req, res) {
    const body = req.body as { name: string; variables?: Variables };
    res.json(await ctx.metrics.command('broadcastSignal', () => ctx.engine.broadcastSignal(body.name, body.variables !== undefined ? { variables: body.variables } : {})));
  },
});
