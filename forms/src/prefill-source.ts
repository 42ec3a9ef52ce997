/**
 * Prefill sources, as written in a schema's `"x-prefill"` keyword:
 *   - `profile.<path>`: the applicant's profile (e.g. `profile.name`, `profile.address.street`);
 *   - `lastCase.<path>`: the same applicant's earlier cases, newest first; the first case that
 *     has a non-empty value at `<path>` wins (e.g. `lastCase.applicant.address`).
 */
export const PREFILL_KEYWORD = 'x-prefill';

/** `profile` or `lastCase`, then one or more dot-separated names (letters, digits, _ and -). */
export const PREFILL_SOURCE_PATTERN = '^(profile|lastCase)(\\.[A-Za-z0-9_-]+)+$';

export type PrefillOrigin = 'profile' | 'lastCase';

export interface PrefillSource {
  origin: PrefillOrigin;
  path: string[];
}

/** Parses `profile.name` into its origin and path, or returns undefined when malformed. */
export function parsePrefillSource(text: string): PrefillSource | undefined {
  if (!new RegExp(PREFILL_SOURCE_PATTERN).test(text)) return undefined;
  const [origin, ...path] = text.split('.');
  return { origin: origin as PrefillOrigin, path };
}
