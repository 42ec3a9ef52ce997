/**
 * Entries of the holiday table and their validation.
 *
 * Two kinds of dated entries make up China's working calendar, both published each year by the
 * General Office of the State Council (国务院办公厅关于某年部分节假日安排的通知):
 * - `holiday`: a day off for a statutory holiday (法定节假日), including the weekdays given off
 *   by 调休 and, harmlessly, the weekend days inside the holiday period;
 * - `workday`: a Saturday or Sunday worked in exchange (调休上班, 补班).
 * Every other Monday–Friday is a working day and every other Saturday–Sunday a rest day.
 */
import { CalendarError } from './calendar-error.js';
import { isWeekend, localDateProblem, weekday, yearOf, type LocalDate } from './local-date.js';

/** Whether an entry closes a day (`holiday`) or opens a weekend day for work (`workday`). */
export type HolidayKind = 'holiday' | 'workday';

/** One dated entry of the holiday table. */
export interface HolidayEntry {
  readonly date: LocalDate;
  readonly kind: HolidayKind;
  /** The festival it belongs to, e.g. `国庆节`; shown to users, not interpreted. */
  readonly name?: string;
}

/** One thing wrong with a list of entries, pointing at the entry by its position. */
export interface HolidayEntryProblem {
  /** Zero-based position of the entry in the list given. */
  readonly index: number;
  /** The entry's date as given, when it has one. */
  readonly date?: string;
  readonly message: string;
}

/** Raised when holiday entries are refused; `problems` lists every problem, not just the first. */
export class HolidayTableError extends CalendarError {
  constructor(readonly problems: readonly HolidayEntryProblem[]) {
    super(
      `invalid holiday entries:\n${problems.map((p) => `  - entry ${p.index + 1}${p.date === undefined ? '' : ` (${p.date})`}: ${p.message}`).join('\n')}`,
      'INVALID_HOLIDAY_ENTRIES',
    );
    this.name = 'HolidayTableError';
  }
}

/** The longest name accepted, in characters. */
export const MAX_HOLIDAY_NAME_LENGTH = 100;

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Checks a list of would-be entries and returns every problem found (empty when all is well):
 * - the date must be a real `YYYY-MM-DD` date;
 * - the kind must be `holiday` or `workday`;
 * - a `workday` (调休上班) must fall on a Saturday or Sunday: Monday–Friday are working days
 *   anyway, so such an entry is almost certainly a typing mistake;
 * - the name, when given, must be a non-empty string of at most 100 characters (`null` counts
 *   as absent, as it comes from a database);
 * - the same date must not appear twice with different kinds or different names (an exact
 *   repetition is tolerated);
 * - when `year` is given, every date must lie in that year.
 */
export function validateHolidayEntries(entries: readonly unknown[], year?: number): HolidayEntryProblem[] {
  const problems: HolidayEntryProblem[] = [];
  const seen = new Map<string, { index: number; kind: string; name: string | undefined }>();
  entries.forEach((raw, index) => {
    const report = (message: string, date?: string) => problems.push(date === undefined ? { index, message } : { index, date, message });
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      report('an entry must be an object { date, kind, name? }');
      return;
    }
    const { date, kind, name } = raw as Record<string, unknown>;
    const shownDate = typeof date === 'string' ? date : undefined;
    const dateProblem = localDateProblem(date);
    if (dateProblem !== undefined) report(dateProblem, shownDate);
    if (kind !== 'holiday' && kind !== 'workday') {
      report(`kind must be "holiday" (放假) or "workday" (调休上班), got ${JSON.stringify(kind) ?? 'nothing'}`, shownDate);
    }
    if (name !== undefined && name !== null && (typeof name !== 'string' || name.trim() === '' || name.length > MAX_HOLIDAY_NAME_LENGTH)) {
      report(`name must be a non-empty text of at most ${MAX_HOLIDAY_NAME_LENGTH} characters, or be left out`, shownDate);
    }
    if (dateProblem !== undefined || shownDate === undefined) return;
    if (kind === 'workday' && !isWeekend(shownDate)) {
      report(`${shownDate} is a ${WEEKDAY_NAMES[weekday(shownDate)]}, which is a working day anyway; a make-up workday (调休上班) must be a Saturday or Sunday`, shownDate);
    }
    if (year !== undefined && yearOf(shownDate) !== year) {
      report(`${shownDate} is not in ${year}, the year being replaced`, shownDate);
    }
    const normalizedName = typeof name === 'string' ? name : undefined;
    const earlier = seen.get(shownDate);
    if (earlier === undefined) {
      seen.set(shownDate, { index, kind: String(kind), name: normalizedName });
    } else if (earlier.kind !== kind) {
      report(`${shownDate} is listed twice with conflicting kinds: "${earlier.kind}" at entry ${earlier.index + 1} and "${String(kind)}" here`, shownDate);
    } else if (earlier.name !== undefined && normalizedName !== undefined && earlier.name !== normalizedName) {
      report(`${shownDate} is listed twice with different names: "${earlier.name}" at entry ${earlier.index + 1} and "${normalizedName}" here`, shownDate);
    }
  });
  return problems;
}

/** Validates entries and returns them normalized (no `null` names, duplicates merged, sorted by date); throws {@link HolidayTableError}. */
export function checkHolidayEntries(entries: readonly unknown[], year?: number): HolidayEntry[] {
  const problems = validateHolidayEntries(entries, year);
  if (problems.length > 0) throw new HolidayTableError(problems);
  const byDate = new Map<string, HolidayEntry>();
  for (const raw of entries as readonly { date: string; kind: HolidayKind; name?: string | null }[]) {
    const name = raw.name ?? byDate.get(raw.date)?.name;
    byDate.set(raw.date, name === undefined || name === null ? { date: raw.date, kind: raw.kind } : { date: raw.date, kind: raw.kind, name });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
