/** The shape of a route handler, and small helpers every resource file uses. */
import type { Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { regionContains } from '../identity/regions.js';
import type { Paging } from '../store/sql.js';
import type { OperationId } from './route-table.js';

export type Handler = (req: Request, res: Response) => Promise<void>;
export type Handlers = Partial<Record<OperationId, Handler>>;
export type HandlerFactory = (ctx: AppContext) => Handlers;

/** Paging from the (validated, coerced) query. */
export function pageOf(req: Request): Paging {
  const query = req.query as { limit?: number | string; offset?: number | string };
  return { limit: Number(query.limit ?? 50), offset: Number(query.offset ?? 0) };
}

/** A validated query parameter as a string, if given. */
export function queryText(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return value === undefined ? undefined : String(value);
}

export function param(req: Request, name: string): string {
  return String(req.params[name]);
}

/**
 * The caller's scope narrowed to one region (a `regionCode` filter): the region itself when
 * the caller reaches it, else the caller's regions that lie inside it (possibly none).
 */
export function narrowScope(scope: readonly string[] | null, regionCode: string | undefined): readonly string[] | null {
  if (regionCode === undefined) return scope;
  if (scope === null || scope.some((s) => regionContains(s, regionCode))) return [regionCode];
  return scope.filter((s) => regionContains(regionCode, s));
}

export const unknownReference = (what: string, id: string) =>
  new ApiError(422, `UNKNOWN_${what.toUpperCase()}`, `There is no ${what} ${id}.`, { [what === 'region' ? 'regionCode' : `${what}Id`]: id });

export const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);
