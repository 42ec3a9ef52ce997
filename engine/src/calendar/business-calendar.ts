/**
 * The business calendar: which days are worked, statutory deadlines counted in working days
 * (工作日) or calendar days (自然日), and working time with a clock that stops while a case is
 * suspended (补正, 特别程序).
 *
 * All day arithmetic happens on the wall calendar of one time zone (default `Asia/Shanghai`),
 * never in the server's local time. Pure and deterministic: no I/O, no reading of the clock.
 *
 * Legal rules implemented (see each method):
 * - 行政许可法 第八十二条: limits of administrative licensing are counted in working days,
 *   excluding statutory holidays;
 * - 民法典 第二百零一条: 按照日计算期间的，开始的当日不计入，自下一日开始计算 — the day of
 *   acceptance does not count;
 * - 民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日；
 *   期间的最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间.
 */
import { CalendarError } from './calendar-error.js';
import { defaultHolidayTable } from './default-holidays.js';
import type { HolidayTable } from './holiday-table.js';
import { addDays, dayNumber, isWeekend, parseLocalDate, yearOf, type LocalDate } from './local-date.js';
import { TimeZone } from './time-zone.js';
import { WHOLE_DAY, workingIntervals, type WorkingHoursOptions, type WorkingInterval } from './working-hours.js';

/** How to treat a year the holiday table does not cover. */
export type UncoveredYearPolicy =
  /** Count Monday–Friday as working days (the default: a deadline in January can be set in November). */
  | 'weekends'
  /** Throw a `CalendarError` with code `YEAR_NOT_COVERED`. */
  | 'refuse';

export interface BusinessCalendarOptions {
  /** Holidays and 调休 workdays; default: {@link defaultHolidayTable} (from `chinese-days`). */
  readonly holidays?: HolidayTable;
  /** IANA zone whose wall calendar defines the days; default `Asia/Shanghai`. */
  readonly timeZone?: string;
  /** Working hours; default: whole working days (00:00–24:00). */
  readonly workingHours?: WorkingHoursOptions;
  /** Default `weekends`. */
  readonly uncoveredYears?: UncoveredYearPolicy;
}

/** What a day is, and why. */
export interface DayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  /** `holiday` / `workday`: from the table; `weekday` / `weekend`: the ordinary week. */
  readonly reason: 'holiday' | 'workday' | 'weekday' | 'weekend';
  readonly name?: string;
  /** False when the table has no entries for the day's year (only weekends are known). */
  readonly covered: boolean;
}

/** A day or an instant: `YYYY-MM-DD` names a local day; a `Date` falls on the local day of its zone. */
export type DayInput = LocalDate | Date;

/** The longest run of consecutive closed days accepted before giving up. */
const MAX_CLOSED_RUN = 366;
const MS_PER_DAY = 86_400_000;

export class BusinessCalendar {
  readonly holidays: HolidayTable;
  readonly timeZone: string;
  readonly workingHours: WorkingHoursOptions | undefined;
  readonly uncoveredYears: UncoveredYearPolicy;
  private readonly zone: TimeZone;
  private readonly intervals: readonly WorkingInterval[];

  constructor(options: BusinessCalendarOptions = {}) {
    this.holidays = options.holidays ?? defaultHolidayTable();
    this.timeZone = options.timeZone ?? 'Asia/Shanghai';
    this.zone = new TimeZone(this.timeZone);
    const hours = options.workingHours;
    this.intervals = hours === undefined ? WHOLE_DAY : workingIntervals(hours);
    this.workingHours = hours === undefined ? undefined : Object.freeze({ ...hours, breaks: (hours.breaks ?? []).map((pair) => Object.freeze([pair[0], pair[1]] as const)) });
    this.uncoveredYears = options.uncoveredYears ?? 'weekends';
    if (this.uncoveredYears !== 'weekends' && this.uncoveredYears !== 'refuse') {
      throw new CalendarError(`uncoveredYears must be "weekends" or "refuse", got "${String(this.uncoveredYears)}"`, 'INVALID_INPUT');
    }
  }

  // ---- days ------------------------------------------------------------------------------

  /** The local date (in the calendar's zone) on which an instant falls. */
  localDate(instant: Date): LocalDate {
    return this.zone.wallTime(checkInstant(instant, 'instant')).date;
  }

  /** What a day is: working or not, and whether a holiday entry, or the ordinary week, says so. */
  describeDay(day: DayInput): DayInfo {
    const date = this.toDate(day);
    const covered = this.holidays.coversYear(yearOf(date));
    const entry = this.holidays.get(date);
    if (entry !== undefined) {
      const info = { date, working: entry.kind === 'workday', reason: entry.kind, covered };
      return entry.name === undefined ? info : { ...info, name: entry.name };
    }
    if (!covered && this.uncoveredYears === 'refuse') {
      throw new CalendarError(
        `the holiday table has no entries for ${yearOf(date)} (needed for ${date}); add the State Council's notice for that year`,
        'YEAR_NOT_COVERED',
      );
    }
    const weekend = isWeekend(date);
    return { date, working: !weekend, reason: weekend ? 'weekend' : 'weekday', covered };
  }

  /**
   * True when the day is worked: a 调休 `workday` entry, or a Monday–Friday that is not a
   * `holiday` entry. Saturdays and Sundays are rest days unless made workdays.
   */
  isWorkingDay(day: DayInput): boolean {
    return this.describeDay(day).working;
  }

  /** The first working day strictly after the given day. */
  nextWorkingDay(day: DayInput): LocalDate {
    const start = this.toDate(day);
    let date = addDays(start, 1);
    while (!this.isWorkingDay(date)) {
      date = addDays(date, 1);
      if (dayNumber(date) - dayNumber(start) > MAX_CLOSED_RUN) {
        throw new CalendarError(`no working day within ${MAX_CLOSED_RUN} days after ${start}; check the holiday table`, 'NO_WORKING_DAY');
      }
    }
    return date;
  }

  /** The first working day on or after the given day. */
  workingDayOnOrAfter(day: DayInput): LocalDate {
    const date = this.toDate(day);
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /**
   * When business stops on a day, i.e. the cut-off of a deadline falling on it
   * (民法典 第二百零三条第二款): the end of working hours when hours are configured, otherwise
   * 23:59:59.999 local time (the last millisecond before 二十四时).
   */
  closingTime(day: DayInput): Date {
    const date = this.toDate(day);
    if (this.workingHours === undefined) return new Date(this.zone.instant(date, MS_PER_DAY) - 1);
    return new Date(this.zone.instant(date, lastOf(this.intervals).end));
  }

  /** When business starts on a day: the start of working hours, or local midnight. */
  openingTime(day: DayInput): Date {
    return new Date(this.zone.instant(this.toDate(day), (this.intervals[0] as WorkingInterval).start));
  }

  // ---- statutory limits in days --------------------------------------------------------------

  /**
   * The deadline of a limit of `n` working days (工作日) starting at `from` (e.g. the moment of
   * acceptance, 受理).
   *
   * The day of `from` does not count, whatever the hour and even if it is not a working day
   * (民法典 第二百零一条: 开始的当日不计入); counting starts the next day and skips every day
   * that is not worked (行政许可法 第八十二条). The deadline is the closing time of the n-th
   * working day: 23:59:59.999 local, or the end of working hours when configured.
   *
   * `n = 0` (即办) gives the closing time of the first working day on or after `from`.
   *
   * Examples (default table, Asia/Shanghai): accepted Friday 2025-09-26, 5 working days →
   * 9-28 (Sunday, 调休上班) 1, 9-29 2, 9-30 3, 10-01…10-08 National Day, 10-09 4, 10-10 5 →
   * deadline 2025-10-10 23:59:59.999 +08:00. Accepted Friday 2026-02-13, 5 working days →
   * 2-14 (Saturday, 调休上班) 1, 2-15…2-23 Spring Festival, 2-24 2 … 2-27 5.
   */
  addWorkingDays(from: Date, n: number): Date {
    checkInstant(from, 'from');
    checkCount(n, 'the number of working days');
    let date = this.localDate(from);
    if (n === 0) return this.closingTime(this.workingDayOnOrAfter(date));
    for (let i = 0; i < n; i++) date = this.nextWorkingDay(date);
    return this.closingTime(date);
  }

  /**
   * How many working days of a limit started at `a` have been used up by the end of `b`'s
   * day: the working days after `a`'s local day up to and including `b`'s local day. Negative
   * when `b` is before `a`. Inverse of `addWorkingDays`:
   * `workingDaysBetween(from, addWorkingDays(from, n)) === n`, so with a limit of n days,
   * `n - workingDaysBetween(acceptedAt, now)` working days remain after today (0: due today).
   */
  workingDaysBetween(a: DayInput, b: DayInput): number {
    const first = this.toDate(a);
    const last = this.toDate(b);
    if (last < first) return -this.workingDaysBetween(last, first);
    let count = 0;
    for (let date = addDays(first, 1); date <= last; date = addDays(date, 1)) {
      if (this.isWorkingDay(date)) count++;
    }
    return count;
  }

  /**
   * The deadline of a limit of `n` calendar days (自然日) starting at `from`. The day of `from`
   * does not count (民法典 第二百零一条); the last day is the n-th day after it, every day
   * counting. If that last day is not worked (a statutory holiday or a weekend), the last day
   * becomes the next working day (民法典 第二百零三条: 以法定休假日结束的次日为期间的最后一日).
   * The deadline is that day's closing time.
   *
   * Example: accepted 2025-09-21, 10 calendar days → 10-01 is National Day; the holiday ends
   * 10-08, so the deadline is the closing time of 2025-10-09.
   */
  addCalendarDays(from: Date, n: number): Date {
    checkInstant(from, 'from');
    checkCount(n, 'the number of calendar days');
    return this.closingTime(this.workingDayOnOrAfter(addDays(this.localDate(from), n)));
  }

  // ---- working time ----------------------------------------------------------------------

  /**
   * Working milliseconds between two instants: time within working hours on working days, or
   * whole working days (24 h each) when no hours are configured. Negative when `b < a`.
   */
  workingTimeBetween(a: Date, b: Date): number {
    const start = checkInstant(a, 'a');
    const end = checkInstant(b, 'b');
    if (end < start) return -this.workingTimeBetween(b, a);
    let total = 0;
    const last = this.zone.wallTime(end).date;
    for (let date = this.zone.wallTime(start).date; date <= last; date = addDays(date, 1)) {
      for (const [from, to] of this.workingStretches(date)) {
        total += Math.max(0, Math.min(to, end) - Math.max(from, start));
      }
    }
    return total;
  }

  /**
   * The earliest instant at or after `from` by which `ms` working milliseconds have elapsed
   * (counted as in `workingTimeBetween`). A result that completes a stretch of work is its end
   * (e.g. 17:00 on a Friday, not 09:00 on Monday).
   */
  addWorkingTime(from: Date, ms: number): Date {
    const start = checkInstant(from, 'from');
    if (!Number.isFinite(ms) || ms < 0) {
      throw new CalendarError(`working time to add must be a finite number of milliseconds ≥ 0, got ${String(ms)}`, 'INVALID_INPUT');
    }
    let remaining = ms;
    if (remaining === 0) return new Date(start);
    let closedRun = 0;
    for (let date = this.zone.wallTime(start).date; ; date = addDays(date, 1)) {
      let worked = false;
      for (const [stretchStart, stretchEnd] of this.workingStretches(date)) {
        const from = Math.max(stretchStart, start);
        if (stretchEnd <= from) continue;
        worked = true;
        if (stretchEnd - from >= remaining) return new Date(from + remaining);
        remaining -= stretchEnd - from;
      }
      closedRun = worked ? 0 : closedRun + 1;
      if (closedRun > MAX_CLOSED_RUN) {
        throw new CalendarError(`no working time within ${MAX_CLOSED_RUN} days after ${date}; check the holiday table`, 'NO_WORKING_DAY');
      }
    }
  }

  // ---- suspension (the clock stops: 补正, 特别程序) ------------------------------------------

  /**
   * The new deadline of a case whose clock stopped at `suspendedAt` and restarts at
   * `resumedAt`: the old deadline shifted by the working time that elapsed while suspended
   * (so the case keeps exactly the working time it had left; 行政许可法 第四十五条: 所需时间不
   * 计算在期限内). Counts to the millisecond; see `resumeByWorkingDays` to count whole days.
   */
  resume(deadline: Date, suspendedAt: Date, resumedAt: Date): Date {
    checkInstant(deadline, 'deadline');
    const stopped = this.suspendedWorkingTime(suspendedAt, resumedAt);
    return stopped === 0 ? new Date(deadline) : this.addWorkingTime(deadline, stopped);
  }

  /**
   * Like `resume`, counting whole working days as limits in 工作日 are counted: the day the
   * clock stops is still used up, and the period restarts after the day of resumption (which,
   * like the day of acceptance, does not count). The deadline moves by the working days after
   * `suspendedAt`'s day up to and including `resumedAt`'s day, and stays a closing time.
   */
  resumeByWorkingDays(deadline: Date, suspendedAt: Date, resumedAt: Date): Date {
    checkInstant(deadline, 'deadline');
    this.suspendedWorkingTime(suspendedAt, resumedAt);
    const days = this.workingDaysBetween(suspendedAt, resumedAt);
    if (days === 0) return new Date(deadline);
    let date = this.localDate(deadline);
    for (let i = 0; i < days; i++) date = this.nextWorkingDay(date);
    return this.closingTime(date);
  }

  // ---- internals -------------------------------------------------------------------------

  private suspendedWorkingTime(suspendedAt: Date, resumedAt: Date): number {
    checkInstant(suspendedAt, 'suspendedAt');
    checkInstant(resumedAt, 'resumedAt');
    if (resumedAt.getTime() < suspendedAt.getTime()) {
      throw new CalendarError(`resumedAt (${resumedAt.toISOString()}) is before suspendedAt (${suspendedAt.toISOString()})`, 'INVALID_INPUT');
    }
    return this.workingTimeBetween(suspendedAt, resumedAt);
  }

  /** The working stretches of a day as instants `[start, end)`; none on a closed day. */
  private workingStretches(date: LocalDate): [number, number][] {
    if (!this.isWorkingDay(date)) return [];
    return this.intervals.map((interval) => [this.zone.instant(date, interval.start), this.zone.instant(date, interval.end)]);
  }

  private toDate(day: DayInput): LocalDate {
    return day instanceof Date ? this.localDate(day) : parseLocalDate(day);
  }
}

function checkInstant(value: unknown, what: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new CalendarError(`${what} must be a valid Date, got ${value instanceof Date ? 'an invalid Date' : String(value)}`, 'INVALID_INPUT');
  }
  return value.getTime();
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new CalendarError(`${what} must be a whole number ≥ 0, got ${String(n)}`, 'INVALID_INPUT');
  }
}

function lastOf(intervals: readonly WorkingInterval[]): WorkingInterval {
  return intervals[intervals.length - 1] as WorkingInterval;
}
