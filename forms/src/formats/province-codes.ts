/**
 * First two digits of administrative division codes (GB/T 2260 《中华人民共和国行政区划代码》):
 * the 31 mainland provinces, autonomous regions and municipalities, plus 71 Taiwan, 81 Hong Kong
 * and 82 Macao. Both the resident ID number (GB 11643) and the unified social credit code
 * (GB 32100) start their region part with one of these. 83 is used by residence permits for
 * Taiwan residents (港澳台居民居住证, 830000).
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/**
 * Shape of a 6-digit division code: province prefix known, and a county part only under a
 * city part (`xx00yy` with yy ≠ 00 does not exist). Returns a reason code or null when valid.
 */
export function explainDivisionCode6(code: string): 'province' | 'shape' | null {
  if (!PROVINCE_CODES.has(code.slice(0, 2))) return 'province';
  if (code.slice(2, 4) === '00' && code.slice(4, 6) !== '00') return 'shape';
  return null;
}
