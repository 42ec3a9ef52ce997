/**
 * Statutory region codes (行政区划代码, GB/T 2260 extended to towns and villages): 2 digits
 * province, 4 city, 6 county, 9 town (乡镇街道), 12 village (村居). Codes are hierarchical by
 * prefix, which is the whole region rule: a region contains every code that starts with its own.
 */

export const REGION_LEVELS = ['province', 'city', 'county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const LENGTHS: Readonly<Record<number, RegionLevel>> = { 2: 'province', 4: 'city', 6: 'county', 9: 'town', 12: 'village' };
const PARENT_LENGTH: Readonly<Record<number, number>> = { 4: 2, 6: 4, 9: 6, 12: 9 };

export const REGION_CODE_PATTERN = '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$';

export function regionLevel(code: string): RegionLevel | undefined {
  return /^[0-9]+$/.test(code) ? LENGTHS[code.length] : undefined;
}

/** The parent's code (`440106001` → `440106`), or null for a province. */
export function parentCode(code: string): string | null {
  const length = PARENT_LENGTH[code.length];
  return length === undefined ? null : code.slice(0, length);
}

/** True when `code` is `region` itself or lies below it. */
export function regionContains(region: string, code: string): boolean {
  return code.startsWith(region);
}

/** Removes codes that lie inside another code of the list: `[44, 4401, 45]` → `[44, 45]`. */
export function outermost(codes: readonly string[]): string[] {
  const sorted = [...new Set(codes)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const kept: string[] = [];
  for (const code of sorted) if (!kept.some((k) => regionContains(k, code))) kept.push(code);
  return kept;
}
