/**
 * Every mutating API request goes into the audit log: who (user or API key, with roles), in
 * which region, which route, on what target, with what outcome, when — successes and refusals
 * alike (a refused attempt on someone else's case is exactly what reviewers look for).
 *
 * The entry is written when the answer is ready and *before* it is sent (`res.end` waits for
 * the append), so a client that saw its request succeed knows it is on record. The action and
 * its entry are two transactions: should the append fail after the action committed, the
 * failure is logged as an error with the request id (the action is not undone).
 *
 * Handlers add detail with `noteAudit(res, …)`: a target the path does not name (a new case's
 * id), the region, and a before/after summary. Bodies are never copied wholesale: they may hold
 * passwords and ID numbers.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { actorsOf, type Principal } from '../identity/principal.js';
import type { Route } from '../routes/route-table.js';
import { instanceScope, jobRoot, taskRoot } from '../store/sql.js';
import { type AuditContent, appendAudit } from './chain.js';

interface AuditNote {
  targetId?: string;
  regionCode?: string | null;
  summary?: Record<string, unknown>;
}

const NOTE = Symbol('auditNote');

/** Adds detail to the audit entry of this request (merged; later summary keys win). */
export function noteAudit(res: Response, note: AuditNote): void {
  const locals = res.locals as { [NOTE]?: AuditNote };
  const current = locals[NOTE] ?? {};
  locals[NOTE] = { ...current, ...note, ...(note.summary ? { summary: { ...current.summary, ...note.summary } } : {}) };
}

function noteOf(res: Response): AuditNote {
  return (res.locals as { [NOTE]?: AuditNote })[NOTE] ?? {};
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function outcomeOf(status: number): AuditContent['outcome'] {
  if (status < 400) return 'success';
  if (status === 401 || status === 403 || status === 429) return 'denied';
  return 'failed';
}

/** The region an action concerns: its object's region where the route has one, else the caller's. */
async function regionOf(ctx: AppContext, route: Route, id: string | null, req: Request, principal: Principal | undefined): Promise<string | null> {
  try {
    if (id !== null) {
      if (route.scope === 'instance') return (await instanceScope(ctx.knex, id)).regionCode;
      if (route.scope === 'task') {
        const root = await taskRoot(ctx.knex, id);
        return root === undefined ? null : (await instanceScope(ctx.knex, root)).regionCode;
      }
      if (route.scope === 'job') {
        const root = await jobRoot(ctx.knex, id);
        return root === undefined ? null : (await instanceScope(ctx.knex, root)).regionCode;
      }
    }
    if (route.scope === 'body') {
      const given = (req.body as { regionCode?: unknown } | undefined)?.regionCode;
      if (typeof given === 'string') return given;
    }
  } catch {
    // An id the database cannot even read (a refused request): fall back to the caller's region.
  }
  return principal?.regionCode ?? null;
}

/** The first path parameter of the route, read from the path (express's `req.params` belong to the router and are gone by now). */
function targetOf(route: Route, path: string): string | null {
  const pattern = route.path.split('/');
  const segments = path.split('/');
  for (let i = 0; i < pattern.length; i++) {
    if (/^\{[A-Za-z]+\}$/.test(pattern[i]!) && segments[i] !== undefined) {
      try {
        return decodeURIComponent(segments[i]!);
      } catch {
        return segments[i]!;
      }
    }
  }
  return null;
}

export function auditTrail(ctx: AppContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (READS.has(req.method)) return next();
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let written = false;
    res.end = ((...args: unknown[]) => {
      if (written) return end(...args);
      written = true;
      record(ctx, req, res)
        .catch((err: unknown) => ctx.logger.error({ err, requestId: String(req.id ?? '') }, 'audit entry could not be written'))
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
    next();
  };
}

async function record(ctx: AppContext, req: Request, res: Response): Promise<void> {
  const locals = res.locals as { route?: Route; principal?: Principal };
  const route = locals.route;
  if (!route) return; // no such route: nothing was attempted on anything
  const principal = locals.principal;
  const note = noteOf(res);
  const path = (req.originalUrl ?? req.url).split('?')[0]!;
  const pathTarget = targetOf(route, path);
  const loginName = route.operationId === 'login' ? (req.body as { username?: unknown } | undefined)?.username : undefined;
  await appendAudit(ctx.knex, {
    at: ctx.engine.clock.now(),
    actorId: principal?.id ?? (typeof loginName === 'string' ? `login:${loginName.slice(0, 64)}` : null),
    actorName: principal?.displayName ?? null,
    actorKind: principal?.kind ?? null,
    roles: principal ? actorsOf(principal) : [],
    regionCode: note.regionCode !== undefined ? note.regionCode : await regionOf(ctx, route, pathTarget, req, principal),
    operationId: route.operationId,
    method: req.method,
    path,
    targetId: note.targetId ?? pathTarget,
    status: res.statusCode,
    outcome: outcomeOf(res.statusCode),
    summary: note.summary ?? null,
    requestId: req.id === undefined ? null : String(req.id),
    ip: req.ip ?? null,
  });
}
