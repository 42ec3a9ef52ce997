/**
 * The audit log as a hash chain. Each entry's `hash` is SHA-256 over the canonical JSON of its
 * own content *and* the previous entry's hash, so changing, removing or reordering any entry
 * breaks every link after it; `tb_audit_head` holds the last (seq, hash), so cutting entries
 * off the end shows too.
 *
 * Appending locks the head row (`select … for update`) in the same transaction that inserts
 * the entry and moves the head: writers in any number of server processes line up on that
 * one row, so two entries can never claim the same predecessor (the chain cannot fork) and
 * sequence numbers have no gaps.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { canonicalJson } from './canonical.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What one entry says (everything but its position and hashes). */
export interface AuditContent {
  readonly at: Date;
  readonly actorId: string | null;
  readonly actorName: string | null;
  /** `user`, `apiKey`, or null when nobody authenticated. */
  readonly actorKind: string | null;
  readonly roles: readonly string[];
  /** The region the action concerns (its case's region), else the actor's; null: admins only. */
  readonly regionCode: string | null;
  readonly operationId: string | null;
  readonly method: string;
  readonly path: string;
  readonly targetId: string | null;
  readonly status: number;
  /** `success` (2xx/3xx), `denied` (401/403/429), `failed` (anything else). */
  readonly outcome: 'success' | 'denied' | 'failed';
  /** Before/after summary of what changed, when the handler gave one. */
  readonly summary: Record<string, unknown> | null;
  readonly requestId: string | null;
  readonly ip: string | null;
}

export interface AuditEntry extends AuditContent {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The hash of an entry: SHA-256 of the canonical JSON of its content, seq and prevHash. */
export function entryHash(seq: number, prevHash: string, content: AuditContent): string {
  // Field by field: an entry read back carries `hash` too, which must not hash itself.
  const c = content;
  const canonical = canonicalJson({
    seq, prevHash, at: c.at.toISOString(), actorId: c.actorId, actorName: c.actorName, actorKind: c.actorKind, roles: [...c.roles],
    regionCode: c.regionCode, operationId: c.operationId, method: c.method, path: c.path, targetId: c.targetId, status: c.status,
    outcome: c.outcome, summary: c.summary, requestId: c.requestId, ip: c.ip,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Appends one entry in its own transaction; returns it with its place in the chain. */
export async function appendAudit(knex: Knex, content: AuditContent): Promise<AuditEntry> {
  return knex.transaction(async (trx) => {
    const head = (await trx.raw<{ rows: Array<{ seq: string | number; hash: string }> }>('select seq, hash from tb_audit_head where id = 1 for update')).rows[0];
    if (!head) throw new Error('tb_audit_head is missing its row');
    const seq = Number(head.seq) + 1;
    const hash = entryHash(seq, head.hash, content);
    await trx.raw(
      `insert into tb_audit_log (seq, at, actor_id, actor_name, actor_kind, roles, region_code, operation_id, method, path, target_id,
                                 status, outcome, summary, request_id, ip, prev_hash, hash)
       values (?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)`,
      [
        seq, content.at, content.actorId, content.actorName, content.actorKind, [...content.roles], content.regionCode, content.operationId,
        content.method, content.path, content.targetId, content.status, content.outcome,
        content.summary === null ? null : JSON.stringify(content.summary), content.requestId, content.ip, head.hash, hash,
      ],
    );
    await trx.raw('update tb_audit_head set seq = ?, hash = ? where id = 1', [seq, hash]);
    return { ...content, seq, prevHash: head.hash, hash };
  });
}

type Row = Record<string, unknown>;

export function entryFromRow(r: Row): AuditEntry {
  const str = (v: unknown) => (v == null ? null : String(v));
  const summary = typeof r.summary === 'string' ? (JSON.parse(r.summary) as Record<string, unknown>) : ((r.summary as Record<string, unknown> | null) ?? null);
  return {
    seq: Number(r.seq),
    at: r.at instanceof Date ? r.at : new Date(String(r.at)),
    actorId: str(r.actor_id),
    actorName: str(r.actor_name),
    actorKind: str(r.actor_kind),
    roles: (r.roles as string[] | null) ?? [],
    regionCode: str(r.region_code),
    operationId: str(r.operation_id),
    method: String(r.method),
    path: String(r.path),
    targetId: str(r.target_id),
    status: Number(r.status),
    outcome: String(r.outcome) as AuditContent['outcome'],
    summary,
    requestId: str(r.request_id),
    ip: str(r.ip),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

export const AUDIT_COLUMNS =
  'seq, at, actor_id, actor_name, actor_kind, roles, region_code, operation_id, method, path, target_id, status, outcome, summary, request_id, ip, prev_hash, hash';

export interface ChainReport {
  readonly ok: boolean;
  /** Entries checked. */
  readonly entries: number;
  readonly head: { readonly seq: number; readonly hash: string };
  /** The first entry whose link or content does not hold, and why. */
  readonly firstBroken: { readonly seq: number; readonly reason: 'content' | 'link' | 'sequence' | 'head' } | null;
}

/**
 * Walks the whole chain in order, in batches, and reports the first broken link:
 * `content` (the entry's hash does not match what it says), `link` (its prevHash is not the
 * previous entry's hash), `sequence` (a number is missing or repeated), `head` (the head does
 * not point at the last entry: entries were cut off the end).
 */
export async function verifyChain(knex: Knex, batchSize = 1000): Promise<ChainReport> {
  const headRow = (await knex.raw<{ rows: Row[] }>('select seq, hash from tb_audit_head where id = 1')).rows[0];
  const head = { seq: Number(headRow?.seq ?? 0), hash: String(headRow?.hash ?? GENESIS_HASH) };
  let previous = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  for (;;) {
    const batch = (await knex.raw<{ rows: Row[] }>(`select ${AUDIT_COLUMNS} from tb_audit_log where seq > ? order by seq limit ?`, [previous.seq, batchSize])).rows;
    for (const row of batch) {
      const entry = entryFromRow(row);
      entries++;
      const broken = (reason: 'content' | 'link' | 'sequence') => ({ ok: false, entries, head, firstBroken: { seq: entry.seq, reason } });
      if (entry.seq !== previous.seq + 1) return broken('sequence');
      if (entry.prevHash !== previous.hash) return broken('link');
      if (entryHash(entry.seq, entry.prevHash, entry) !== entry.hash) return broken('content');
      previous = { seq: entry.seq, hash: entry.hash };
    }
    if (batch.length < batchSize) break;
  }
  if (head.seq !== previous.seq || head.hash !== previous.hash) {
    return { ok: false, entries, head, firstBroken: { seq: Math.min(head.seq, previous.seq + 1), reason: 'head' } };
  }
  return { ok: true, entries, head, firstBroken: null };
}
