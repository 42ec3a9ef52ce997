/**
 * Statutory region codes (行政区划代码), as the server writes them: hierarchical by prefix,
 * 2 digits province, 4 city, 6 county, 9 town (乡镇街道), 12 village (村居).
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'town' | 'village';
export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'town', 'village'];

const LENGTHS: Readonly<Record<number, RegionLevel>> = { 2: 'province', 4: 'city', 6: 'county', 9: 'town', 12: 'village' };

export function regionLevel(code: string): RegionLevel | undefined {
  return /^\d+$/.test(code) ? LENGTHS[code.length] : undefined;
}

/** True when `code` is `region` itself or lies below it. */
export function regionContains(region: string, code: string): boolean {
  return code.startsWith(region);
}

/**
 * Users above town level (province, city, county) may switch the region they look at; a user
 * without a region code (an administrator of all regions) too.
 */
export function canSwitchRegion(code: string | undefined | null): boolean {
  if (code === null || code === undefined || code === '') return true;
  const level = regionLevel(code);
  return level === 'province' || level === 'city' || level === 'county';
}
