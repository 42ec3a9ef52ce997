/**
 * Conversion between instants (`Date`) and wall-clock time in an IANA time zone, through
 * `Intl.DateTimeFormat`. The process's own time zone (`TZ`) is never consulted, so the
 * calendar gives the same answers on a server set to UTC, to Asia/Shanghai or to anything else.
 */
import { CalendarError } from './calendar-error.js';
import { dayNumber, fromDayNumber, type LocalDate } from './local-date.js';

const MS_PER_DAY = 86_400_000;
/** Days whose offset is remembered; the cache is emptied when full. */
const MAX_CACHED_DAYS = 20_000;

/** Wall-clock position of an instant: its local date and milliseconds since local midnight. */
export interface WallTime {
  readonly date: LocalDate;
  readonly msOfDay: number;
}

/** Converts instants to and from wall-clock time in one IANA zone. */
export class TimeZone {
  private readonly format: Intl.DateTimeFormat;
  private readonly steadyOffsets = new Map<LocalDate, number | null>();

  /** Throws a {@link CalendarError} when the zone is not a known IANA zone. */
  constructor(readonly name: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new CalendarError(`unknown time zone "${name}": use an IANA zone name such as "Asia/Shanghai"`, 'INVALID_INPUT');
    }
  }

  /** Offset of local time from UTC at an instant, in milliseconds (Asia/Shanghai: +8 h). */
  offsetAt(instantMs: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(instantMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wallAsUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
    const wholeSeconds = instantMs - (((instantMs % 1000) + 1000) % 1000);
    return wallAsUtc - wholeSeconds;
  }

  /** The local date and time of day of an instant. */
  wallTime(instantMs: number): WallTime {
    const local = instantMs + this.offsetAt(instantMs);
    const day = Math.floor(local / MS_PER_DAY);
    return { date: fromDayNumber(day), msOfDay: local - day * MS_PER_DAY };
  }

  /**
   * The instant at which local time reads `msOfDay` after midnight on `date`. `msOfDay` may be
   * 24 h (the end of the day, i.e. the next midnight). Exact in zones without daylight saving
   * such as Asia/Shanghai; elsewhere a wall time skipped or repeated by a clock change resolves
   * to an instant within an hour of it.
   */
  instant(date: LocalDate, msOfDay: number): number {
    const wall = dayNumber(date) * MS_PER_DAY + msOfDay;
    const steady = this.steadyOffset(date);
    if (steady !== undefined) return wall - steady;
    const firstGuess = wall - this.offsetAt(wall);
    return wall - this.offsetAt(firstGuess);
  }

  /** The offset in force all day long on `date`, or undefined on a day the clocks change. Cached. */
  private steadyOffset(date: LocalDate): number | undefined {
    const cached = this.steadyOffsets.get(date);
    if (cached !== undefined || this.steadyOffsets.has(date)) return cached ?? undefined;
    const midnight = dayNumber(date) * MS_PER_DAY;
    const atStart = this.offsetAt(midnight - this.offsetAt(midnight));
    const atEnd = this.offsetAt(midnight + MS_PER_DAY - this.offsetAt(midnight + MS_PER_DAY));
    const steady = atStart === atEnd && this.offsetAt(midnight - atStart) === atStart ? atStart : null;
    if (this.steadyOffsets.size >= MAX_CACHED_DAYS) this.steadyOffsets.clear();
    this.steadyOffsets.set(date, steady);
    return steady ?? undefined;
  }
}
