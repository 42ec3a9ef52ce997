/**
 * The Chinese business calendar: statutory holidays and 调休 workdays, working-day and
 * calendar-day deadlines, working time with suspension, and business durations for timers.
 * Pure: no I/O, no clock.
 */
export { CalendarError, type CalendarErrorCode } from './calendar-error.js';
export { type LocalDate, localDateProblem, parseLocalDate, addDays, weekday, isWeekend } from './local-date.js';
export { TimeZone, type WallTime } from './time-zone.js';
export {
  type HolidayKind,
  type HolidayEntry,
  type HolidayEntryProblem,
  HolidayTableError,
  MAX_HOLIDAY_NAME_LENGTH,
  validateHolidayEntries,
  checkHolidayEntries,
} from './holiday-entry.js';
export { HolidayTable } from './holiday-table.js';
export { type CalendarDayRow, holidayTableToRows, holidayTableFromRows, holidayTableToJson, holidayTableFromJson } from './calendar-day-rows.js';
export { defaultHolidayTable } from './default-holidays.js';
export { type WorkingHoursOptions, type WorkingInterval, parseTimeOfDay, workingIntervals } from './working-hours.js';
export {
  BusinessCalendar,
  type BusinessCalendarOptions,
  type UncoveredYearPolicy,
  type DayInfo,
  type DayInput,
} from './business-calendar.js';
export {
  type BusinessDuration,
  parseBusinessDuration,
  parseWorkingDaysAttribute,
  formatBusinessDuration,
  dueDate,
} from './business-duration.js';
