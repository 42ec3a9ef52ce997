import { expect } from 'chai';
import { BusinessCalendar, CalendarError, HolidayTable, defaultHolidayTable } from '../../../engine/src/calendar/index.js';
import { at, endOf, show } from './shanghai-time.js';

describe('calendar: working days (工作日) on the real 2025 and 2026 arrangements', () => {
  const calendar = new BusinessCalendar();

  describe('isWorkingDay / describeDay / nextWorkingDay', () => {
    it('knows 调休 workdays, holidays, weekdays and weekends', () => {
      expect(calendar.isWorkingDay('2025-09-28')).to.equal(true); // Sunday, 调休上班
      expect(calendar.isWorkingDay('2025-10-11')).to.equal(true); // Saturday, 调休上班
      expect(calendar.isWorkingDay('2025-10-08')).to.equal(false); // Wednesday, National Day
      expect(calendar.isWorkingDay('2025-10-09')).to.equal(true); // Thursday
      expect(calendar.isWorkingDay('2025-10-12')).to.equal(false); // Sunday
      expect(calendar.isWorkingDay('2026-02-14')).to.equal(true); // Saturday before Spring Festival
      expect(calendar.isWorkingDay('2026-02-23')).to.equal(false); // Monday, last day of Spring Festival
      expect(calendar.isWorkingDay(at('2026-02-28 15:00'))).to.equal(true); // Saturday, 调休上班
    });

    it('explains why a day is or is not worked', () => {
      expect(calendar.describeDay('2025-10-06')).to.deep.equal({ date: '2025-10-06', working: false, reason: 'holiday', name: '中秋', covered: true });
      expect(calendar.describeDay('2025-09-28')).to.deep.equal({ date: '2025-09-28', working: true, reason: 'workday', name: '国庆节', covered: true });
      expect(calendar.describeDay('2025-10-12')).to.deep.equal({ date: '2025-10-12', working: false, reason: 'weekend', covered: true });
      expect(calendar.describeDay('2027-03-01')).to.deep.equal({ date: '2027-03-01', working: true, reason: 'weekday', covered: false });
    });

    it('nextWorkingDay skips a whole holiday and lands on a make-up Saturday', () => {
      expect(calendar.nextWorkingDay('2025-09-30')).to.equal('2025-10-09');
      expect(calendar.nextWorkingDay('2025-10-10')).to.equal('2025-10-11');
      expect(calendar.nextWorkingDay('2026-02-13')).to.equal('2026-02-14');
      expect(calendar.nextWorkingDay('2026-02-14')).to.equal('2026-02-24');
      expect(calendar.workingDayOnOrAfter('2026-02-24')).to.equal('2026-02-24');
    });

    it('refuses malformed days', () => {
      expect(() => calendar.isWorkingDay('2025-02-30')).to.throw(CalendarError, 'does not exist');
      expect(() => calendar.isWorkingDay(new Date(Number.NaN))).to.throw(CalendarError, 'invalid Date');
    });
  });

  describe('addWorkingDays: acceptance day not counted, deadline at the end of the n-th working day', () => {
    it('5 working days from the Friday before National Day 2025 count Sunday 9-28 (调休) and end 10-10', () => {
      // 9-28 Sun (1), 9-29 (2), 9-30 (3), 10-01…10-08 holiday, 10-09 (4), 10-10 (5)
      expect(show(calendar.addWorkingDays(at('2025-09-26 10:00'), 5))).to.equal(endOf('2025-10-10'));
      // one more reaches the make-up Saturday 10-11
      expect(show(calendar.addWorkingDays(at('2025-09-26 10:00'), 6))).to.equal(endOf('2025-10-11'));
    });

    it('5 working days from the Friday before Spring Festival 2026 count Saturday 2-14 (调休) and end 2-27', () => {
      // 2-14 Sat (1), 2-15…2-23 holiday, 2-24 (2), 2-25 (3), 2-26 (4), 2-27 (5)
      expect(show(calendar.addWorkingDays(at('2026-02-13 09:30'), 5))).to.equal(endOf('2026-02-27'));
      // the 6th working day is the make-up Saturday 2-28
      expect(show(calendar.addWorkingDays(at('2026-02-13 09:30'), 6))).to.equal(endOf('2026-02-28'));
    });

    it('a deadline whose counting crosses a make-up Saturday ends earlier than a plain week would', () => {
      // Labour Day 2026: 5-9 (Saturday) is worked. From Wednesday 5-6: 5-7 (1), 5-8 (2), 5-9 (3).
      expect(show(calendar.addWorkingDays(at('2026-05-06 11:00'), 3))).to.equal(endOf('2026-05-09'));
      const plainWeeks = new BusinessCalendar({ holidays: HolidayTable.empty() });
      expect(show(plainWeeks.addWorkingDays(at('2026-05-06 11:00'), 3))).to.equal(endOf('2026-05-11'));
    });

    it('the hour of acceptance does not matter, nor whether the acceptance day is worked', () => {
      expect(show(calendar.addWorkingDays(at('2025-09-26 00:00'), 1))).to.equal(endOf('2025-09-28'));
      expect(show(calendar.addWorkingDays(at('2025-09-26 23:59:59.999'), 1))).to.equal(endOf('2025-09-28'));
      // accepted online on a holiday: counting starts the next day all the same
      expect(show(calendar.addWorkingDays(at('2025-10-03 14:00'), 1))).to.equal(endOf('2025-10-09'));
    });

    it('0 working days (即办) ends on the acceptance day, or the next working day if it is closed', () => {
      expect(show(calendar.addWorkingDays(at('2025-09-26 10:00'), 0))).to.equal(endOf('2025-09-26'));
      expect(show(calendar.addWorkingDays(at('2025-10-03 10:00'), 0))).to.equal(endOf('2025-10-09'));
    });

    it('refuses negative and fractional counts', () => {
      expect(() => calendar.addWorkingDays(at('2025-09-26 10:00'), -1)).to.throw(CalendarError, 'whole number ≥ 0, got -1');
      expect(() => calendar.addWorkingDays(at('2025-09-26 10:00'), 1.5)).to.throw(CalendarError, 'whole number ≥ 0, got 1.5');
    });

    it('counting over a year end uses the next year\'s 调休 workday', () => {
      // 2025-12-31 → 2026: 1-1…1-3 off, 1-4 Sunday worked
      expect(show(calendar.addWorkingDays(at('2025-12-31 10:00'), 1))).to.equal(endOf('2026-01-04'));
    });
  });

  describe('workingDaysBetween', () => {
    it('counts working days after the first day up to and including the last, inverse of addWorkingDays', () => {
      const accepted = at('2025-09-26 10:00');
      for (let n = 0; n <= 30; n++) {
        const deadline = calendar.addWorkingDays(accepted, n);
        expect(calendar.workingDaysBetween(accepted, deadline), `n=${n}`).to.equal(n);
      }
      expect(calendar.workingDaysBetween('2025-09-30', '2025-10-08')).to.equal(0);
      expect(calendar.workingDaysBetween('2025-09-30', '2025-10-09')).to.equal(1);
      expect(calendar.workingDaysBetween('2025-10-09', '2025-09-30')).to.equal(-1);
      expect(calendar.workingDaysBetween('2025-10-09', '2025-10-09')).to.equal(0);
    });

    it('gives the days left of a limit: n − used, 0 on the day it is due', () => {
      const accepted = at('2026-02-13 09:30');
      const limit = 5;
      expect(limit - calendar.workingDaysBetween(accepted, at('2026-02-20 10:00'))).to.equal(4); // only 2-14 used
      expect(limit - calendar.workingDaysBetween(accepted, at('2026-02-27 10:00'))).to.equal(0);
    });
  });

  describe('an administrator adds the 2027 notice', () => {
    // Hypothetical entries for the test: the real 2027 notice was not in chinese-days 1.5.7.
    const notice2027 = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      ...['05', '06', '07', '08', '09', '10', '11', '12', '13'].map((d) => ({ date: `2027-02-${d}`, kind: 'holiday', name: '春节' })),
      { date: '2027-02-14', kind: 'workday', name: '春节' },
      { date: '2027-02-20', kind: 'workday', name: '春节' },
    ];
    const before = calendar;
    const after = new BusinessCalendar({ holidays: defaultHolidayTable().replaceYear(2027, notice2027) });

    it('moves a deadline that crosses New Year', () => {
      expect(show(before.addWorkingDays(at('2026-12-30 10:00'), 3))).to.equal(endOf('2027-01-04'));
      expect(show(after.addWorkingDays(at('2026-12-30 10:00'), 3))).to.equal(endOf('2027-01-05'));
    });

    it('moves a deadline that crosses Spring Festival onto the make-up Sunday', () => {
      expect(show(before.addWorkingDays(at('2027-02-04 10:00'), 2))).to.equal(endOf('2027-02-08'));
      expect(show(after.addWorkingDays(at('2027-02-04 10:00'), 1))).to.equal(endOf('2027-02-14'));
      expect(show(after.addWorkingDays(at('2027-02-04 10:00'), 2))).to.equal(endOf('2027-02-15'));
    });

    it('with uncoveredYears "refuse", 2027 is refused until the notice is entered', () => {
      const strictBefore = new BusinessCalendar({ uncoveredYears: 'refuse' });
      expect(() => strictBefore.addWorkingDays(at('2026-12-30 10:00'), 3)).to.throw(CalendarError, 'no entries for 2027').with.property('code', 'YEAR_NOT_COVERED');
      const strictAfter = new BusinessCalendar({ holidays: after.holidays, uncoveredYears: 'refuse' });
      expect(show(strictAfter.addWorkingDays(at('2026-12-30 10:00'), 3))).to.equal(endOf('2027-01-05'));
    });
  });

  it('gives up with a clear error when the table closes every day', () => {
    const closed = HolidayTable.fromEntries(
      Array.from({ length: 400 }, (_, i) => ({ date: new Date(Date.UTC(2030, 0, 1 + i)).toISOString().slice(0, 10), kind: 'holiday' })),
    );
    const cal = new BusinessCalendar({ holidays: closed });
    expect(() => cal.nextWorkingDay('2030-01-01')).to.throw(CalendarError, 'no working day within 366 days').with.property('code', 'NO_WORKING_DAY');
    expect(() => cal.addWorkingTime(at('2030-01-01 00:00'), 1)).to.throw(CalendarError, 'no working time');
  });
});
