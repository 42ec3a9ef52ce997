import { BusinessCalendar } from './business-calendar.js';
import { defaultHolidayTable } from './default-holidays.js';

let shared: BusinessCalendar | undefined;

/** The calendar of the seeded statutory holidays in Asia/Shanghai, built once. */
export function defaultCalendar(): BusinessCalendar {
  return (shared ??= new BusinessCalendar({ holidays: defaultHolidayTable() }));
}
