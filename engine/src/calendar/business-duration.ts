/**
 * Business durations for BPMN timers and limits, written as an extension of ISO 8601:
 *
 * | text          | meaning                                   | result                         |
 * |---------------|-------------------------------------------|--------------------------------|
 * | `P5WD`        | 5 working days (工作日)                    | `{ workingDays: 5 }`           |
 * | `PT4WH`       | 4 working hours                           | `{ workingMs: 14_400_000 }`    |
 * | `PT30WM`      | 30 working minutes                        | `{ workingMs: 1_800_000 }`     |
 * | `PT1WH30WM`   | 1 working hour 30 minutes                 | `{ workingMs: 5_400_000 }`     |
 *
 * Working days follow the statutory rule (`BusinessCalendar.addWorkingDays`: the start day does
 * not count, the deadline is the closing time of the n-th working day); working hours and
 * minutes count working time from the start instant (`addWorkingTime`). Plain ISO durations
 * (`P5D`, `PT2H`, `P1W`) are not business durations: `parseBusinessDuration` returns undefined
 * for them so that the timer code handles them as ordinary ISO 8601. Text is trimmed and read
 * case-insensitively.
 *
 * The BPMN attribute `tongban:workingDays="5"` means the same as `P5WD`; see
 * `parseWorkingDaysAttribute`.
 */
import type { BusinessCalendar } from './business-calendar.js';
import { CalendarError } from './calendar-error.js';

/** A parsed business duration: exactly one of the two fields is set. */
export interface BusinessDuration {
  readonly workingDays?: number;
  readonly workingMs?: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** Sanity bounds: a larger limit is a typing mistake, not a statute. */
const MAX_WORKING_DAYS = 10_000;
const MAX_WORKING_HOURS = 100_000;
const GRAMMAR = /^P(?:(\d+)WD)?(?:T(?:(\d+)WH)?(?:(\d+)WM)?)?$/;
const FORMS = 'use PnWD (n working days), PTnWH (working hours), PTnWM (working minutes) or PTnWHmWM';

/**
 * Parses `PnWD`, `PTnWH`, `PTnWM` or `PTnWHmWM`. Returns undefined when the text uses no
 * working unit (`WD`, `WH`, `WM`) — it is then not a business duration — and throws a
 * `CalendarError` (code `INVALID_DURATION`) when it does but is malformed.
 */
export function parseBusinessDuration(text: string): BusinessDuration | undefined {
  if (typeof text !== 'string') throw durationError(`a duration must be a text, got ${typeof text}`);
  const source = text.trim().toUpperCase();
  if (!/W[DHM]/.test(source)) return undefined;
  const match = GRAMMAR.exec(source);
  if (!match) throw durationError(`"${text}" is not a valid business duration: ${diagnose(source)}`);
  const [, days, hours, minutes] = match;
  if (days !== undefined && (hours !== undefined || minutes !== undefined)) {
    throw durationError(`"${text}" mixes working days with working hours; a deadline is either whole working days (PnWD) or working time (PTnWH)`);
  }
  if (days !== undefined) {
    const workingDays = Number(days);
    if (workingDays > MAX_WORKING_DAYS) throw durationError(`"${text}" is more than ${MAX_WORKING_DAYS} working days`);
    return { workingDays };
  }
  const workingHours = Number(hours ?? 0) + Number(minutes ?? 0) / 60;
  if (workingHours > MAX_WORKING_HOURS) throw durationError(`"${text}" is more than ${MAX_WORKING_HOURS} working hours`);
  return { workingMs: Number(hours ?? 0) * MS_PER_HOUR + Number(minutes ?? 0) * MS_PER_MINUTE };
}

/**
 * Reads the value of `tongban:workingDays` (a whole number of working days, e.g. `"5"`) as a
 * business duration. Expressions (`=…`) must be evaluated before calling this.
 */
export function parseWorkingDaysAttribute(value: string | number): BusinessDuration {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (text.startsWith('=')) throw durationError(`tongban:workingDays "${text}" is an expression; evaluate it to a number first`);
  if (!/^\d+$/.test(text)) throw durationError(`tongban:workingDays must be a whole number of working days ≥ 0, got ${JSON.stringify(value) ?? 'nothing'}`);
  const workingDays = Number(text);
  if (workingDays > MAX_WORKING_DAYS) throw durationError(`tongban:workingDays ${text} is more than ${MAX_WORKING_DAYS} working days`);
  return { workingDays };
}

/** Writes a business duration back as text: `P5WD`, `PT4WH`, `PT1WH30WM`, `PT0WM`. */
export function formatBusinessDuration(duration: BusinessDuration): string {
  checkDuration(duration);
  if (duration.workingDays !== undefined) return `P${duration.workingDays}WD`;
  const minutes = (duration.workingMs ?? 0) / MS_PER_MINUTE;
  if (!Number.isInteger(minutes)) throw durationError(`working time ${String(duration.workingMs)} ms is not a whole number of minutes`);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `PT${rest}WM`;
  return rest === 0 ? `PT${hours}WH` : `PT${hours}WH${rest}WM`;
}

/**
 * The due date of a business duration started at `from`: `addWorkingDays` for working days,
 * `addWorkingTime` for working hours and minutes. Throws when the text is not a business
 * duration (plain ISO durations are for the ordinary timer code).
 */
export function dueDate(calendar: BusinessCalendar, from: Date, duration: string | BusinessDuration): Date {
  const parsed = typeof duration === 'string' ? parseBusinessDuration(duration) : duration;
  if (parsed === undefined) throw durationError(`"${String(duration)}" is not a business duration: ${FORMS}`);
  checkDuration(parsed);
  if (parsed.workingDays !== undefined) return calendar.addWorkingDays(from, parsed.workingDays);
  return calendar.addWorkingTime(from, parsed.workingMs ?? 0);
}

function checkDuration(duration: BusinessDuration): void {
  const { workingDays, workingMs } = duration;
  if ((workingDays === undefined) === (workingMs === undefined)) {
    throw durationError('a business duration has exactly one of workingDays and workingMs');
  }
  if (workingDays !== undefined && (!Number.isSafeInteger(workingDays) || workingDays < 0)) {
    throw durationError(`workingDays must be a whole number ≥ 0, got ${String(workingDays)}`);
  }
  if (workingMs !== undefined && (!Number.isFinite(workingMs) || workingMs < 0)) {
    throw durationError(`workingMs must be a finite number ≥ 0, got ${String(workingMs)}`);
  }
}

/** Says, as precisely as it can, what is wrong with a text that uses working units. */
function diagnose(source: string): string {
  const time = source.indexOf('T');
  if (!source.startsWith('P')) return `a duration starts with "P", e.g. P5WD; ${FORMS}`;
  if (source.includes('-')) return 'negative durations are not allowed';
  if (/[.,]/.test(source)) return 'use whole numbers (PT1WH30WM rather than PT1.5WH)';
  if (time >= 0 && source.indexOf('WD') > time) return 'working days (WD) go before "T", e.g. P5WD';
  if (/W[HM]/.test(time >= 0 ? source.slice(0, time) : source)) return 'working hours and minutes go after "T", e.g. PT4WH';
  if (/\d[A-Z]/.test(source.replace(/\d+W[DHM]/g, ''))) return `working units cannot be mixed with calendar units (Y, M, W, D, H, S); ${FORMS}`;
  if (/(?:^|[^\d])W[DHM]/.test(source)) return 'each unit needs a whole number in front of it, e.g. P5WD';
  return FORMS;
}

function durationError(message: string): CalendarError {
  return new CalendarError(message, 'INVALID_DURATION');
}
