/**
 * The engine's business calendar: the seeded statutory holidays, with the years an
 * administrator entered (State Council notices) replacing the seed's years, in one table.
 */
import type { Knex } from 'knex';
import { BusinessCalendar, type BusinessCalendarOptions } from '../calendar/business-calendar.js';
import { defaultHolidayTable } from '../calendar/default-holidays.js';
import { type HolidayEntry, HolidayTableError } from '../calendar/holiday-entry.js';
import type { HolidayTable } from '../calendar/holiday-table.js';
import { EngineError } from '../errors.js';
import * as sql from '../store/sql.js';

/** Builds the calendar from the options and the administered years in the database. */
export async function loadCalendar(db: Knex, options: BusinessCalendarOptions = {}): Promise<BusinessCalendar> {
  let holidays: HolidayTable = options.holidays ?? defaultHolidayTable();
  for (const row of await sql.listCalendarYears(db)) holidays = holidays.replaceYear(row.year, row.entries);
  return new BusinessCalendar({ ...options, holidays });
}

/** Validates and stores a year's entries; throws a clear INVALID_ARGUMENT listing every bad entry. */
export async function storeCalendarYear(
  db: Knex,
  current: BusinessCalendar,
  year: number,
  entries: readonly unknown[],
  by: { userId?: string; now: Date },
): Promise<HolidayEntry[]> {
  let table: HolidayTable;
  try {
    table = current.holidays.replaceYear(year, entries);
  } catch (err) {
    if (err instanceof HolidayTableError) {
      throw new EngineError('INVALID_ARGUMENT', `The holiday entries for ${year} are invalid: ${err.message}`, { problems: err.problems });
    }
    throw new EngineError('INVALID_ARGUMENT', (err as Error).message);
  }
  const stored = table.entries(year);
  await sql.upsertCalendarYear(db, {
    year,
    entries: stored.map((e) => ({ date: e.date, kind: e.kind, name: e.name ?? null })),
    updatedAt: by.now,
    updatedBy: by.userId ?? null,
  });
  return stored;
}
