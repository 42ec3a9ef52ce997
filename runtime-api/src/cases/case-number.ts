/**
 * 办件编号 — the case number printed on the receipt (回执).
 *
 * Rule: `RRRRRR` + `ITEMCODE` + `YYYYMMDD` + `NNNNN`
 * - `RRRRRR`: the first six digits of the case's region code (the county, 区县, where the
 *   number is issued; a town or village case carries its county's code);
 * - `ITEMCODE`: the item's basic code (基本编码), letters and digits only, upper case;
 * - `YYYYMMDD`: the day of submission in the business calendar's zone (Asia/Shanghai), not the
 *   server's;
 * - `NNNNN`: the serial of that submission among all cases of the same six-digit region on
 *   that day, from 00001, zero-padded to five digits (99,999 a day per county).
 * Example: `440106` `000101001000` `20260105` `00007`.
 *
 * Uniqueness under concurrency: the serial comes from one statement,
 * `insert … on conflict (region_code, day) do update set last_serial = last_serial + 1
 * returning last_serial`. PostgreSQL takes the row lock for the update, so concurrent
 * submissions in one county line up and each gets the next number; the unique index on
 * `tb_case.case_no` is the backstop. The serial is taken in its own statement before the case
 * starts: if the start then fails, that number is skipped (a gap), never handed out twice.
 */
import type { Knex } from 'knex';
import { ApiError } from '../errors.js';

export const MAX_SERIAL = 99_999;

/** `000101001000-X` → `000101001000X`: letters and digits only. */
export function itemCodePart(baseCode: string): string {
  const code = baseCode.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (code.length === 0) throw new ApiError(422, 'ITEM_CODE_UNUSABLE', `The item's basic code "${baseCode}" has no letters or digits to number cases with.`);
  return code;
}

export function formatCaseNumber(regionCode: string, baseCode: string, localDate: string, serial: number): string {
  if (!/^[0-9]{6}/.test(regionCode)) throw new Error(`case numbers need a region of county level or below, got ${regionCode}`);
  return `${regionCode.slice(0, 6)}${itemCodePart(baseCode)}${localDate.replaceAll('-', '')}${String(serial).padStart(5, '0')}`;
}

/** The next serial for a six-digit region on a local date (`YYYY-MM-DD`). */
export async function nextSerial(db: Knex | Knex.Transaction, region6: string, localDate: string): Promise<number> {
  const result = await db.raw<{ rows: Array<{ last_serial: number }> }>(
    `insert into tb_case_serial (region_code, day, last_serial) values (?, ?::date, 1)
     on conflict (region_code, day) do update set last_serial = tb_case_serial.last_serial + 1
     returning last_serial`,
    [region6, localDate],
  );
  const serial = Number(result.rows[0]!.last_serial);
  if (serial > MAX_SERIAL) {
    throw new ApiError(503, 'CASE_NUMBERS_EXHAUSTED', `More than ${MAX_SERIAL} cases in region ${region6} on ${localDate}: the five-digit serial is used up.`);
  }
  return serial;
}
