/**
 * The holiday table: statutory holiday closures and 调休 make-up workdays, by date.
 *
 * Immutable: every change returns a new table, so a calendar built from a table never changes
 * under a running computation. A year counts as covered once the table holds any entry in it
 * (in China every year has statutory holidays); `coversYear` lets callers warn when a deadline
 * runs into a year whose State Council notice has not been entered yet.
 */
import { CalendarError } from './calendar-error.js';
import type { CalendarDayRow } from './calendar-day-rows.js';
import { checkHolidayEntries, type HolidayEntry } from './holiday-entry.js';
import { parseLocalDate, yearOf, type LocalDate } from './local-date.js';

export class HolidayTable {
  private readonly byDate: ReadonlyMap<LocalDate, HolidayEntry>;
  private readonly coveredYears: ReadonlySet<number>;

  private constructor(entries: readonly HolidayEntry[]) {
    this.byDate = new Map(entries.map((entry) => [entry.date, entry]));
    this.coveredYears = new Set(entries.map((entry) => yearOf(entry.date)));
  }

  /** A table with no entries: weekends off, every weekday worked. */
  static empty(): HolidayTable {
    return new HolidayTable([]);
  }

  /** Builds a table from entries; throws a `HolidayTableError` listing every invalid one. */
  static fromEntries(entries: readonly unknown[]): HolidayTable {
    return new HolidayTable(checkHolidayEntries(entries));
  }

  /** The entry for a date, if any. */
  get(date: LocalDate): HolidayEntry | undefined {
    return this.byDate.get(date);
  }

  /** True when the table holds entries for `year`. */
  coversYear(year: number): boolean {
    return this.coveredYears.has(year);
  }

  /** The covered years, ascending. */
  years(): number[] {
    return [...this.coveredYears].sort((a, b) => a - b);
  }

  /** Number of entries. */
  get size(): number {
    return this.byDate.size;
  }

  /** All entries, or those of one year, sorted by date. */
  entries(year?: number): HolidayEntry[] {
    const all = [...this.byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return year === undefined ? all : all.filter((entry) => yearOf(entry.date) === year);
  }

  /**
   * Replaces everything known about `year` with `entries` (the State Council's notice for that
   * year). Every entry must lie in that year. Entries of other years are kept.
   */
  replaceYear(year: number, entries: readonly unknown[]): HolidayTable {
    checkYear(year);
    const replacement = checkHolidayEntries(entries, year);
    return new HolidayTable([...this.entries().filter((entry) => yearOf(entry.date) !== year), ...replacement]);
  }

  /** Removes every entry of `year`; the year then falls back to plain weekends. */
  removeYear(year: number): HolidayTable {
    checkYear(year);
    return new HolidayTable(this.entries().filter((entry) => yearOf(entry.date) !== year));
  }

  /**
   * Adds entries, date by date: an entry for a date already in the table replaces it (so a
   * correction notice can change single days); all other entries are kept.
   */
  merge(entries: readonly unknown[]): HolidayTable {
    const additions = checkHolidayEntries(entries);
    const replaced = new Set(additions.map((entry) => entry.date));
    return new HolidayTable([...this.entries().filter((entry) => !replaced.has(entry.date)), ...additions]);
  }

  /** The table as `tb_calendar_day` rows, sorted by date (`name` is `null` when absent). */
  toRows(): CalendarDayRow[] {
    return this.entries().map((entry) => ({ date: entry.date, kind: entry.kind, name: entry.name ?? null }));
  }

  /** `JSON.stringify(table)` writes the rows. */
  toJSON(): CalendarDayRow[] {
    return this.toRows();
  }

  /** Removes the entries of the given dates, if present. */
  without(dates: readonly LocalDate[]): HolidayTable {
    const removed = new Set(dates.map((date) => parseLocalDate(date)));
    return new HolidayTable(this.entries().filter((entry) => !removed.has(entry.date)));
  }
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new CalendarError(`year must be a four-digit whole number, got ${String(year)}`, 'INVALID_INPUT');
  }
}
