import { expect } from 'chai';
import {
  CalendarError,
  HolidayTable,
  HolidayTableError,
  defaultHolidayTable,
  holidayTableFromJson,
  holidayTableFromRows,
  holidayTableToJson,
  holidayTableToRows,
  validateHolidayEntries,
} from '../../../engine/src/calendar/index.js';

function refusal(fn: () => unknown): HolidayTableError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(HolidayTableError);
    return err as HolidayTableError;
  }
  throw new Error('expected a HolidayTableError');
}

describe('calendar: holiday table', () => {
  describe('default seed from chinese-days', () => {
    const table = defaultHolidayTable();

    it('covers 2004 through 2026', () => {
      const years = table.years();
      expect(years[0]).to.equal(2004);
      expect(years[years.length - 1]).to.equal(2026);
      expect(years).to.have.length(23);
      expect(table.coversYear(2027)).to.equal(false);
    });

    it('holds the real 2025 arrangement (国办发明电〔2024〕12号)', () => {
      const workdays = table.entries(2025).filter((e) => e.kind === 'workday').map((e) => e.date);
      expect(workdays).to.deep.equal(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
      expect(table.get('2025-10-01')).to.deep.equal({ date: '2025-10-01', kind: 'holiday', name: '国庆节' });
      expect(table.get('2025-10-06')).to.deep.equal({ date: '2025-10-06', kind: 'holiday', name: '中秋' });
      expect(table.get('2025-10-08')?.kind).to.equal('holiday');
      expect(table.get('2025-09-28')).to.deep.equal({ date: '2025-09-28', kind: 'workday', name: '国庆节' });
      for (const date of ['2025-01-28', '2025-02-03', '2025-02-04', '2025-05-05', '2025-06-02']) {
        expect(table.get(date)?.kind, date).to.equal('holiday');
      }
    });

    it('holds the real 2026 arrangement (国办发明电〔2025〕7号)', () => {
      const workdays = table.entries(2026).filter((e) => e.kind === 'workday').map((e) => e.date);
      expect(workdays).to.deep.equal(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
      const springFestival = table.entries(2026).filter((e) => e.name === '春节' && e.kind === 'holiday').map((e) => e.date);
      expect(springFestival).to.deep.equal([
        '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
      ]);
    });

    it('is the same table on every call (built once)', () => {
      expect(defaultHolidayTable()).to.equal(table);
    });
  });

  describe('administration', () => {
    const base = HolidayTable.fromEntries([
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2026-10-10', kind: 'workday', name: '国庆节' },
      { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
    ]);

    it('replaceYear replaces every entry of that year and keeps the others', () => {
      const replaced = base.replaceYear(2026, [{ date: '2026-10-02', kind: 'holiday' }]);
      expect(replaced.entries().map((e) => e.date)).to.deep.equal(['2025-10-01', '2026-10-02']);
      expect(base.size).to.equal(3); // immutable
    });

    it('replaceYear refuses entries from another year', () => {
      const err = refusal(() => base.replaceYear(2027, [{ date: '2026-12-31', kind: 'holiday' }]));
      expect(err.message).to.contain('2026-12-31 is not in 2027, the year being replaced');
    });

    it('replaceYear refuses a year that is not a four-digit number', () => {
      expect(() => base.replaceYear(27, [])).to.throw(CalendarError, 'four-digit');
    });

    it('merge adds dates and replaces single dates', () => {
      const merged = base.merge([
        { date: '2026-10-10', kind: 'holiday', name: '更正' },
        { date: '2026-10-02', kind: 'holiday' },
      ]);
      expect(merged.get('2026-10-10')).to.deep.equal({ date: '2026-10-10', kind: 'holiday', name: '更正' });
      expect(merged.size).to.equal(4);
    });

    it('removeYear and without drop entries', () => {
      expect(base.removeYear(2026).years()).to.deep.equal([2025]);
      expect(base.without(['2026-10-10']).get('2026-10-10')).to.equal(undefined);
    });

    it('tolerates an exact repetition and merges a missing name', () => {
      const table = HolidayTable.fromEntries([
        { date: '2026-10-01', kind: 'holiday' },
        { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
      ]);
      expect(table.entries()).to.deep.equal([{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }]);
    });
  });

  describe('validation', () => {
    it('refuses dates that do not exist or are badly written', () => {
      const problems = validateHolidayEntries([
        { date: '2025-02-29', kind: 'holiday' },
        { date: '2025-13-01', kind: 'holiday' },
        { date: '2025/10/01', kind: 'holiday' },
        { date: 20251001, kind: 'holiday' },
      ]);
      expect(problems.map((p) => p.message)).to.deep.equal([
        '"2025-02-29" does not exist: 2025-02 has 28 days',
        '"2025-13-01" has no month 13',
        '"2025/10/01" is not a date in the form YYYY-MM-DD',
        'a date must be a string "YYYY-MM-DD", got number 20251001',
      ]);
      expect(problems.map((p) => p.index)).to.deep.equal([0, 1, 2, 3]);
    });

    it('refuses a date listed twice with conflicting kinds, naming both entries', () => {
      const err = refusal(() =>
        HolidayTable.fromEntries([
          { date: '2026-10-10', kind: 'workday' },
          { date: '2026-10-10', kind: 'holiday' },
        ]),
      );
      expect(err.code).to.equal('INVALID_HOLIDAY_ENTRIES');
      expect(err.problems).to.deep.equal([
        { index: 1, date: '2026-10-10', message: '2026-10-10 is listed twice with conflicting kinds: "workday" at entry 1 and "holiday" here' },
      ]);
      expect(err.message).to.contain('entry 2 (2026-10-10)');
    });

    it('refuses a date listed twice with different names', () => {
      const problems = validateHolidayEntries([
        { date: '2026-10-06', kind: 'holiday', name: '国庆节' },
        { date: '2026-10-06', kind: 'holiday', name: '中秋' },
      ]);
      expect(problems[0]?.message).to.contain('listed twice with different names');
    });

    it('refuses a make-up workday on a weekday: it is a typing mistake', () => {
      const problems = validateHolidayEntries([{ date: '2026-10-09', kind: 'workday' }]);
      expect(problems[0]?.message).to.equal(
        '2026-10-09 is a Friday, which is a working day anyway; a make-up workday (调休上班) must be a Saturday or Sunday',
      );
    });

    it('refuses unknown kinds, bad names and non-objects, reporting all at once', () => {
      const err = refusal(() =>
        HolidayTable.fromEntries([
          { date: '2026-10-01', kind: 'rest' },
          { date: '2026-10-02', kind: 'holiday', name: '   ' },
          { date: '2026-10-03', kind: 'holiday', name: 'x'.repeat(101) },
          'oops',
          { kind: 'holiday' },
        ]),
      );
      expect(err.problems.map((p) => p.index)).to.deep.equal([0, 1, 2, 3, 4]);
      expect(err.problems[0]?.message).to.equal('kind must be "holiday" (放假) or "workday" (调休上班), got "rest"');
      expect(err.problems[1]?.message).to.contain('name must be a non-empty text');
      expect(err.problems[3]?.message).to.equal('an entry must be an object { date, kind, name? }');
      expect(err.problems[4]?.message).to.contain('a date must be a string');
    });

    it('accepts holidays on weekends (they name the days of a holiday period)', () => {
      expect(validateHolidayEntries([{ date: '2026-10-03', kind: 'holiday', name: '国庆节' }])).to.deep.equal([]);
    });
  });

  describe('rows for tb_calendar_day', () => {
    const table = HolidayTable.fromEntries([
      { date: '2026-10-10', kind: 'workday', name: '国庆节' },
      { date: '2026-10-01', kind: 'holiday' },
    ]);

    it('serializes to sorted plain rows with null names', () => {
      expect(holidayTableToRows(table)).to.deep.equal([
        { date: '2026-10-01', kind: 'holiday', name: null },
        { date: '2026-10-10', kind: 'workday', name: '国庆节' },
      ]);
      expect(JSON.parse(JSON.stringify(table))).to.deep.equal(table.toRows());
    });

    it('round-trips through rows and JSON', () => {
      expect(holidayTableFromRows(table.toRows()).entries()).to.deep.equal(table.entries());
      expect(holidayTableFromJson(holidayTableToJson(table)).entries()).to.deep.equal(table.entries());
      const seed = defaultHolidayTable();
      expect(holidayTableFromJson(holidayTableToJson(seed)).entries()).to.deep.equal(seed.entries());
    });

    it('refuses a JavaScript Date in the date column, explaining why', () => {
      expect(() => holidayTableFromRows([{ date: new Date('2026-10-01T00:00:00Z'), kind: 'holiday', name: null }])).to.throw(
        CalendarError,
        /row 1 has a JavaScript Date.*setTypeParser\(1082/,
      );
    });

    it('refuses bad JSON and non-arrays', () => {
      expect(() => holidayTableFromJson('{')).to.throw(CalendarError, 'not valid JSON');
      expect(() => holidayTableFromRows({ date: '2026-10-01' })).to.throw(CalendarError, 'must be an array');
    });
  });
});
