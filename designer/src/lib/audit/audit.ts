/**
 * Audit viewer: the chain's verification as a status, filters as a query, entries as rows. Pure.
 */
import type { AuditEntry, AuditVerification } from '../../api/types.js';

export type ChainStatus = { state: 'ok'; entries: number; headSeq: number } | { state: 'broken'; seq: number; reason: 'content' | 'link' | 'sequence' | 'head' } | { state: 'unknown' };

export function chainStatus(v: AuditVerification | undefined): ChainStatus {
  if (!v) return { state: 'unknown' };
  if (v.ok) return { state: 'ok', entries: v.entries, headSeq: v.head.seq };
  if (v.firstBroken) return { state: 'broken', seq: v.firstBroken.seq, reason: v.firstBroken.reason };
  return { state: 'broken', seq: v.head.seq, reason: 'head' };
}

export interface AuditForm {
  /** [from, to] as YYYY-MM-DD (inclusive dates in the form). */
  dates?: [string, string] | null;
  actorId?: string;
  operationId?: string;
  targetId?: string;
  outcome?: '' | 'success' | 'denied' | 'failed';
}

/** The form's values as the route's query: the end date made exclusive (the next day, ISO). */
export function auditQuery(form: AuditForm, page: { limit: number; offset: number }): Record<string, string | number> {
  const q: Record<string, string | number> = { limit: page.limit, offset: page.offset };
  if (form.dates?.[0]) q.from = `${form.dates[0]}T00:00:00+08:00`;
  if (form.dates?.[1]) {
    const [y, m, d] = form.dates[1].split('-').map(Number) as [number, number, number];
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    q.to = `${next.toISOString().slice(0, 10)}T00:00:00+08:00`;
  }
  for (const k of ['actorId', 'operationId', 'targetId', 'outcome'] as const) {
    const v = form[k]?.trim();
    if (v) q[k] = v;
  }
  return q;
}

/** Who did it, as one line: "市级审核员 (reviewer)" or the kind for anonymous requests. */
export function actorLabel(e: Pick<AuditEntry, 'actorName' | 'actorId' | 'actorKind'>): string {
  if (e.actorName && e.actorId) return `${e.actorName} (${e.actorId})`;
  return e.actorName ?? e.actorId ?? e.actorKind ?? '—';
}

/** The before/after summary as short `key: before → after` lines. */
export function summaryLines(summary: Record<string, unknown> | null): string[] {
  if (!summary) return [];
  const before = (summary.before ?? null) as Record<string, unknown> | null;
  const after = (summary.after ?? null) as Record<string, unknown> | null;
  const show = (v: unknown): string => (v === undefined || v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  if (before || after) {
    const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
    return keys.map((k) => {
      const b = before?.[k];
      const a = after?.[k];
      return JSON.stringify(b) === JSON.stringify(a) ? `${k}: ${show(a)}` : `${k}: ${show(b)} → ${show(a)}`;
    });
  }
  return Object.entries(summary).map(([k, v]) => `${k}: ${show(v)}`);
}

/** A hash shortened for the table. */
export function shortHash(h: string): string {
  return h.length > 12 ? `${h.slice(0, 8)}…${h.slice(-4)}` : h;
}
