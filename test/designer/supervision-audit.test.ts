import { expect } from 'chai';
import type { MetricsRow } from '../../designer/src/api/types.js';
import { actorLabel, auditQuery, chainStatus, shortHash, summaryLines } from '../../designer/src/lib/audit/audit.js';
import { cardCounts, chinaToday, decimal, metricsTable, percent, periodRange, rateBand, sortCards } from '../../designer/src/lib/supervision/metrics.js';

const row = (key: string | null, over: Partial<MetricsRow> = {}): MetricsRow => ({
  key, submitted: 0, onlineCapable: 0, concluded: 0, concludedFullyOnline: 0, onSiteVisits: 0, ratings: 0, goodRatings: 0, overdue: 0,
  onlineDepthRate: null, onlineConclusionRate: null, satisfactionRate: null, averageOnSiteVisits: null, averageHandlingWorkingDays: null, ...over,
});

describe('designer: supervision dashboard', () => {
  it('turns periods into the metrics route\'s from/to (to exclusive), across year ends', () => {
    expect(periodRange('thisMonth', '2026-11-27')).to.deep.equal({ from: '2026-11-01', to: '2026-12-01' });
    expect(periodRange('thisMonth', '2026-12-05')).to.deep.equal({ from: '2026-12-01', to: '2027-01-01' });
    expect(periodRange('lastMonth', '2026-01-15')).to.deep.equal({ from: '2025-12-01', to: '2026-01-01' });
    expect(periodRange('thisQuarter', '2026-11-27')).to.deep.equal({ from: '2026-10-01', to: '2027-01-01' });
    expect(periodRange('thisYear', '2026-02-28')).to.deep.equal({ from: '2026-01-01', to: '2027-01-01' });
  });

  it('takes today in China', () => {
    expect(chinaToday(new Date('2026-11-27T17:00:00Z'))).to.equal('2026-11-28');
    expect(chinaToday(new Date('2026-11-27T15:59:00Z'))).to.equal('2026-11-27');
  });

  it('writes rates as percentages and nothing-to-divide as a dash', () => {
    expect(percent(0.8567)).to.equal('85.7%');
    expect(percent(1)).to.equal('100.0%');
    expect(percent(null)).to.equal('—');
    expect(decimal(1.5)).to.equal('1.50');
    expect(decimal(null)).to.equal('—');
    expect([rateBand(0.95), rateBand(0.7), rateBand(0.2), rateBand(null)]).to.deep.equal(['good', 'fair', 'poor', 'none']);
  });

  it('counts and sorts cards: active red, active yellow, revoked; newest first', () => {
    const cards = [
      { id: 'a', level: 'yellow' as const, revokedAt: null, issuedAt: '2026-11-02T00:00:00Z' },
      { id: 'b', level: 'red' as const, revokedAt: null, issuedAt: '2026-11-01T00:00:00Z' },
      { id: 'c', level: 'red' as const, revokedAt: '2026-11-03T00:00:00Z', issuedAt: '2026-11-03T00:00:00Z' },
      { id: 'd', level: 'yellow' as const, revokedAt: null, issuedAt: '2026-11-05T00:00:00Z' },
    ];
    expect(cardCounts(cards)).to.deep.equal({ yellow: 2, red: 1, revoked: 1 });
    expect(sortCards(cards).map((c) => c.id)).to.deep.equal(['b', 'd', 'a', 'c']);
  });

  it('names the groups and puts the total last', () => {
    const rows = metricsTable([row('market', { submitted: 2 }), row('health'), row(null)], row(null, { submitted: 2 }), new Map([['market', '市场监管局'], ['health', '卫健局']]));
    expect(rows.slice(0, 3).map((r) => r.label)).to.have.members(['—', '市场监管局', '卫健局']);
    expect(rows.slice(0, 3).every((r) => !r.isTotal)).to.equal(true);
    expect(rows.at(-1)).to.include({ isTotal: true, submitted: 2 });
  });
});

describe('designer: audit viewer', () => {
  it('reads the verification as a status', () => {
    expect(chainStatus(undefined)).to.deep.equal({ state: 'unknown' });
    expect(chainStatus({ ok: true, entries: 10, head: { seq: 10, hash: 'h' }, firstBroken: null })).to.deep.equal({ state: 'ok', entries: 10, headSeq: 10 });
    expect(chainStatus({ ok: false, entries: 10, head: { seq: 10, hash: 'h' }, firstBroken: { seq: 4, reason: 'link' } })).to.deep.equal({ state: 'broken', seq: 4, reason: 'link' });
  });

  it('makes the query: dates in China with the end day included, empty filters left out', () => {
    expect(auditQuery({ dates: ['2026-11-01', '2026-11-30'], actorId: ' ', operationId: 'submitItem', outcome: '' }, { limit: 20, offset: 40 })).to.deep.equal({
      limit: 20, offset: 40, from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', operationId: 'submitItem',
    });
    expect(auditQuery({}, { limit: 20, offset: 0 })).to.deep.equal({ limit: 20, offset: 0 });
  });

  it('writes actors, summaries and hashes short', () => {
    expect(actorLabel({ actorName: '市级审核员', actorId: 'u1', actorKind: 'user' })).to.equal('市级审核员 (u1)');
    expect(actorLabel({ actorName: null, actorId: null, actorKind: 'anonymous' })).to.equal('anonymous');
    expect(summaryLines({ cardId: 'c', before: { revoked: false }, after: { revoked: true, reason: '误判' } })).to.deep.equal(['revoked: false → true', 'reason: — → 误判']);
    expect(summaryLines({ status: 'accepted' })).to.deep.equal(['status: accepted']);
    expect(summaryLines(null)).to.deep.equal([]);
    expect(shortHash('0123456789abcdef0123')).to.equal('01234567…0123');
  });
});
