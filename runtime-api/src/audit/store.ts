/**
 * Reading the audit log: newest first, filtered, region-scoped in SQL. Entries with no region
 * (sign-ins, administration of the whole system, unauthenticated attempts) are seen by
 * administrators only, whose scope is `null`.
 */
import type { Knex } from 'knex';
import type { Paging } from '../store/sql.js';
import { AUDIT_COLUMNS, type AuditEntry, entryFromRow } from './chain.js';

export interface AuditFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly actorId?: string;
  readonly operationId?: string;
  readonly targetId?: string;
  readonly outcome?: string;
}

export async function listAuditEntries(knex: Knex, filter: AuditFilter, scope: readonly string[] | null, page: Paging): Promise<{ items: AuditEntry[]; total: number }> {
  const conditions: string[] = [];
  const bindings: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    conditions.push(condition);
    bindings.push(value);
  };
  if (scope !== null) add('region_code like any(?::text[])', scope.map((s) => `${s}%`));
  if (filter.from) add('at >= ?', filter.from);
  if (filter.to) add('at < ?', filter.to);
  if (filter.actorId !== undefined) add('actor_id = ?', filter.actorId);
  if (filter.operationId !== undefined) add('operation_id = ?', filter.operationId);
  if (filter.targetId !== undefined) add('target_id = ?', filter.targetId);
  if (filter.outcome !== undefined) add('outcome = ?', filter.outcome);
  const where = conditions.length ? ` where ${conditions.join(' and ')}` : '';
  const raw = (sql: string, b: unknown[]) => knex.raw<{ rows: Array<Record<string, unknown>> }>(sql, b as Knex.RawBinding[]);
  const total = Number((await raw(`select count(*) as n from tb_audit_log${where}`, bindings)).rows[0]?.n ?? 0);
  const found = await raw(`select ${AUDIT_COLUMNS} from tb_audit_log${where} order by seq desc limit ? offset ?`, [...bindings, page.limit, page.offset]);
  return { items: found.rows.map(entryFromRow), total };
}
