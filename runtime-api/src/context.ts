/**
 * What every handler can reach: the engine, the database, identity services and metrics —
 * and, per request, the matched route, the caller and the caller's region scope (kept on
 * `res.locals`, read through the typed accessors below).
 */
import type { Response } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Engine } from '@tongban/engine';
import type { ServerConfig } from './config.js';
import { ApiError } from './errors.js';
import type { Directory } from './identity/directory.js';
import type { Principal } from './identity/principal.js';
import type { TokenService } from './identity/tokens.js';
import type { Metrics } from './middleware/metrics.js';
import type { Route } from './routes/route-table.js';

export interface AppContext {
  readonly engine: Engine;
  readonly knex: Knex;
  readonly config: ServerConfig;
  readonly tokens: TokenService;
  readonly directory: Directory;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

interface RequestLocals {
  route?: Route;
  principal?: Principal;
  /** The caller's regions for this route: null = everywhere. */
  scope?: readonly string[] | null;
}

function locals(res: Response): RequestLocals {
  return res.locals as RequestLocals;
}

export function setRoute(res: Response, route: Route): void {
  locals(res).route = route;
}

export function routeOf(res: Response): Route | undefined {
  return locals(res).route;
}

export function setPrincipal(res: Response, principal: Principal): void {
  locals(res).principal = principal;
}

export function principalOf(res: Response): Principal {
  const principal = locals(res).principal;
  if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first.');
  return principal;
}

export function setScope(res: Response, scope: readonly string[] | null): void {
  locals(res).scope = scope;
}

export function scopeOf(res: Response): readonly string[] | null {
  const scope = locals(res).scope;
  if (scope === undefined) throw new Error('region scope not computed for this route');
  return scope;
}
