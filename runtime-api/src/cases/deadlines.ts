/**
 * Promised and statutory deadlines on the engine's business calendar.
 *
 * - From acceptance (受理): a limit in 工作日 → `addWorkingDays`, in 自然日 → `addCalendarDays`;
 *   an immediate item (即办件) is due at the closing time of the day it is accepted (the first
 *   working day on or after it). The day of acceptance itself never counts.
 * - When the clock restarts after 补正 or a special procedure (行政许可法 第四十五条: 所需时间不计算
 *   在期限内), a working-day deadline moves by the whole working days that were stopped
 *   (`resumeByWorkingDays`: the day the clock stopped is used up, the period restarts after
 *   the day of resumption); a calendar-day deadline moves by the calendar days stopped and,
 *   if it then falls on a day off, to the next working day. Both stay closing times.
 */
import type { Engine } from '@tongban/engine';
import type { TimeLimit } from '../catalog/types.js';

export type Calendar = Engine['calendar'];

export function dueFrom(calendar: Calendar, from: Date, limit: TimeLimit, immediate: boolean): Date {
  if (immediate) return calendar.addWorkingDays(from, 0);
  return limit.unit === 'calendarDays' ? calendar.addCalendarDays(from, limit.value) : calendar.addWorkingDays(from, limit.value);
}

const dayNumber = (localDate: string) => Date.parse(`${localDate}T00:00:00Z`) / 86_400_000;

/** The deadline after the clock stood still from `stoppedAt` to `resumedAt`. */
export function dueAfterStop(calendar: Calendar, due: Date, unit: TimeLimit['unit'], stoppedAt: Date, resumedAt: Date): Date {
  if (unit === 'workingDays') return calendar.resumeByWorkingDays(due, stoppedAt, resumedAt);
  const days = dayNumber(calendar.localDate(resumedAt)) - dayNumber(calendar.localDate(stoppedAt));
  return days <= 0 ? due : calendar.addCalendarDays(due, days);
}

/** Working days used up by the stop (reported on the case, and subtracted from handling time). */
export function stoppedWorkingDays(calendar: Calendar, stoppedAt: Date, resumedAt: Date): number {
  return Math.max(0, calendar.workingDaysBetween(stoppedAt, resumedAt));
}

/** `YYYY-MM-DD` in the calendar's zone → the instant that day starts (China keeps UTC+8 all year). */
export function startOfLocalDay(localDate: string): Date {
  return new Date(`${localDate}T00:00:00+08:00`);
}
