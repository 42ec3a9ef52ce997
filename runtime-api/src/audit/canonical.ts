/**
 * Canonical JSON for hashing: object keys sorted (recursively), no whitespace, `undefined`
 * dropped the way JSON.stringify drops it. An entry read back from PostgreSQL (`jsonb`
 * reorders keys) must hash to exactly what was hashed when it was written, so the order of
 * keys can never be part of the content.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) sorted[key] = sortKeys(v);
    }
    return sorted;
  }
  return value;
}
