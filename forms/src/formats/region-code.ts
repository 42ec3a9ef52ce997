import { explainDivisionCode6 } from './province-codes.js';

/**
 * Administrative division code (行政区划代码), shape only:
 *   - 6 digits per GB/T 2260: province (2) + city (2) + county (2), e.g. 110105;
 *   - 9 digits, a town (镇街): county (6) + the town's 3-digit code of GB/T 10114, e.g.
 *     110105001 — the form Tongban's region tree uses for towns;
 *   - 12 digits, the statistical division code used down to villages (统计用区划代码, National
 *     Bureau of Statistics, following GB/T 10114 for towns): county (6) + town (3) + village (3),
 *     e.g. 110105001001.
 * The province prefix must exist and a lower part cannot be set under a zero upper part
 * (no county under `xx00`, no village under town `000`). Whether the code is currently in force
 * is a question for the region tree, not for this format.
 */
export type RegionCodeProblem = 'length' | 'charset' | 'province' | 'shape';

/** Why `value` is not a division code, or null when it is. */
export function explainRegionCode(value: string): RegionCodeProblem | null {
  if (!/^\d*$/.test(value)) return 'charset';
  if (value.length !== 6 && value.length !== 9 && value.length !== 12) return 'length';
  const county = explainDivisionCode6(value.slice(0, 6));
  if (county !== null) return county;
  if (value.length === 9 && value.slice(6, 9) === '000') return 'shape';
  if (value.length === 12 && value.slice(6, 9) === '000' && value.slice(9, 12) !== '000') return 'shape';
  return null;
}

/** ajv format check for `"format": "region-code"`. */
export function isRegionCode(value: string): boolean {
  return explainRegionCode(value) === null;
}
