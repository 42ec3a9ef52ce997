import { expect } from 'chai';
import { BusinessCalendar, CalendarError } from '../../../engine/src/calendar/index.js';
import { at, endOf, show } from './shanghai-time.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('calendar: working time and suspension', () => {
  describe('working hours 09:00–17:00 with a lunch break 12:00–13:30 (6.5 h a day)', () => {
    const calendar = new BusinessCalendar({ workingHours: { start: '09:00', end: '17:00', breaks: [['12:00', '13:30']] } });

    it('counts only time within hours, outside the break, on working days', () => {
      expect(calendar.workingTimeBetween(at('2025-09-29 08:00'), at('2025-09-29 18:00'))).to.equal(6.5 * HOUR);
      expect(calendar.workingTimeBetween(at('2025-09-29 11:00'), at('2025-09-29 14:00'))).to.equal(1.5 * HOUR);
      expect(calendar.workingTimeBetween(at('2025-09-29 12:10'), at('2025-09-29 13:20'))).to.equal(0);
      // Friday 16:00 → Monday 10:00 over an ordinary weekend: 1 h + 1 h
      expect(calendar.workingTimeBetween(at('2025-09-19 16:00'), at('2025-09-22 10:00'))).to.equal(2 * HOUR);
      // Tuesday 9-30 16:00 → Thursday 10-09 10:00 over National Day: 1 h + 1 h
      expect(calendar.workingTimeBetween(at('2025-09-30 16:00'), at('2025-10-09 10:00'))).to.equal(2 * HOUR);
      expect(calendar.workingTimeBetween(at('2025-10-09 10:00'), at('2025-09-30 16:00'))).to.equal(-2 * HOUR);
    });

    it('adds working time across the lunch break and into the next working day', () => {
      expect(show(calendar.addWorkingTime(at('2025-09-29 11:30'), HOUR))).to.equal('2025-09-29 14:00:00.000');
      expect(show(calendar.addWorkingTime(at('2025-09-29 12:30'), HOUR))).to.equal('2025-09-29 14:30:00.000');
      expect(show(calendar.addWorkingTime(at('2025-09-29 07:00'), 30 * MINUTE))).to.equal('2025-09-29 09:30:00.000');
      // Friday 9-26 16:00 + 4 h: 1 h on Friday, then 3 h on Sunday 9-28, a 调休 workday
      expect(show(calendar.addWorkingTime(at('2025-09-26 16:00'), 4 * HOUR))).to.equal('2025-09-28 12:00:00.000');
    });

    it('ends on the close of a stretch, not on the next opening', () => {
      expect(show(calendar.addWorkingTime(at('2025-09-19 16:00'), HOUR))).to.equal('2025-09-19 17:00:00.000');
      expect(show(calendar.addWorkingTime(at('2025-09-29 11:00'), HOUR))).to.equal('2025-09-29 12:00:00.000');
      expect(show(calendar.addWorkingTime(at('2025-09-20 10:00'), 0))).to.equal('2025-09-20 10:00:00.000');
    });

    it('places working-day deadlines at the end of working hours (民法典 第二百零三条第二款)', () => {
      expect(show(calendar.addWorkingDays(at('2025-09-26 10:00'), 5))).to.equal('2025-10-10 17:00:00.000');
      expect(show(calendar.closingTime('2025-10-11'))).to.equal('2025-10-11 17:00:00.000');
      expect(show(calendar.openingTime('2025-10-11'))).to.equal('2025-10-11 09:00:00.000');
    });

    it('refuses malformed working hours with clear messages', () => {
      const make = (workingHours: ConstructorParameters<typeof BusinessCalendar>[0]) => () => new BusinessCalendar(workingHours);
      expect(make({ workingHours: { start: '9:00', end: '17:00' } })).to.throw(CalendarError, 'working hours start must be a time "HH:MM"');
      expect(make({ workingHours: { start: '09:00', end: '24:30' } })).to.throw(CalendarError, 'working hours end must be a time');
      expect(make({ workingHours: { start: '17:00', end: '09:00' } })).to.throw(CalendarError, 'must end after they start');
      expect(make({ workingHours: { start: '09:00', end: '17:00', breaks: [['08:00', '10:00']] } })).to.throw(CalendarError, 'must lie strictly within');
      expect(make({ workingHours: { start: '09:00', end: '17:00', breaks: [['12:00', '13:00'], ['12:30', '14:00']] } })).to.throw(CalendarError, 'overlap');
      expect(make({ workingHours: { start: '09:00', end: '17:00', breaks: [['13:00', '12:00']] } })).to.throw(CalendarError, 'break 1 must end after it starts');
    });
  });

  describe('whole working days (no hours): each working day counts 24 h', () => {
    const calendar = new BusinessCalendar();

    it('counts whole working days, skipping holidays', () => {
      expect(calendar.workingTimeBetween(at('2025-09-30 00:00'), at('2025-10-10 00:00'))).to.equal(2 * 24 * HOUR); // 9-30, 10-09
      expect(show(calendar.addWorkingTime(at('2025-09-30 12:00'), 24 * HOUR))).to.equal('2025-10-09 12:00:00.000');
    });

    it('refuses negative or non-finite working time', () => {
      expect(() => calendar.addWorkingTime(at('2025-09-30 12:00'), -1)).to.throw(CalendarError, 'finite number of milliseconds ≥ 0');
      expect(() => calendar.addWorkingTime(at('2025-09-30 12:00'), Number.POSITIVE_INFINITY)).to.throw(CalendarError);
    });
  });

  describe('suspension: the clock stops (补正, 特别程序)', () => {
    it('suspended on a Thursday, resumed after National Day: the case keeps its remaining working time', () => {
      const calendar = new BusinessCalendar();
      const accepted = at('2025-09-22 10:00');
      const deadline = calendar.addWorkingDays(accepted, 20);
      expect(show(deadline)).to.equal(endOf('2025-10-24'));
      const suspendedAt = at('2025-09-25 15:00'); // Thursday
      const resumedAt = at('2025-10-09 10:00'); // Thursday after the holiday
      // stopped: 9 h of 9-25, 9-26, 9-28 (Sunday, 调休), 9-29, 9-30, 10 h of 10-09 = 115 working hours
      expect(calendar.workingTimeBetween(suspendedAt, resumedAt)).to.equal(115 * HOUR);
      const resumed = calendar.resume(deadline, suspendedAt, resumedAt);
      expect(show(resumed)).to.equal('2025-10-31 18:59:59.999');
      // the same as restarting the remaining time at resumption
      const remaining = calendar.workingTimeBetween(suspendedAt, deadline);
      expect(calendar.addWorkingTime(resumedAt, remaining).getTime()).to.equal(resumed.getTime());
    });

    it('resumeByWorkingDays keeps an end-of-day deadline: the suspension day is used, the resumption day is not', () => {
      const calendar = new BusinessCalendar();
      const deadline = calendar.addWorkingDays(at('2025-09-22 10:00'), 20);
      // working days after 9-25 up to 10-09: 9-26, 9-28, 9-29, 9-30, 10-09 → 5
      const resumed = calendar.resumeByWorkingDays(deadline, at('2025-09-25 15:00'), at('2025-10-09 10:00'));
      expect(show(resumed)).to.equal(endOf('2025-10-31'));
      // equals: 3 days used (9-23…9-25), the remaining 17 counted after the resumption day
      expect(resumed.getTime()).to.equal(calendar.addWorkingDays(at('2025-10-09 10:00'), 17).getTime());
      // suspended and resumed the same day: nothing moves
      expect(calendar.resumeByWorkingDays(deadline, at('2025-09-25 09:00'), at('2025-09-25 16:00')).getTime()).to.equal(deadline.getTime());
    });

    it('with working hours: suspended Thursday before Mid-autumn 2026, resumed after National Day', () => {
      const calendar = new BusinessCalendar({ workingHours: { start: '09:00', end: '17:00', breaks: [['12:00', '13:30']] } });
      // accepted Monday 9-21; 9-22 (1), 9-23 (2), 9-24 (3), 9-25…9-27 Mid-autumn, 9-28 (4), 9-29 (5)
      const deadline = calendar.addWorkingDays(at('2026-09-21 10:00'), 5);
      expect(show(deadline)).to.equal('2026-09-29 17:00:00.000');
      const suspendedAt = at('2026-09-24 14:00');
      const resumedAt = at('2026-10-08 10:30');
      // 3 h on 9-24, 3 × 6.5 h on 9-28…9-30, 1.5 h on 10-08 = 24 h
      expect(calendar.workingTimeBetween(suspendedAt, resumedAt)).to.equal(24 * HOUR);
      // 9-29 17:00 + 24 h: 9-30 6.5, 10-08 6.5, 10-09 6.5, Saturday 10-10 (调休) 3 h + 1.5 h → 15:00
      expect(show(calendar.resume(deadline, suspendedAt, resumedAt))).to.equal('2026-10-10 15:00:00.000');
    });

    it('a suspension entirely within non-working time moves nothing', () => {
      const calendar = new BusinessCalendar();
      const deadline = at('2025-10-10 23:59:59.999');
      expect(calendar.resume(deadline, at('2025-10-01 09:00'), at('2025-10-05 09:00')).getTime()).to.equal(deadline.getTime());
    });

    it('refuses a resumption before the suspension', () => {
      const calendar = new BusinessCalendar();
      expect(() => calendar.resume(at('2025-10-10 23:59'), at('2025-10-09 10:00'), at('2025-10-09 09:00'))).to.throw(CalendarError, 'is before suspendedAt');
    });
  });
});
