/**
 * Early feedback in the browser for the forms' custom formats: shape and check digit only. The
 * server (@tongban/forms, with the full rules: region prefixes, birth dates, registration
 * authorities) stays the judge; a value this accepts may still be refused there, never the
 * other way round for a correct number.
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function idCardLooksValid(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === value[17];
}

export function usccLooksValid(value: string): boolean {
  if (value.length !== 18 || [...value].some((c) => !USCC_CHARSET.includes(c))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(value[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARSET[(31 - (sum % 31)) % 31] === value[17];
}

export function mobileLooksValid(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

export function regionCodeLooksValid(value: string): boolean {
  return /^(\d{6}|\d{12})$/.test(value) && !value.startsWith('00');
}

export const CLIENT_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'id-card': idCardLooksValid,
  uscc: usccLooksValid,
  'mobile-cn': mobileLooksValid,
  'region-code': regionCodeLooksValid,
};
