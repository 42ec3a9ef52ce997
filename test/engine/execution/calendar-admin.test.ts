import { expect } from 'chai';
import { createEngine, type EngineError } from '../../../engine/src/index.js';
import { processXml } from '../../support/bpmn.js';
import { deployXml, type TestEngine, testEngine } from '../../support/engine.js';

/** A made-up 2027 notice for the test (the seed covers up to 2026): 1-1 and Monday 1-4 off, Saturday 1-9 a make-up workday. */
const NOTICE_2027 = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  { date: '2027-01-04', kind: 'holiday', name: '元旦' },
  { date: '2027-01-09', kind: 'workday', name: '元旦' },
];

describe('engine: business calendar administration', function () {
  let t: TestEngine;
  before(async () => {
    t = await testEngine('calendar_admin');
    await deployXml(
      t.engine,
      processXml('wd', `<startEvent id="s"/><intermediateCatchEvent id="w"><timerEventDefinition><timeDuration>P3WD</timeDuration></timerEventDefinition></intermediateCatchEvent><userTask id="a"/>`, ['s->w', 'w->a']),
    );
  });
  after(() => t.close());

  it('reports where a year comes from', async () => {
    expect((await t.engine.holidayYear(2026)).source).to.equal('seed');
    expect(await t.engine.holidayYear(2027)).to.deep.equal({ year: 2027, source: 'none', entries: [] });
  });

  it('an administrator enters next year; working-day timers count with it from then on', async () => {
    // Thursday 2026-12-31 10:00 Beijing. Without a 2027 notice: 1-1 (Fri), 1-4 (Mon), 1-5 → end of 1-5.
    t.clock.set('2026-12-31T02:00:00Z');
    const before = await t.engine.startInstance('wd');
    expect((await t.engine.queryJobs({ instanceId: before.id }))[0]!.dueAt!.toISOString()).to.equal('2027-01-05T15:59:59.999Z');

    const stored = await t.engine.setHolidayYear(2027, NOTICE_2027, { userId: 'admin' });
    expect(stored.map((e) => e.date)).to.deep.equal(['2027-01-01', '2027-01-04', '2027-01-09']);
    const year = await t.engine.holidayYear(2027);
    expect(year).to.include({ source: 'administrator', updatedBy: 'admin' });

    // With it: 1-1 and 1-4 are holidays, Saturday 1-9 is a workday → 1-5, 1-6, 1-7 → end of 1-7.
    const after = await t.engine.startInstance('wd');
    expect((await t.engine.queryJobs({ instanceId: after.id }))[0]!.dueAt!.toISOString()).to.equal('2027-01-07T15:59:59.999Z');
    // The timer scheduled before keeps its due time.
    expect((await t.engine.queryJobs({ instanceId: before.id }))[0]!.dueAt!.toISOString()).to.equal('2027-01-05T15:59:59.999Z');
  });

  it('another engine on the same database sees the administered year', async () => {
    const other = await createEngine({ database: { ...t.engine.database, close: async () => {} }, clock: t.clock, migrate: false });
    expect(other.calendar.isWorkingDay('2027-01-09')).to.equal(true);
    expect(other.calendar.isWorkingDay('2027-01-04')).to.equal(false);
    await other.close();
  });

  it('refuses invalid entries, saying which and why, and changes nothing', async () => {
    const err = await t.engine
      .setHolidayYear(2027, [{ date: '2027-02-30', kind: 'holiday' }, { date: '2027-03-03', kind: 'workday' }])
      .catch((e: unknown) => e);
    expect((err as EngineError).code).to.equal('INVALID_ARGUMENT');
    expect((err as EngineError).message).to.contain('2027-02-30');
    expect((err as EngineError).message).to.contain('2027-03-03');
    expect((await t.engine.holidayYear(2027)).entries).to.have.length(3);
  });
});
