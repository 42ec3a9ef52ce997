/**
 * Supervision dashboard (电子监察): periods, rates, cards. Pure.
 */
import type { Card, MetricsRow } from '../../api/types.js';

export type PeriodKey = 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'thisYear';
export const PERIODS: readonly PeriodKey[] = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear'];

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number): string => {
  const t = new Date(Date.UTC(y, m, d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/**
 * `{ from, to }` (YYYY-MM-DD, `to` exclusive, as the metrics route reads them) for a period
 * around `today` (a YYYY-MM-DD date in China).
 */
export function periodRange(key: PeriodKey, today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const mi = m - 1;
  switch (key) {
    case 'thisMonth':
      return { from: ymd(y, mi, 1), to: ymd(y, mi + 1, 1) };
    case 'lastMonth':
      return { from: ymd(y, mi - 1, 1), to: ymd(y, mi, 1) };
    case 'thisQuarter': {
      const q = Math.floor(mi / 3) * 3;
      return { from: ymd(y, q, 1), to: ymd(y, q + 3, 1) };
    }
    case 'thisYear':
      return { from: ymd(y, 0, 1), to: ymd(y + 1, 0, 1) };
  }
}

/** Today in China (UTC+8), YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  const t = new Date(now.getTime() + 8 * 3600_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** A rate as a percentage with one decimal, or '—' when there was nothing to divide by. */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export function decimal(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toFixed(digits);
}

/** Colour band of a rate for the table: good ≥ 90 %, fair ≥ 60 %, else poor. */
export function rateBand(rate: number | null | undefined): 'good' | 'fair' | 'poor' | 'none' {
  if (rate === null || rate === undefined) return 'none';
  return rate >= 0.9 ? 'good' : rate >= 0.6 ? 'fair' : 'poor';
}

/** Counts for the card summary: active yellow, active red, revoked. */
export function cardCounts(cards: readonly Pick<Card, 'level' | 'revokedAt'>[]): { yellow: number; red: number; revoked: number } {
  const out = { yellow: 0, red: 0, revoked: 0 };
  for (const c of cards) {
    if (c.revokedAt) out.revoked++;
    else out[c.level]++;
  }
  return out;
}

/** Active cards first (red before yellow), then by issue time, newest first. */
export function sortCards<C extends Pick<Card, 'level' | 'revokedAt' | 'issuedAt'>>(cards: readonly C[]): C[] {
  const rank = (c: C): number => (c.revokedAt ? 2 : c.level === 'red' ? 0 : 1);
  return [...cards].sort((a, b) => rank(a) - rank(b) || b.issuedAt.localeCompare(a.issuedAt));
}

/** Rows for the 三率一数 table: groups sorted by name (resolved through `names`), the total last. */
export function metricsTable(groups: readonly MetricsRow[], total: MetricsRow, names: ReadonlyMap<string, string>): Array<MetricsRow & { label: string; isTotal: boolean }> {
  const rows = groups.map((g) => ({ ...g, label: g.key === null ? '—' : (names.get(g.key) ?? g.key), isTotal: false }));
  rows.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  return [...rows, { ...total, label: '', isTotal: true }];
}
