/**
 * When a BPMN timer is due (BPMN 2.0 §10.5.6 timer event definition, ISO 8601 values):
 *
 * | definition    | value                                   | meaning                                   |
 * |---------------|-----------------------------------------|-------------------------------------------|
 * | `timeDate`    | `2026-10-08T09:00:00+08:00`             | at that instant (no offset: Beijing time) |
 * | `timeDuration`| `PT2H`, `P3D`, `P1M`                    | that long after the timer starts          |
 * | `timeDuration`| `P5WD`, `PT4WH`                         | 5 working days / 4 working hours after    |
 * | `timeCycle`   | `R3/PT1H`, `R/P1D`, `R2/2026-10-08T09:00:00+08:00/P1D` | repeat n times (R: unbounded) every interval, optionally from a start |
 *
 * Calendar arithmetic (days, months) is done in the calendar's time zone (Asia/Shanghai by
 * default); working units use the business calendar (statutory holidays and 调休 workdays).
 * Values may also be FEEL (`=…`) evaluated when the timer starts; the result must be one of
 * the texts above (or a FEEL date-time / duration, which is turned into one).
 */
import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { dueDate, parseBusinessDuration } from '../calendar/business-duration.js';

export type TimerType = 'date' | 'duration' | 'cycle';

/** The first firing, and how the timer repeats after it. */
export interface TimerPlan {
  readonly dueAt: Date;
  /** Firings still to come after this one: 0 for date and duration, Infinity for `R/…`. */
  readonly repeatsLeft: number;
  /** Interval text of a cycle, to compute the next firing from this one. */
  readonly interval?: string;
  /** How the wait is counted, which decides how it is shifted when the clock stops (suspension). */
  readonly unit: TimerUnit;
}

/** `workingDays` (PnWD), `workingTime` (PTnWH…), or `wallClock` (plain ISO 8601 and dates). */
export type TimerUnit = 'workingDays' | 'workingTime' | 'wallClock';

/** The unit of an interval text. */
export function timerUnit(text: string): TimerUnit {
  const business = parseBusinessDuration(text);
  if (!business) return 'wallClock';
  return business.workingDays !== undefined ? 'workingDays' : 'workingTime';
}

export class TimerSyntaxError extends Error {
  override name = 'TimerSyntaxError';
}

const ZONE = 'Asia/Shanghai';

/** Plans a timer of the given type whose value is `text`, started at `from`. */
export function planTimer(type: TimerType, text: string, from: Date, calendar: BusinessCalendar): TimerPlan {
  const value = text.trim();
  if (value === '') throw new TimerSyntaxError(`the timer ${type} is empty`);
  switch (type) {
    case 'date':
      return { dueAt: parseInstant(value), repeatsLeft: 0, unit: 'wallClock' };
    case 'duration':
      return { dueAt: addInterval(from, value, calendar), repeatsLeft: 0, unit: timerUnit(value) };
    case 'cycle':
      return planCycle(value, from, calendar);
  }
}

/** The next firing of a cycle after the one due at `previous`. */
export function nextFiring(interval: string, previous: Date, calendar: BusinessCalendar): Date {
  return addInterval(previous, interval, calendar);
}

/** Throws `TimerSyntaxError` when a literal timer value cannot be planned; for deploy-time checks. */
export function checkTimerLiteral(type: TimerType, text: string, calendar: BusinessCalendar): void {
  planTimer(type, text, new Date(Date.UTC(2026, 0, 5)), calendar);
}

function planCycle(value: string, from: Date, calendar: BusinessCalendar): TimerPlan {
  const parts = value.split('/');
  const match = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!match || parts.length < 2 || parts.length > 3) {
    throw new TimerSyntaxError(`"${value}" is not an ISO 8601 repeating interval; write R3/PT1H, R/P1D or R2/2026-10-08T09:00:00+08:00/P1D`);
  }
  const repetitions = match[1] === '' ? Infinity : Number(match[1]);
  if (repetitions < 1) throw new TimerSyntaxError(`"${value}" repeats ${repetitions} times; a cycle must fire at least once`);
  const interval = parts[parts.length - 1]!;
  const dueAt = parts.length === 3 ? parseInstant(parts[1]!) : addInterval(from, interval, calendar);
  if (parts.length === 3) addInterval(dueAt, interval, calendar); // the interval must parse too
  return { dueAt, repeatsLeft: repetitions - 1, interval, unit: timerUnit(interval) };
}

function addInterval(from: Date, text: string, calendar: BusinessCalendar): Date {
  let business;
  try {
    business = parseBusinessDuration(text);
  } catch (err) {
    throw new TimerSyntaxError((err as Error).message);
  }
  if (business) return dueDate(calendar, from, business);
  let duration: Temporal.Duration;
  try {
    duration = Temporal.Duration.from(text);
  } catch {
    throw new TimerSyntaxError(`"${text}" is not an ISO 8601 duration; write for example PT2H, P3D, P1M, or P5WD for 5 working days`);
  }
  if (duration.sign < 0) throw new TimerSyntaxError(`"${text}" is a negative duration`);
  if (duration.sign === 0) throw new TimerSyntaxError(`"${text}" is a zero duration`);
  const start = Temporal.Instant.fromEpochMilliseconds(from.getTime()).toZonedDateTimeISO(ZONE);
  return new Date(start.add(duration).epochMilliseconds);
}

function parseInstant(text: string): Date {
  try {
    if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(text)) return new Date(Temporal.Instant.from(text).epochMilliseconds);
    return new Date(Temporal.PlainDateTime.from(text).toZonedDateTime(ZONE).epochMilliseconds);
  } catch {
    throw new TimerSyntaxError(`"${text}" is not an ISO 8601 date-time; write for example 2026-10-08T09:00:00+08:00`);
  }
}

/** Turns the result of a FEEL timer expression into timer text. */
export function timerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && typeof (value as { toString(): string }).toString === 'function') {
    const text = String(value);
    if (text !== '[object Object]') return text;
  }
  throw new TimerSyntaxError(`a timer expression gave ${JSON.stringify(value)}, which is not a date, duration or cycle`);
}
