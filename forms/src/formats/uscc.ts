import { explainDivisionCode6 } from './province-codes.js';

/**
 * Unified social credit code (统一社会信用代码), 18 characters, per GB 32100-2015
 * 《法人和其他组织统一社会信用代码编码规则》:
 *   - position 1: registration authority code (登记管理部门代码);
 *   - position 2: organisation category code (机构类别代码), defined per authority;
 *   - positions 3–8: division code of the registering office (GB/T 2260), or 100000 for bodies
 *     registered at national level (e.g. foundations registered with the Ministry of Civil Affairs);
 *   - positions 9–17: subject identifier (主体标识码, the GB 11714 organisation code);
 *   - position 18: check character.
 * Charset: digits and capital letters except I, O, Z, S, V (31 characters, values 0–30 in order).
 * Check: weights Wi = 3^(i-1) mod 31 for positions 1–17 (1 3 9 27 19 26 16 17 20 29 25 13 8 24 10
 * 30 28), check value = 31 − (Σ Ci·Wi mod 31), with 31 written as 0.
 *
 * The check digit of the embedded GB 11714 organisation code is not verified: codes issued to
 * individual businesses (个体工商户) carry subject identifiers that do not always satisfy it.
 */
export type UsccProblem = 'length' | 'charset' | 'authority' | 'category' | 'region' | 'checkDigit';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Region part of codes issued by national-level registration authorities. */
const NATIONAL_LEVEL = '100000';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Registration authorities and their organisation categories (GB 32100-2015 table 1 and its
 * amendments): 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会,
 * 9 工商/市场监管 (1 企业, 2 个体工商户, 3 农民专业合作社), A 中央军委改革和编制办公室,
 * N 农业 (农村集体经济组织), Y 其他.
 */
const CATEGORIES_BY_AUTHORITY: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

/** Check character for the first 17 characters of a unified social credit code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0);
  return USCC_CHARSET[(31 - (sum % 31)) % 31] ?? '';
}

/** Why `value` is not a valid unified social credit code, or null when it is. */
export function explainUscc(value: string): UsccProblem | null {
  if (value.length !== 18) return 'length';
  for (const ch of value) if (!USCC_CHARSET.includes(ch)) return 'charset';
  const categories = CATEGORIES_BY_AUTHORITY[value[0] ?? ''];
  if (categories === undefined) return 'authority';
  if (!categories.includes(value[1] ?? '')) return 'category';
  const region = value.slice(2, 8);
  if (region !== NATIONAL_LEVEL && (!/^\d{6}$/.test(region) || explainDivisionCode6(region) !== null)) return 'region';
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return 'checkDigit';
  return null;
}

/** ajv format check for `"format": "uscc"`. */
export function isUscc(value: string): boolean {
  return explainUscc(value) === null;
}
