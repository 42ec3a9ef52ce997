/**
 * Plain JSON rows for persisting the holiday table, one row per date, in a table
 * `tb_calendar_day`:
 *
 * ```sql
 * CREATE TABLE tb_calendar_day (
 *   date date PRIMARY KEY,                                     -- local date, Asia/Shanghai
 *   kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
 *   name text                                                  -- e.g. 国庆节; nullable
 * );
 * ```
 *
 * The date travels as the text `YYYY-MM-DD`, never as a JavaScript `Date`: a `Date` is an
 * instant, and turning a day into an instant shifts it by the server's time zone. With `pg`,
 * read the `date` column as text (`types.setTypeParser(1082, (v) => v)`) or select `date::text`.
 */
import { CalendarError } from './calendar-error.js';
import { HolidayTable } from './holiday-table.js';
import type { HolidayKind } from './holiday-entry.js';
import type { LocalDate } from './local-date.js';

/** One row of `tb_calendar_day`. */
export interface CalendarDayRow {
  date: LocalDate;
  kind: HolidayKind;
  name: string | null;
}

/** The table as rows, sorted by date, ready to be inserted or written as JSON. */
export function holidayTableToRows(table: HolidayTable): CalendarDayRow[] {
  return table.toRows();
}

/**
 * Builds a table from rows read back from the store or from JSON; every row is validated as an
 * entry and a `HolidayTableError` lists all bad rows. A `Date` in the date column is refused
 * with an explanation rather than converted with the server's time zone.
 */
export function holidayTableFromRows(rows: unknown): HolidayTable {
  if (!Array.isArray(rows)) throw new CalendarError('calendar day rows must be an array of { date, kind, name }', 'INVALID_INPUT');
  const dateObject = rows.findIndex((row) => typeof row === 'object' && row !== null && (row as { date?: unknown }).date instanceof Date);
  if (dateObject >= 0) {
    throw new CalendarError(
      `row ${dateObject + 1} has a JavaScript Date as its date; read tb_calendar_day.date as text "YYYY-MM-DD" (with pg: types.setTypeParser(1082, v => v)) so that the day does not shift with the server's time zone`,
      'INVALID_INPUT',
    );
  }
  return HolidayTable.fromEntries(rows);
}

/** The table as a JSON text (an array of rows). */
export function holidayTableToJson(table: HolidayTable): string {
  return JSON.stringify(holidayTableToRows(table));
}

/** Parses a JSON text of rows into a table. */
export function holidayTableFromJson(json: string): HolidayTable {
  let rows: unknown;
  try {
    rows = JSON.parse(json);
  } catch (err) {
    throw new CalendarError(`calendar day rows are not valid JSON: ${(err as Error).message}`, 'INVALID_INPUT');
  }
  return holidayTableFromRows(rows);
}
