/**
 * ECharts options for the supervision dashboard: 三率一数 and handling time per department or
 * region, and the trend over recent months. Pure (data in, option out) so it is unit-tested;
 * the page registers only the chart types used here (bar, line) with echarts/core.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { MetricsRow } from '../../api/types.js';

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** Texts of series and axes, in the UI language (the page passes them translated). */
export interface ChartLabels {
  onlineDepthRate: string;
  onlineConclusionRate: string;
  satisfactionRate: string;
  averageOnSiteVisits: string;
  averageHandling: string;
  overdue: string;
  rateAxis: string;
  visitsAxis: string;
  daysAxis: string;
  countAxis: string;
}

/** ECharts' "no value" (the bar or point is left out, the line breaks). */
export const NO_VALUE = '-';
type Value = number | typeof NO_VALUE;

/** A rate (0…1) as a percentage with one decimal; no value when there was nothing to divide by. */
export function ratePercent(rate: number | null | undefined): Value {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return NO_VALUE;
  return Math.round(rate * 1000) / 10;
}

function round(v: number | null | undefined, digits: number): Value {
  if (v === null || v === undefined || !Number.isFinite(v)) return NO_VALUE;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Colours of the four figures, the same in every chart. */
const COLOURS = { depth: '#3370ff', conclusion: '#15bc83', satisfaction: '#ff943e', visits: '#a05ed8', handling: '#718dff', overdue: '#e6492d' };

const percentTip = (v: unknown): string => (typeof v === 'number' ? `${v}%` : '—');
const plainTip = (v: unknown): string => (typeof v === 'number' ? String(v) : '—');

/** Category axis: every label shown, long names cut, tilted when there are many. */
function categoryAxis(labels: string[]): ChartOption['xAxis'] {
  return { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 5 ? 30 : 0, width: 90, overflow: 'truncate' }, axisTick: { alignWithLabel: true } };
}

function base(bottom: number): Pick<ChartOption, 'tooltip' | 'legend' | 'grid'> {
  return { tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0, itemWidth: 14, itemHeight: 10 }, grid: { left: 48, right: 48, top: 48, bottom, containLabel: false } };
}

/** Rows as the table shows them (total excluded): label and figures. */
export type LabelledRow = MetricsRow & { label: string };

/**
 * 三率一数 per group: the three rates as bars in percent (left axis, 0–100), the average
 * number of on-site visits as a line (right axis).
 */
export function ratesChartOption(rows: readonly LabelledRow[], labels: ChartLabels): ChartOption {
  const names = rows.map((r) => r.label);
  return {
    ...base(names.length > 5 ? 64 : 32),
    xAxis: categoryAxis(names),
    yAxis: [
      { type: 'value', name: labels.rateAxis, min: 0, max: 100 },
      { type: 'value', name: labels.visitsAxis, min: 0, minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: labels.onlineDepthRate, data: rows.map((r) => ratePercent(r.onlineDepthRate)), itemStyle: { color: COLOURS.depth }, tooltip: { valueFormatter: percentTip } },
      { type: 'bar', name: labels.onlineConclusionRate, data: rows.map((r) => ratePercent(r.onlineConclusionRate)), itemStyle: { color: COLOURS.conclusion }, tooltip: { valueFormatter: percentTip } },
      { type: 'bar', name: labels.satisfactionRate, data: rows.map((r) => ratePercent(r.satisfactionRate)), itemStyle: { color: COLOURS.satisfaction }, tooltip: { valueFormatter: percentTip } },
      { type: 'line', name: labels.averageOnSiteVisits, yAxisIndex: 1, data: rows.map((r) => round(r.averageOnSiteVisits, 2)), itemStyle: { color: COLOURS.visits }, tooltip: { valueFormatter: plainTip } },
    ],
  };
}

/** Handling time per group: average working days as bars (left), overdue cases as a line (right). */
export function handlingChartOption(rows: readonly LabelledRow[], labels: ChartLabels): ChartOption {
  const names = rows.map((r) => r.label);
  return {
    ...base(names.length > 5 ? 64 : 32),
    xAxis: categoryAxis(names),
    yAxis: [
      { type: 'value', name: labels.daysAxis, min: 0 },
      { type: 'value', name: labels.countAxis, min: 0, minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: labels.averageHandling, data: rows.map((r) => round(r.averageHandlingWorkingDays, 1)), itemStyle: { color: COLOURS.handling }, barMaxWidth: 36, tooltip: { valueFormatter: plainTip } },
      { type: 'line', name: labels.overdue, yAxisIndex: 1, data: rows.map((r) => r.overdue), itemStyle: { color: COLOURS.overdue }, tooltip: { valueFormatter: plainTip } },
    ],
  };
}

/** One month of the trend: its label (YYYY-MM) and the metrics' total for it. */
export interface TrendPoint {
  label: string;
  total: MetricsRow;
}

/**
 * The last `count` months up to the one holding `today` (YYYY-MM-DD), oldest first, each with
 * the metrics route's `{ from, to }` (to exclusive).
 */
export function recentMonths(today: string, count: number): Array<{ label: string; from: string; to: string }> {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const months: Array<{ label: string; from: string; to: string }> = [];
  const ym = (index: number): string => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  const current = y * 12 + (m - 1);
  for (let i = current - count + 1; i <= current; i++) months.push({ label: ym(i), from: `${ym(i)}-01`, to: `${ym(i + 1)}-01` });
  return months;
}

/** The three rates per month as lines (left, percent), average handling days as bars (right). */
export function trendChartOption(points: readonly TrendPoint[], labels: ChartLabels): ChartOption {
  return {
    ...base(32),
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => p.label), boundaryGap: true },
    yAxis: [
      { type: 'value', name: labels.rateAxis, min: 0, max: 100 },
      { type: 'value', name: labels.daysAxis, min: 0, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: labels.averageHandling, yAxisIndex: 1, data: points.map((p) => round(p.total.averageHandlingWorkingDays, 1)), itemStyle: { color: COLOURS.handling, opacity: 0.35 }, barMaxWidth: 28, tooltip: { valueFormatter: plainTip } },
      { type: 'line', name: labels.onlineDepthRate, data: points.map((p) => ratePercent(p.total.onlineDepthRate)), itemStyle: { color: COLOURS.depth }, connectNulls: false, tooltip: { valueFormatter: percentTip } },
      { type: 'line', name: labels.onlineConclusionRate, data: points.map((p) => ratePercent(p.total.onlineConclusionRate)), itemStyle: { color: COLOURS.conclusion }, tooltip: { valueFormatter: percentTip } },
      { type: 'line', name: labels.satisfactionRate, data: points.map((p) => ratePercent(p.total.satisfactionRate)), itemStyle: { color: COLOURS.satisfaction }, tooltip: { valueFormatter: percentTip } },
    ],
  };
}
