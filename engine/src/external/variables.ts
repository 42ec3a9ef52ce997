/**
 * Variables handed to workers, and the fingerprint of a completion request.
 */
import { createHash } from 'node:crypto';
import type { InstanceState, Variables } from '../runtime/types.js';
import { visibleVariables } from '../shell/unit-of-work.js';

/**
 * The variables a worker asked for, as visible at the task's token: the scope chain (its own
 * scope over enclosing ones, Camunda's `getVariables`), or only the token's scope when
 * `local`; `names` filters (a missing name is left out, as Camunda leaves it out).
 */
export function taskVariables(state: InstanceState, tokenId: string, names: readonly string[] | null | undefined, local: boolean): Variables {
  if (names && names.length === 0) return {};
  const token = state.tokens[tokenId];
  if (!token) return {};
  const all = local ? (state.scopes[token.scopeId]?.variables ?? {}) : visibleVariables(state, token.scopeId);
  if (!names) return { ...all };
  const picked: Record<string, unknown> = {};
  for (const name of names) if (Object.prototype.hasOwnProperty.call(all, name)) picked[name] = all[name];
  return picked;
}

/**
 * A stable hash of what a request asks for: the outcome and its variables with object keys
 * sorted, so `{a, b}` and `{b, a}` are the same request.
 */
export function requestHash(outcome: string, variables: unknown): string {
  return createHash('sha256').update(outcome).update('\n').update(canonicalJson(variables ?? null)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
