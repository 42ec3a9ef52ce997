import { expect } from 'chai';
import {
  BusinessCalendar,
  CalendarError,
  dueDate,
  formatBusinessDuration,
  parseBusinessDuration,
  parseWorkingDaysAttribute,
} from '../../../engine/src/calendar/index.js';
import { at, endOf, show } from './shanghai-time.js';

const HOUR = 3_600_000;

function durationError(text: string): string {
  try {
    parseBusinessDuration(text);
  } catch (err) {
    expect(err).to.be.instanceOf(CalendarError);
    expect((err as CalendarError).code).to.equal('INVALID_DURATION');
    return (err as Error).message;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('calendar: business durations (PnWD, PTnWH)', () => {
  describe('parseBusinessDuration', () => {
    it('reads working days, hours and minutes', () => {
      expect(parseBusinessDuration('P5WD')).to.deep.equal({ workingDays: 5 });
      expect(parseBusinessDuration('P0WD')).to.deep.equal({ workingDays: 0 });
      expect(parseBusinessDuration('PT4WH')).to.deep.equal({ workingMs: 4 * HOUR });
      expect(parseBusinessDuration('PT30WM')).to.deep.equal({ workingMs: 30 * 60_000 });
      expect(parseBusinessDuration('PT1WH30WM')).to.deep.equal({ workingMs: 1.5 * HOUR });
      expect(parseBusinessDuration('  p20wd ')).to.deep.equal({ workingDays: 20 });
    });

    it('returns undefined for plain ISO 8601 durations, left to the ordinary timer code', () => {
      for (const text of ['P5D', 'PT2H', 'P1W', 'P1Y2M', 'R3/PT10M', '2026-01-01T00:00:00Z']) {
        expect(parseBusinessDuration(text), text).to.equal(undefined);
      }
    });

    it('refuses malformed business durations with a precise reason', () => {
      expect(durationError('5WD')).to.contain('a duration starts with "P"');
      expect(durationError('P-5WD')).to.contain('negative durations are not allowed');
      expect(durationError('PT1.5WH')).to.contain('use whole numbers');
      expect(durationError('PT5WD')).to.contain('working days (WD) go before "T"');
      expect(durationError('P4WH')).to.contain('working hours and minutes go after "T"');
      expect(durationError('P1DT2WH')).to.contain('cannot be mixed with calendar units');
      expect(durationError('P5WD2D')).to.contain('cannot be mixed with calendar units');
      expect(durationError('PWD')).to.contain('each unit needs a whole number');
      expect(durationError('P2WDT4WH')).to.contain('mixes working days with working hours');
      expect(durationError('PT30WM1WH')).to.contain('use PnWD');
      expect(durationError('P99999WD')).to.contain('more than 10000 working days');
    });
  });

  describe('tongban:workingDays attribute', () => {
    it('reads a whole number of working days', () => {
      expect(parseWorkingDaysAttribute('5')).to.deep.equal({ workingDays: 5 });
      expect(parseWorkingDaysAttribute(' 20 ')).to.deep.equal({ workingDays: 20 });
      expect(parseWorkingDaysAttribute(3)).to.deep.equal({ workingDays: 3 });
    });

    it('refuses anything else', () => {
      expect(() => parseWorkingDaysAttribute('five')).to.throw(CalendarError, 'tongban:workingDays must be a whole number of working days ≥ 0, got "five"');
      expect(() => parseWorkingDaysAttribute('-1')).to.throw(CalendarError, 'whole number');
      expect(() => parseWorkingDaysAttribute(2.5)).to.throw(CalendarError, 'whole number');
      expect(() => parseWorkingDaysAttribute('=limit')).to.throw(CalendarError, 'is an expression');
    });
  });

  describe('formatBusinessDuration', () => {
    it('writes what parseBusinessDuration reads', () => {
      for (const text of ['P5WD', 'PT4WH', 'PT30WM', 'PT1WH30WM', 'PT0WM']) {
        const parsed = parseBusinessDuration(text);
        expect(parsed).to.not.equal(undefined);
        expect(formatBusinessDuration(parsed ?? {})).to.equal(text);
      }
    });

    it('refuses a duration with both or neither field, or with seconds', () => {
      expect(() => formatBusinessDuration({})).to.throw(CalendarError, 'exactly one');
      expect(() => formatBusinessDuration({ workingDays: 1, workingMs: 1 })).to.throw(CalendarError, 'exactly one');
      expect(() => formatBusinessDuration({ workingMs: 1500 })).to.throw(CalendarError, 'whole number of minutes');
    });
  });

  describe('dueDate', () => {
    const calendar = new BusinessCalendar({ workingHours: { start: '09:00', end: '17:00', breaks: [['12:00', '13:30']] } });

    it('uses the working-day rule for PnWD and working time for PTnWH', () => {
      expect(show(dueDate(calendar, at('2025-09-26 10:00'), 'P5WD'))).to.equal('2025-10-10 17:00:00.000');
      expect(show(dueDate(calendar, at('2025-09-26 16:00'), 'PT4WH'))).to.equal('2025-09-28 12:00:00.000');
      expect(show(dueDate(calendar, at('2025-09-26 10:00'), { workingDays: 1 }))).to.equal('2025-09-28 17:00:00.000');
      expect(show(dueDate(new BusinessCalendar(), at('2026-02-13 10:00'), parseWorkingDaysAttribute('5')))).to.equal(endOf('2026-02-27'));
    });

    it('refuses a plain ISO duration', () => {
      expect(() => dueDate(calendar, at('2025-09-26 10:00'), 'P5D')).to.throw(CalendarError, '"P5D" is not a business duration');
    });
  });
});
