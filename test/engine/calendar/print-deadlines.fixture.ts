// Run by time-zone.test.ts in a child process with another TZ: prints deadlines to compare.
import { BusinessCalendar } from '../../../engine/src/calendar/index.js';
import { show } from './shanghai-time.js';

const calendar = new BusinessCalendar();
console.log(
  [
    show(calendar.addWorkingDays(new Date('2025-09-25T16:30:00Z'), 5)),
    show(calendar.addCalendarDays(new Date('2025-09-20T16:30:00Z'), 10)),
    calendar.localDate(new Date('2025-09-30T16:30:00Z')),
  ].join('\n'),
);
