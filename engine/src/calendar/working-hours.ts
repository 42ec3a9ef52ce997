/**
 * Working hours (工作时间) within a working day, e.g. 09:00–17:00 with a lunch break
 * 12:00–13:30. They matter twice: a deadline ends when business stops on its last day
 * (民法典 第二百零三条第二款: 有业务时间的，停止业务活动的时间为截止时间), and working time is
 * counted only within them.
 */
import { CalendarError } from './calendar-error.js';

/** Working hours as configured: local wall-clock times `HH:MM` (`24:00` allowed as an end). */
export interface WorkingHoursOptions {
  readonly start: string;
  readonly end: string;
  /** Breaks within the hours, e.g. `[['12:00', '13:30']]`; they must not overlap. */
  readonly breaks?: readonly (readonly [string, string])[];
}

/** One stretch of working time, in milliseconds after local midnight; `end` is exclusive. */
export interface WorkingInterval {
  readonly start: number;
  readonly end: number;
}

const MS_PER_MINUTE = 60_000;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/** The intervals of a whole working day: midnight to midnight. */
export const WHOLE_DAY: readonly WorkingInterval[] = [{ start: 0, end: 24 * 60 * MS_PER_MINUTE }];

/** Milliseconds after midnight of a `HH:MM` time; throws a clear error otherwise. */
export function parseTimeOfDay(text: unknown, what: string): number {
  const match = typeof text === 'string' ? TIME_PATTERN.exec(text) : null;
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
    throw new CalendarError(`${what} must be a time "HH:MM" between 00:00 and 24:00, got ${JSON.stringify(text) ?? 'nothing'}`, 'INVALID_INPUT');
  }
  return (hours * 60 + minutes) * MS_PER_MINUTE;
}

/**
 * Turns working hours into the sorted intervals worked each working day, refusing hours that
 * end before they start, breaks outside the hours, and overlapping breaks.
 */
export function workingIntervals(options: WorkingHoursOptions): WorkingInterval[] {
  const start = parseTimeOfDay(options.start, 'working hours start');
  const end = parseTimeOfDay(options.end, 'working hours end');
  if (end <= start) throw new CalendarError(`working hours must end after they start, got ${options.start}–${options.end}`, 'INVALID_INPUT');
  const breaks = (options.breaks ?? []).map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new CalendarError(`break ${i + 1} must be a pair ['HH:MM', 'HH:MM']`, 'INVALID_INPUT');
    const from = parseTimeOfDay(pair[0], `break ${i + 1} start`);
    const to = parseTimeOfDay(pair[1], `break ${i + 1} end`);
    if (to <= from) throw new CalendarError(`break ${i + 1} must end after it starts, got ${pair[0]}–${pair[1]}`, 'INVALID_INPUT');
    if (from <= start || to >= end) {
      throw new CalendarError(`break ${i + 1} (${pair[0]}–${pair[1]}) must lie strictly within the working hours ${options.start}–${options.end}`, 'INVALID_INPUT');
    }
    return { from, to, label: `${pair[0]}–${pair[1]}` };
  });
  breaks.sort((a, b) => a.from - b.from);
  const intervals: WorkingInterval[] = [];
  let cursor = start;
  for (const [i, pause] of breaks.entries()) {
    if (i > 0 && pause.from <= cursor) {
      throw new CalendarError(`breaks ${breaks[i - 1]?.label} and ${pause.label} overlap or touch; make them one break`, 'INVALID_INPUT');
    }
    intervals.push({ start: cursor, end: pause.from });
    cursor = pause.to;
  }
  intervals.push({ start: cursor, end });
  return intervals;
}
