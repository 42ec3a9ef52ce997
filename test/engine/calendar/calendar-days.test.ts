import { expect } from 'chai';
import { BusinessCalendar, CalendarError } from '../../../engine/src/calendar/index.js';
import { at, endOf, show } from './shanghai-time.js';

describe('calendar: calendar-day limits (自然日, 民法典 第二百零一条 / 第二百零三条)', () => {
  const calendar = new BusinessCalendar();

  it('counts every day after the start day; the deadline is the end of the n-th day', () => {
    // accepted Monday 2025-09-15: the 10th day is Thursday 9-25
    expect(show(calendar.addCalendarDays(at('2025-09-15 16:00'), 10))).to.equal(endOf('2025-09-25'));
  });

  it('a last day on a statutory holiday moves to the day after the holiday ends', () => {
    // 2025-09-21 + 10 = 10-01 (National Day); the holiday runs to 10-08 → 10-09
    expect(show(calendar.addCalendarDays(at('2025-09-21 10:00'), 10))).to.equal(endOf('2025-10-09'));
    // 2026-02-10 + 7 = 2-17 (Spring Festival, to 2-23) → 2-24
    expect(show(calendar.addCalendarDays(at('2026-02-10 10:00'), 7))).to.equal(endOf('2026-02-24'));
  });

  it('a last day on an ordinary weekend moves to Monday, one on a 调休 Saturday stays', () => {
    expect(show(calendar.addCalendarDays(at('2025-09-15 10:00'), 5))).to.equal(endOf('2025-09-22')); // Sat 9-20 → Mon
    expect(show(calendar.addCalendarDays(at('2025-10-06 10:00'), 5))).to.equal(endOf('2025-10-11')); // 调休 Saturday
  });

  it('holidays in the middle of the period count: only the last day matters', () => {
    // 2025-09-30 + 10 = 10-10, a working Friday, even though 8 of the 10 days are holidays
    expect(show(calendar.addCalendarDays(at('2025-09-30 10:00'), 10))).to.equal(endOf('2025-10-10'));
  });

  it('with working hours, the cut-off is when business stops that day', () => {
    const withHours = new BusinessCalendar({ workingHours: { start: '08:30', end: '17:30' } });
    expect(show(withHours.addCalendarDays(at('2025-09-21 10:00'), 10))).to.equal('2025-10-09 17:30:00.000');
  });

  it('refuses negative or fractional counts', () => {
    expect(() => calendar.addCalendarDays(at('2025-09-21 10:00'), -3)).to.throw(CalendarError, 'the number of calendar days must be a whole number');
  });
});
