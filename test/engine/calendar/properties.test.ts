import { expect } from 'chai';
import fc from 'fast-check';
import { BusinessCalendar } from '../../../engine/src/calendar/index.js';

/** Instants between 2024-12-01 and 2026-11-30 (Shanghai), inside the seeded years. */
const instant = fc.integer({ min: Date.UTC(2024, 11, 1), max: Date.UTC(2026, 10, 30) }).map((ms) => new Date(ms));
const HOUR = 3_600_000;

describe('calendar: properties', () => {
  const whole = new BusinessCalendar();
  const hours = new BusinessCalendar({ workingHours: { start: '09:00', end: '17:00', breaks: [['12:00', '13:30']] } });

  it('workingDaysBetween(from, addWorkingDays(from, n)) === n, and the deadline is a working day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 }), (from, n) => {
        const deadline = whole.addWorkingDays(from, n);
        expect(whole.isWorkingDay(deadline)).to.equal(true);
        if (n > 0 || whole.isWorkingDay(from)) expect(whole.workingDaysBetween(from, deadline)).to.equal(n);
      }),
      { numRuns: 200 },
    );
  });

  it('addWorkingTime is the inverse of workingTimeBetween, and gives the earliest such instant', () => {
    for (const calendar of [whole, hours]) {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 200 * HOUR }), (from, ms) => {
          const to = calendar.addWorkingTime(from, ms);
          expect(calendar.workingTimeBetween(from, to)).to.equal(ms);
          expect(calendar.workingTimeBetween(from, new Date(to.getTime() - 1))).to.equal(ms - 1);
        }),
        { numRuns: 100 },
      );
    }
  });

  it('working time is additive: between(a, c) = between(a, b) + between(b, c)', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        expect(hours.workingTimeBetween(a, c)).to.equal(hours.workingTimeBetween(a, b) + hours.workingTimeBetween(b, c));
      }),
      { numRuns: 100 },
    );
  });

  it('resume keeps the remaining working time: the same as restarting it at resumption', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 30 * 24 * HOUR }), fc.integer({ min: 0, max: 20 * 24 * HOUR }), (accepted, n, untilSuspension, suspension) => {
        const deadline = hours.addWorkingDays(accepted, n);
        const suspendedAt = new Date(Math.min(accepted.getTime() + untilSuspension, deadline.getTime()));
        const resumedAt = new Date(suspendedAt.getTime() + suspension);
        const remaining = hours.workingTimeBetween(suspendedAt, deadline);
        const resumed = hours.resume(deadline, suspendedAt, resumedAt);
        expect(hours.workingTimeBetween(resumedAt, resumed)).to.equal(remaining);
      }),
      { numRuns: 100 },
    );
  });
});
