/**
 * Local calendar dates (`YYYY-MM-DD`) and their arithmetic, independent of any time zone.
 *
 * A local date is the name of a day on the wall calendar of the calendar's zone; it is never
 * derived from the process's local time. Arithmetic goes through a day number (days since
 * 1970-01-01) so that it cannot be disturbed by time zones or daylight saving.
 */
import { CalendarError } from './calendar-error.js';

/** A date on the wall calendar, written `YYYY-MM-DD` (e.g. `2025-10-01`). */
export type LocalDate = string;

const MS_PER_DAY = 86_400_000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns why `text` is not a real `YYYY-MM-DD` date, or undefined when it is one. */
export function localDateProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return `a date must be a string "YYYY-MM-DD", got ${describe(text)}`;
  const match = LOCAL_DATE_PATTERN.exec(text);
  if (!match) return `"${text}" is not a date in the form YYYY-MM-DD`;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return `"${text}" has no month ${month}`;
  if (day < 1 || day > daysInMonth(year, month)) return `"${text}" does not exist: ${year}-${match[2]} has ${daysInMonth(year, month)} days`;
  return undefined;
}

/** Checks a `YYYY-MM-DD` string and returns it; throws a {@link CalendarError} otherwise. */
export function parseLocalDate(text: unknown): LocalDate {
  const problem = localDateProblem(text);
  if (problem !== undefined) throw new CalendarError(problem, 'INVALID_INPUT');
  return text as LocalDate;
}

/** Days since 1970-01-01 of a valid local date. */
export function dayNumber(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/** The local date of a day number. */
export function fromDayNumber(day: number): LocalDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The date `days` days after `date` (before, when negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Day of the week: 0 Sunday, 1 Monday … 6 Saturday. */
export function weekday(date: LocalDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** True on Saturdays and Sundays, the ordinary weekly rest days (公休日). */
export function isWeekend(date: LocalDate): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

/** The four-digit year of a local date. */
export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'a Date object';
  if (value === null) return 'null';
  return typeof value === 'string' ? `"${value}"` : `${typeof value} ${String(value)}`;
}
