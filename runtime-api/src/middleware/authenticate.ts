/**
 * The front of every `/api` request, in order:
 * 1. `resolveRoute`  — find the route in the route table (404 / 405 otherwise);
 * 2. `authenticate`  — a bearer token (users) or an API key (department systems) → 401;
 * 3. `authorizeRole` — the caller holds a role the route allows → 403.
 * Request validation (400) comes next, then the route's region-scope check (403 / 404), then
 * the handler — so a caller who may not use a route learns nothing about its input rules.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { principalOf, routeOf, setPrincipal, setRoute, setScope } from '../context.js';
import { ApiError } from '../errors.js';
import { parseApiKey, secretMatches } from '../identity/api-keys.js';
import { apiKeyPrincipal, mayUse, regionScope, userPrincipal } from '../identity/principal.js';
import { findApiKey, getUser, touchApiKey } from '../store/sql.js';
import { matchRoute } from '../routes/route-table.js';

export function resolveRoute(req: Request, res: Response, next: NextFunction): void {
  const found = matchRoute(req.method, req.baseUrl + req.path);
  if ('route' in found) {
    setRoute(res, found.route);
    return next();
  }
  if (found.methods.length === 0) throw new ApiError(404, 'NOT_FOUND', `No API route ${req.method} ${req.baseUrl + req.path}.`);
  res.setHeader('Allow', found.methods.map((m) => m.toUpperCase()).join(', '));
  throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${req.baseUrl + req.path} does not accept ${req.method}.`, { allowed: found.methods });
}

const unauthenticated = (message: string) => new ApiError(401, 'UNAUTHENTICATED', message);

export function authenticate(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const route = routeOf(res);
    if (!route || route.roles === 'public') return next();
    const authorization = req.get('authorization');
    const apiKeyHeader = req.get('x-api-key');
    if (authorization?.startsWith('Bearer ')) {
      const verdict = await ctx.tokens.verify(authorization.slice(7).trim());
      if ('reason' in verdict) throw unauthenticated(verdict.reason === 'expired' ? 'Your sign-in has expired; sign in again.' : 'The token is not valid.');
      const user = await getUser(ctx.knex, verdict.userId);
      if (!user || user.disabled) throw unauthenticated('This account no longer exists or is disabled.');
      setPrincipal(res, userPrincipal(user));
      return next();
    }
    const presented = apiKeyHeader ?? (authorization?.startsWith('ApiKey ') ? authorization.slice(7).trim() : undefined);
    if (presented !== undefined) {
      const parsed = parseApiKey(presented);
      const key = parsed && (await findApiKey(ctx.knex, parsed.id));
      if (!parsed || !key || key.revokedAt !== null || !secretMatches(parsed.secret, key.secretHash)) {
        throw unauthenticated('The API key is not valid or has been revoked.');
      }
      await touchApiKey(ctx.knex, key.id);
      setPrincipal(res, apiKeyPrincipal(key));
      return next();
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="tongban"');
    throw unauthenticated('Sign in first: send "Authorization: Bearer <token>" (from POST /api/auth/login) or an API key.');
  };
}

export function authorizeRole(_req: Request, res: Response, next: NextFunction): void {
  const route = routeOf(res);
  if (!route || route.roles === 'public') return next();
  const principal = principalOf(res);
  if (!mayUse(principal, route.roles)) {
    throw new ApiError(403, 'FORBIDDEN', 'Your roles do not allow this.', { allowedRoles: route.roles });
  }
  setScope(res, regionScope(principal, route.roles));
  next();
}
