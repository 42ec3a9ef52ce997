/**
 * 三率一数 and deadline figures roll up the region tree: grouped by region, a city's row holds
 * its counties, a county's its towns and villages, and a case handled at the county itself
 * has a row of its own (本级). The rows split the cases, so they add up to the total.
 */
import { expect } from 'chai';
import type { MetricsRow } from '../../../runtime-api/src/supervision/metrics.js';
import { FORM_DATA, idNumber, person, publishItem } from './support/fixtures.js';
import { type CaseHarness, startCaseHarness } from './support/harness.js';

type Row = MetricsRow;
const COUNTS = ['submitted', 'onlineCapable', 'concluded', 'concludedFullyOnline', 'onSiteVisits', 'ratings', 'goodRatings', 'overdue'] as const;

const OTHER_COUNTY = '440105';
const OTHER_TOWN = '440105001';

describe('api/cases: metrics roll up by region level', function () {
  this.timeout(120_000);
  let h: CaseHarness;
  const PERIOD = 'from=2026-04-01&to=2026-05-01';

  before(async () => {
    h = await startCaseHarness('metrics_rollup', { start: '2026-04-01T02:00:00Z' }); // Wednesday 1 April 2026
    const knex = h.server.context.knex;
    await knex.raw("insert into tb_region (code, name, level, parent_code) values (?, '海珠区', 'county', '4401'), (?, '南华西街道', 'town', ?)", [OTHER_COUNTY, OTHER_TOWN, OTHER_COUNTY]);
    const district = await publishItem(h.server, { data: { onlineDepth: 4 } });
    const city = await publishItem(h.server, { regionCode: '4401', data: { onlineDepth: 2 } });
    const post = (path: string, body: object = {}) => h.http().post(path).set(h.as.admin.headers).send(body);
    const make = async (n: number, itemId: string, regionCode: string, channel: 'window' | 'online') => {
      const res = await post('/api/cases', { itemId, regionCode, channel, applicant: person(n), formData: FORM_DATA });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect((await post(`/api/cases/${res.body.id}/accept`)).status).to.equal(200);
      return res.body as { id: string; caseNo: string };
    };
    const conclude = async (id: string) => {
      const task = (await h.server.engine.queryTasks({ instanceId: id, elementId: 'review' }))[0]!;
      expect((await post(`/api/cases/${id}/complete-task`, { taskId: task.id, formData: { ...FORM_DATA, opinion: '同意' } })).body.status).to.equal('concluded');
    };
    const rate = (c: { caseNo: string }, n: number, score: number) => h.http().post('/api/public/rating').send({ caseNo: c.caseNo, idNumber: idNumber(n), score });

    const a = await make(1, district, '440106001001', 'online'); // village of the inside town: online, no visit, rated 5
    const b = await make(2, district, '440106001', 'window'); // the inside town itself: concluded late
    const c = await make(3, district, '440106002001', 'window'); // village of the other town: rated 2
    await make(4, district, '440106', 'window'); // the county itself: still open, overdue by the end
    const e = await make(5, city, OTHER_TOWN, 'online'); // a town of another county
    h.clock.set('2026-04-02T02:00:00Z');
    await conclude(a.id);
    await conclude(c.id);
    await conclude(e.id);
    h.clock.set('2026-04-20T02:00:00Z'); // past every 5-working-day deadline
    await conclude(b.id);
    await rate(a, 1, 5);
    await rate(c, 3, 2);
  });
  after(() => h?.close());

  const metrics = async (query: string, as: 'admin' | 'supervisor' = 'admin') => {
    const res = await h.http().get(`/api/supervision/metrics?${PERIOD}&groupBy=region&${query}`).set(h.as[as].headers);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as { level: string; groups: Row[]; total: Row };
  };
  const byKey = (groups: Row[]) => Object.fromEntries(groups.map((g) => [String(g.key), g]));
  const counts = (row: Row) => Object.fromEntries(COUNTS.map((k) => [k, row[k]]));
  const sum = (rows: Row[]) => Object.fromEntries(COUNTS.map((k) => [k, rows.reduce((n, r) => n + r[k], 0)]));

  it('a city’s rows are its counties, each holding its towns and villages', async () => {
    const city = await metrics('regionCode=4401');
    expect(city.level).to.equal('county');
    expect(city.groups.map((g) => [g.key, g.submitted])).to.deep.equal([[OTHER_COUNTY, 1], ['440106', 4]]);
    const county = byKey(city.groups)['440106']!;
    expect(counts(county)).to.deep.equal({ submitted: 4, onlineCapable: 4, concluded: 3, concludedFullyOnline: 1, onSiteVisits: 2, ratings: 2, goodRatings: 1, overdue: 2 });
    expect(county).to.include({ onlineDepthRate: 1, onlineConclusionRate: 0.3333, satisfactionRate: 0.5, averageOnSiteVisits: 0.6667 });
    expect(counts(byKey(city.groups)[OTHER_COUNTY]!)).to.deep.include({ submitted: 1, onlineCapable: 0, concluded: 1, concludedFullyOnline: 1 });
    // The rows split the cases: they add up to the total.
    expect(sum(city.groups)).to.deep.equal(counts(city.total));
  });

  it('a county’s rows are its towns, with the county’s own cases (本级) apart; level=village does not roll up', async () => {
    const county = await metrics('regionCode=440106');
    expect(county.level).to.equal('town');
    const towns = byKey(county.groups);
    expect(Object.keys(towns)).to.deep.equal(['440106', '440106001', '440106002']);
    expect(counts(towns['440106001']!)).to.deep.include({ submitted: 2, concluded: 2, concludedFullyOnline: 1, overdue: 1, ratings: 1, goodRatings: 1 });
    expect(counts(towns['440106']!)).to.deep.include({ submitted: 1, concluded: 0, overdue: 1 });
    expect(sum(county.groups)).to.deep.equal(counts(county.total));

    const exact = await metrics('regionCode=440106&level=village');
    expect(exact.groups.map((g) => [g.key, g.submitted])).to.deep.equal([['440106', 1], ['440106001', 1], ['440106001001', 1], ['440106002001', 1]]);
    // The town's rolled-up row is its own row and its village's together, average handling time included.
    const own = byKey(exact.groups);
    const town = towns['440106001']!;
    expect(counts(town)).to.deep.equal(sum([own['440106001']!, own['440106001001']!]));
    const weighted = (own['440106001']!.averageHandlingWorkingDays! + own['440106001001']!.averageHandlingWorkingDays!) / 2;
    expect(town.averageHandlingWorkingDays).to.be.closeTo(weighted, 0.01);
    expect(town.averageHandlingWorkingDays).to.be.greaterThan(own['440106001001']!.averageHandlingWorkingDays!);
  });

  it('a caller sees only their own region, rolled up one level below it', async () => {
    const town = await metrics('regionCode=440106', 'supervisor'); // a supervisor of the inside town
    expect(town.level).to.equal('village');
    expect(town.groups.map((g) => [g.key, g.submitted])).to.deep.equal([['440106001', 1], ['440106001001', 1]]);
    const everything = await metrics('');
    expect(everything.level).to.equal('province');
    expect(everything.groups.map((g) => [g.key, g.submitted])).to.deep.equal([['44', 5]]);
    expect((await metrics('level=city')).groups.map((g) => [g.key, g.submitted])).to.deep.equal([['4401', 5]]);
    const bad = await h.http().get(`/api/supervision/metrics?${PERIOD}&groupBy=region&level=street`).set(h.as.admin.headers);
    expect(bad.status).to.equal(400);
  });
});
