/**
 * Mainland China mobile number (手机号码): 11 digits, `1` then `3`–`9`, per the numbering plan
 * of the Ministry of Industry and Information Technology (《电信网编号计划》, 2017). Written
 * without country code, spaces or dashes; normalise before storing if the page allows them.
 */
export type MobileProblem = 'length' | 'charset' | 'prefix';

/** Why `value` is not a mainland mobile number, or null when it is. */
export function explainMobileCn(value: string): MobileProblem | null {
  if (!/^\d*$/.test(value)) return 'charset';
  if (value.length !== 11) return 'length';
  if (!/^1[3-9]/.test(value)) return 'prefix';
  return null;
}

/** ajv format check for `"format": "mobile-cn"`. */
export function isMobileCn(value: string): boolean {
  return explainMobileCn(value) === null;
}
