import { explainDivisionCode6 } from './province-codes.js';

/**
 * Resident identity number (公民身份号码), 18 characters, per GB 11643-1999:
 *   - positions 1–6: address code, a county-level division code (GB/T 2260);
 *   - positions 7–14: birth date YYYYMMDD (GB/T 7408), a real calendar date, not in the future;
 *   - positions 15–17: sequence code (odd for men, even for women);
 *   - position 18: check character by ISO 7064:1983 MOD 11-2 over the 17 digits before it:
 *     weights Wi = 2^(i-1) mod 11 for position i counted from the right (7 9 10 5 8 4 2 1 6 3 7
 *     9 10 5 8 4 2 from the left), check = (12 − Σ ai·Wi mod 11) mod 11, and 10 is written X.
 *
 * The standard's own example is 11010519491231002X. The old 15-digit numbers (before 1999) are
 * not accepted: every card in use today carries the 18-digit number.
 */
export type IdCardProblem = 'length' | 'charset' | 'lowercaseX' | 'region' | 'birthDate' | 'futureBirthDate' | 'checkDigit';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** Earliest birth year accepted; the standard's appendix itself has a person born in 1880. */
const EARLIEST_YEAR = 1850;

/** ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Today's date in China (UTC+8, no daylight saving) as YYYYMMDD. */
export function chinaToday(now: Date = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  return china.toISOString().slice(0, 10).replaceAll('-', '');
}

/** True when YYYYMMDD is a real calendar date. */
export function isCalendarDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Why `value` is not a valid resident ID number, or null when it is. */
export function explainIdCard(value: string, now: Date = new Date()): IdCardProblem | null {
  if (value.length !== 18) return 'length';
  if (/^\d{17}x$/.test(value)) return 'lowercaseX';
  if (!/^\d{17}[\dX]$/.test(value)) return 'charset';
  if (explainDivisionCode6(value.slice(0, 6)) !== null) return 'region';
  const birth = value.slice(6, 14);
  if (!isCalendarDate(birth) || Number(birth.slice(0, 4)) < EARLIEST_YEAR) return 'birthDate';
  if (birth > chinaToday(now)) return 'futureBirthDate';
  if (idCardCheckChar(value.slice(0, 17)) !== value[17]) return 'checkDigit';
  return null;
}

/** ajv format check for `"format": "id-card"`. */
export function isIdCard(value: string): boolean {
  return explainIdCard(value) === null;
}
