/**
 * The caller of a request, after authentication: a user (bearer token) or a department system
 * (API key). Region scope is computed here, in one place: a role held in a region reaches that
 * region and every region below it (code prefix); `admin` reaches everything.
 */
import type { ApiKeyRow, RoleAssignment, UserRow } from '../store/sql.js';
import { outermost } from './regions.js';
import type { Actor } from './roles.js';

export interface Grant {
  readonly actor: Actor;
  /** Null only for `admin` (everywhere). */
  readonly regionCode: string | null;
}

export interface Principal {
  readonly kind: 'user' | 'apiKey';
  /** User id, or `apikey:<id>` — what history records as the actor. */
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly regionCode: string | null;
  readonly departmentId: string | null;
  readonly grants: readonly Grant[];
  /** Candidate groups the caller belongs to: `department:role` for each role held. */
  readonly groups: readonly string[];
}

export function userPrincipal(user: UserRow): Principal {
  const roles = user.roles as readonly RoleAssignment[];
  return {
    kind: 'user',
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    regionCode: user.regionCode,
    departmentId: user.departmentId,
    grants: roles.map((r) => ({ actor: r.role as Actor, regionCode: r.regionCode })),
    groups: user.departmentId === null ? [] : [...new Set(roles.map((r) => `${user.departmentId}:${r.role}`))],
  };
}

export function apiKeyPrincipal(key: ApiKeyRow): Principal {
  return {
    kind: 'apiKey',
    id: `apikey:${key.id}`,
    username: `apikey:${key.id}`,
    displayName: key.name,
    regionCode: key.regionCode,
    departmentId: key.departmentId,
    grants: [{ actor: 'adapter', regionCode: key.regionCode }],
    groups: [],
  };
}

export function actorsOf(principal: Principal): Actor[] {
  return [...new Set(principal.grants.map((g) => g.actor))];
}

export function isAdmin(principal: Principal): boolean {
  return principal.grants.some((g) => g.actor === 'admin');
}

/** May the caller use a route open to these actors at all (ignoring regions)? */
export function mayUse(principal: Principal, allowed: readonly Actor[]): boolean {
  return principal.grants.some((g) => allowed.includes(g.actor));
}

/**
 * The regions the caller reaches through the roles a route allows: `null` = everywhere
 * (admin), otherwise the outermost region codes of the matching grants.
 */
export function regionScope(principal: Principal, allowed: readonly Actor[]): readonly string[] | null {
  if (isAdmin(principal) && allowed.includes('admin')) return null;
  const regions = principal.grants.filter((g) => allowed.includes(g.actor)).map((g) => g.regionCode);
  return outermost(regions.filter((code): code is string => code !== null));
}

/** Does a scope reach a region? A region-less object (`null`) is reachable by admins only. */
export function scopeReaches(scope: readonly string[] | null, regionCode: string | null): boolean {
  if (scope === null) return true;
  return regionCode !== null && scope.some((s) => regionCode.startsWith(s));
}
