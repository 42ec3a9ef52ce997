/**
 * The region half of authorization: each route's `scope` rule from the route table, applied
 * after the request is validated. A caller outside the object's region gets 403 (the object's
 * existence is not a secret worth a misleading 404: ids are random UUIDs); an object that does
 * not exist gets 404. `filter` routes pass here and narrow their query with `scopeOf(res)`.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { principalOf, routeOf, scopeOf } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { scopeReaches } from '../identity/principal.js';
import { instanceScope, jobRoot, taskRoot } from '../store/sql.js';
// ── catalogue ──
import { checkItemScope } from '../catalog/item-scope.js';

const outside = (what: string) => new ApiError(403, 'OUTSIDE_REGION', `This ${what} belongs to a region outside yours.`);

export function regionScopeCheck(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const route = routeOf(res);
    if (!route || route.roles === 'public') return next();
    const scope = scopeOf(res);
    const id = String(req.params.id ?? '');
    switch (route.scope) {
      case 'none':
      case 'filter':
      case 'message': // checked by the handler, against the instances the message would reach
        return next();
      case 'body': {
        const body = req.body as { regionCode?: string };
        const principal = principalOf(res);
        const regionCode = body.regionCode ?? (principal.kind === 'apiKey' ? principal.regionCode : null);
        if (regionCode === null && scope !== null) {
          throw new ApiError(400, 'VALIDATION_FAILED', 'regionCode is required: the region the case belongs to.', [{ path: '/body/regionCode', message: 'required' }]);
        }
        if (!scopeReaches(scope, regionCode)) throw outside('region');
        return next();
      }
      case 'instance': {
        const found = await instanceScope(ctx.knex, id);
        if (!found.exists) throw notFound('Instance', id);
        if (!scopeReaches(scope, found.regionCode)) throw outside('case');
        return next();
      }
      case 'task': {
        const root = await taskRoot(ctx.knex, id);
        if (root === undefined) throw notFound('Task', id);
        if (!scopeReaches(scope, (await instanceScope(ctx.knex, root)).regionCode)) throw outside('task');
        return next();
      }
      case 'job': {
        const root = await jobRoot(ctx.knex, id);
        if (root === undefined) throw notFound('Job', id);
        if (!scopeReaches(scope, (await instanceScope(ctx.knex, root)).regionCode)) throw outside('job');
        return next();
      }
      // ── catalogue ──
      case 'item':
      case 'itemRead':
        await checkItemScope(ctx.knex, id, scope, route.scope);
        return next();
    }
  };
}
