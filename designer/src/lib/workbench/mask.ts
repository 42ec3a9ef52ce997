/**
 * Identity numbers are shown masked on screens: the first six and last four characters of a
 * resident ID number or credit code (`110105********002X`). The full number stays on the server
 * and in the printed receipt only where the law requires it.
 */

/** Keys whose values are identity numbers. */
const IDENTITY_KEYS = new Set(['idNumber', 'uscc', 'idCard', 'legalRepresentativeId']);

export function maskId(id: string | undefined): string {
  return id && id.length > 8 ? `${id.slice(0, 6)}********${id.slice(-4)}` : (id ?? '');
}

/** A copy of any JSON value with every identity-number field masked, however deep. */
export function maskIdentities(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskIdentities);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, IDENTITY_KEYS.has(key) && typeof v === 'string' ? maskId(v) : maskIdentities(v)]),
  );
}
