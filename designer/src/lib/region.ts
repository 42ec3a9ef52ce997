/**
 * Statutory region codes (行政区划代码): 6 digits for province/city/county (PPCCDD), 9 for a town
 * (镇街, 6 + 3) and 12 for a village (村居, 9 + 3). A 12-digit code padded with zeros is read by
 * its meaningful part.
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'town' | 'village';
export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'town', 'village'];

export function regionLevel(code: string): RegionLevel | undefined {
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(code)) return undefined;
  const padded = code.padEnd(12, '0');
  if (padded.slice(9) !== '000') return 'village';
  if (padded.slice(6, 9) !== '000') return 'town';
  if (padded.slice(4, 6) !== '00') return 'county';
  if (padded.slice(2, 4) !== '00') return 'city';
  return 'province';
}

/** Users above town level (province, city, county) may switch the region they look at. */
export function canSwitchRegion(code: string | undefined | null): boolean {
  const level = code ? regionLevel(code) : undefined;
  return level === 'province' || level === 'city' || level === 'county';
}
