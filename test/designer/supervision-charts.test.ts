import { expect } from 'chai';
import type { MetricsRow } from '../../designer/src/api/types.js';
import { type ChartLabels, handlingChartOption, NO_VALUE, ratePercent, ratesChartOption, recentMonths, trendChartOption } from '../../designer/src/lib/supervision/charts.js';

const row = (key: string | null, over: Partial<MetricsRow> = {}): MetricsRow => ({
  key, submitted: 0, onlineCapable: 0, concluded: 0, concludedFullyOnline: 0, onSiteVisits: 0, ratings: 0, goodRatings: 0, overdue: 0,
  onlineDepthRate: null, onlineConclusionRate: null, satisfactionRate: null, averageOnSiteVisits: null, averageHandlingWorkingDays: null, ...over,
});

const LABELS: ChartLabels = {
  onlineDepthRate: '网上可办率', onlineConclusionRate: '全程网办率', satisfactionRate: '好评率', averageOnSiteVisits: '平均跑动次数',
  averageHandling: '平均办理（工作日）', overdue: '超期', rateAxis: '%', visitsAxis: '次', daysAxis: '工作日', countAxis: '件',
};

interface Series {
  type: string;
  name: string;
  data: unknown[];
  yAxisIndex?: number;
}
const series = (option: { series?: unknown }): Series[] => option.series as Series[];
const byName = (option: { series?: unknown }, name: string): Series => series(option).find((s) => s.name === name)!;

const market = { ...row('market', { onlineDepthRate: 0.8567, onlineConclusionRate: 0.5, satisfactionRate: 1, averageOnSiteVisits: 0.333, averageHandlingWorkingDays: 3.26, overdue: 2 }), label: '市场监管局' };
const health = { ...row('health', { onlineDepthRate: 0.25, averageHandlingWorkingDays: 7, overdue: 0 }), label: '卫健局' };

describe('designer: supervision charts (data → ECharts option)', () => {
  it('writes rates as percentages with one decimal and nothing-to-divide as no value', () => {
    expect([ratePercent(0.8567), ratePercent(1), ratePercent(0), ratePercent(null), ratePercent(Number.NaN)]).to.deep.equal([85.7, 100, 0, NO_VALUE, NO_VALUE]);
  });

  it('三率一数: one category per group, three rate bars in percent and visits as a line on the second axis', () => {
    const option = ratesChartOption([market, health], LABELS);
    expect((option.xAxis as { data: string[] }).data).to.deep.equal(['市场监管局', '卫健局']);
    expect(series(option).map((s) => [s.type, s.name])).to.deep.equal([
      ['bar', '网上可办率'],
      ['bar', '全程网办率'],
      ['bar', '好评率'],
      ['line', '平均跑动次数'],
    ]);
    expect(byName(option, '网上可办率').data).to.deep.equal([85.7, 25]);
    expect(byName(option, '全程网办率').data).to.deep.equal([50, NO_VALUE]);
    expect(byName(option, '好评率').data).to.deep.equal([100, NO_VALUE]);
    expect(byName(option, '平均跑动次数')).to.include({ yAxisIndex: 1 });
    expect(byName(option, '平均跑动次数').data).to.deep.equal([0.33, NO_VALUE]);
    const [rates] = option.yAxis as { min: number; max: number }[];
    expect(rates).to.include({ min: 0, max: 100 });
  });

  it('handling time: average working days as bars, overdue cases as a line on the count axis', () => {
    const option = handlingChartOption([market, health], LABELS);
    expect(byName(option, '平均办理（工作日）')).to.include({ type: 'bar' });
    expect(byName(option, '平均办理（工作日）').data).to.deep.equal([3.3, 7]);
    expect(byName(option, '超期')).to.include({ type: 'line', yAxisIndex: 1 });
    expect(byName(option, '超期').data).to.deep.equal([2, 0]);
  });

  it('tilts the category labels only when many groups share the axis', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ ...row(`d${i}`), label: `部门${i}` }));
    const rotate = (rows: typeof many): unknown => (ratesChartOption(rows, LABELS).xAxis as { axisLabel: { rotate: number } }).axisLabel.rotate;
    expect(rotate(many)).to.equal(30);
    expect(rotate(many.slice(0, 3))).to.equal(0);
  });

  it('lists the last months oldest first, across a year end, with to exclusive', () => {
    expect(recentMonths('2026-02-14', 4)).to.deep.equal([
      { label: '2025-11', from: '2025-11-01', to: '2025-12-01' },
      { label: '2025-12', from: '2025-12-01', to: '2026-01-01' },
      { label: '2026-01', from: '2026-01-01', to: '2026-02-01' },
      { label: '2026-02', from: '2026-02-01', to: '2026-03-01' },
    ]);
  });

  it('trend: months on the axis, the three rates as lines and handling days as bars on the second axis', () => {
    const option = trendChartOption(
      [
        { label: '2026-10', total: row(null, { onlineDepthRate: 0.5, satisfactionRate: 0.9, averageHandlingWorkingDays: 4 }) },
        { label: '2026-11', total: row(null) },
      ],
      LABELS,
    );
    expect((option.xAxis as { data: string[] }).data).to.deep.equal(['2026-10', '2026-11']);
    expect(byName(option, '网上可办率')).to.include({ type: 'line' });
    expect(byName(option, '网上可办率').data).to.deep.equal([50, NO_VALUE]);
    expect(byName(option, '好评率').data).to.deep.equal([90, NO_VALUE]);
    expect(byName(option, '平均办理（工作日）')).to.include({ type: 'bar', yAxisIndex: 1 });
    expect(byName(option, '平均办理（工作日）').data).to.deep.equal([4, NO_VALUE]);
  });
});
