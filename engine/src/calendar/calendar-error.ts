/**
 * Errors raised by the business calendar. Every message names the offending value and says
 * what would be accepted, so that an administrator or engineer can fix the input directly.
 */

/** Machine-readable reason of a {@link CalendarError}. */
export type CalendarErrorCode =
  /** A date, time, zone or working-hours option is malformed. */
  | 'INVALID_INPUT'
  /** Holiday table entries are invalid; see {@link HolidayTableError.problems}. */
  | 'INVALID_HOLIDAY_ENTRIES'
  /** A business duration such as `P5WD` is malformed. */
  | 'INVALID_DURATION'
  /** A computation needed a year the holiday table does not cover (strict coverage only). */
  | 'YEAR_NOT_COVERED'
  /** No working day was found within the search horizon (the table closes every day). */
  | 'NO_WORKING_DAY';

/** Raised for any invalid input to, or impossible computation of, the business calendar. */
export class CalendarError extends Error {
  constructor(
    message: string,
    readonly code: CalendarErrorCode,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}
