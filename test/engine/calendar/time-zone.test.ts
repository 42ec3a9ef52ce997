import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { BusinessCalendar, CalendarError, TimeZone } from '../../../engine/src/calendar/index.js';
import { show } from './shanghai-time.js';

/**
 * Days are days of the calendar's zone (Asia/Shanghai), never of the server. These instants lie
 * within 8 hours after midnight in Shanghai, where the UTC date (and any server west of China)
 * still shows the previous day.
 */
describe('calendar: time zone independence', () => {
  const calendar = new BusinessCalendar();

  it('an instant just after midnight in Shanghai belongs to the Shanghai day', () => {
    const national = new Date('2025-09-30T16:30:00Z'); // 2025-10-01 00:30 in Shanghai, 9-30 in UTC
    expect(calendar.localDate(national)).to.equal('2025-10-01');
    expect(calendar.isWorkingDay(national)).to.equal(false);
    expect(calendar.isWorkingDay(new Date('2025-09-30T15:59:59.999Z'))).to.equal(true); // 9-30 23:59:59.999
  });

  it('the last millisecond of a holiday and the first of the next working day', () => {
    expect(calendar.isWorkingDay(new Date('2025-10-08T15:59:59.999Z'))).to.equal(false); // 10-08 23:59:59.999
    expect(calendar.isWorkingDay(new Date('2025-10-08T16:00:00.000Z'))).to.equal(true); // 10-09 00:00
  });

  it('the acceptance day is the Shanghai day: accepted Fri 00:30 Shanghai (Thu in UTC)', () => {
    const accepted = new Date('2025-09-25T16:30:00Z');
    const deadline = calendar.addWorkingDays(accepted, 5);
    expect(deadline.toISOString()).to.equal('2025-10-10T15:59:59.999Z'); // 10-10 23:59:59.999 +08:00, not 10-09
  });

  it('closing times are Shanghai wall times', () => {
    expect(calendar.closingTime('2025-10-10').toISOString()).to.equal('2025-10-10T15:59:59.999Z');
    const hours = new BusinessCalendar({ workingHours: { start: '09:00', end: '17:00' } });
    expect(hours.closingTime('2025-10-10').toISOString()).to.equal('2025-10-10T09:00:00.000Z');
    expect(hours.openingTime('2025-10-10').toISOString()).to.equal('2025-10-10T01:00:00.000Z');
  });

  it('working time at 01:00–09:00 UTC is morning office time in Shanghai', () => {
    const hours = new BusinessCalendar({ workingHours: { start: '09:00', end: '17:00' } });
    expect(hours.workingTimeBetween(new Date('2025-10-09T00:00:00Z'), new Date('2025-10-09T02:00:00Z'))).to.equal(3_600_000);
  });

  it('another zone gives another day for the same instant', () => {
    const instant = new Date('2025-09-30T16:30:00Z');
    expect(new BusinessCalendar({ timeZone: 'UTC' }).localDate(instant)).to.equal('2025-09-30');
    expect(new BusinessCalendar({ timeZone: 'America/New_York' }).localDate(instant)).to.equal('2025-09-30');
    expect(new BusinessCalendar({ timeZone: 'Asia/Tokyo' }).localDate(instant)).to.equal('2025-10-01');
  });

  it('handles a daylight-saving zone: a 23-hour day still counts once', () => {
    const ny = new TimeZone('America/New_York');
    // 2025-03-09: clocks go 02:00 → 03:00
    const start = ny.instant('2025-03-09', 0);
    const end = ny.instant('2025-03-10', 0);
    expect(end - start).to.equal(23 * 3_600_000);
    expect(ny.wallTime(ny.instant('2025-03-09', 12 * 3_600_000))).to.deep.equal({ date: '2025-03-09', msOfDay: 12 * 3_600_000 });
  });

  it('refuses an unknown zone', () => {
    expect(() => new BusinessCalendar({ timeZone: 'Asia/Beijing' })).to.throw(CalendarError, 'unknown time zone "Asia/Beijing"');
  });

  it('gives the same answers when the process runs in another TZ', function () {
    this.timeout(30_000);
    const script = fileURLToPath(new URL('./print-deadlines.fixture.ts', import.meta.url));
    const run = (tz: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', '--conditions=tongban-src', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    const expected = [
      show(calendar.addWorkingDays(new Date('2025-09-25T16:30:00Z'), 5)),
      show(calendar.addCalendarDays(new Date('2025-09-20T16:30:00Z'), 10)),
      calendar.localDate(new Date('2025-09-30T16:30:00Z')),
    ].join('\n');
    expect(run('America/Los_Angeles').trim()).to.equal(expected);
    expect(run('Pacific/Kiritimati').trim()).to.equal(expected);
  });
});
