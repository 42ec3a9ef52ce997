/**
 * Mounts every route of the route table on a router: region-scope check, then the handler —
 * or 501 for routes the table marks `later`. Fails at startup if a route has no handler.
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { notImplemented } from '../errors.js';
import { regionScopeCheck } from '../middleware/region-scope.js';
import { regionHandlers } from './admin-regions.js';
import { userHandlers } from './admin-users.js';
import { definitionHandlers } from './definitions.js';
import type { Handler, Handlers } from './handler.js';
import { identityHandlers } from './identity.js';
import { directoryHandlers } from './directory.js';
import { fileHandlers } from './files.js';
import { instanceHandlers } from './instances.js';
import { jobHandlers } from './jobs.js';
import { externalTaskHandlers } from './external-tasks.js';
import { messageHandlers } from './messages.js';
import { ROUTE_TABLE, expressPath } from './route-table.js';
import { taskHandlers } from './tasks.js';
// ── cases ── ── supervision ── ── audit ──
import { auditHandlers } from './audit.js';
import { caseHandlers } from './cases.js';
import { publicHandlers } from './public.js';
import { supervisionHandlers } from './supervision.js';
// ── catalogue ──
import { catalogHandlers } from './catalog.js';
import { catalogExchangeHandlers } from './catalog-exchange.js';
import { catalogTemplateHandlers } from './catalog-templates.js';

export function apiRouter(ctx: AppContext): Router {
  const handlers: Handlers = Object.assign(
    {},
    ...[identityHandlers, directoryHandlers, fileHandlers, caseHandlers, publicHandlers, supervisionHandlers, auditHandlers, /* ── cases ── */ definitionHandlers, instanceHandlers, taskHandlers, messageHandlers, jobHandlers, externalTaskHandlers, regionHandlers, userHandlers,
      catalogHandlers, catalogTemplateHandlers, catalogExchangeHandlers, // ── catalogue ──
    ].map((f) => f(ctx)),
  ) as Handlers;
  const router = Router();
  const scopeCheck = regionScopeCheck(ctx);
  for (const route of ROUTE_TABLE) {
    const later = route.later;
    const handler: Handler | undefined =
      later !== undefined
        ? async () => {
            throw notImplemented(`${route.method.toUpperCase()} ${route.path}`, later);
          }
        : handlers[route.operationId];
    if (!handler) throw new Error(`Route ${route.operationId} has no handler.`);
    router[route.method](expressPath(route.path), scopeCheck, handler);
  }
  return router;
}
