/**
 * Supervision thresholds, one row for the whole system (`tb_supervision_settings`), changed by
 * administrators through the API and read at every scan:
 * - `yellowWorkingDays` (default 1): a yellow card (黄牌) when this many working days or fewer
 *   remain before the promised deadline (0 = on the last day);
 * - `redOverdueWorkingDays` (default 0): a red card (红牌) once the case is more than this many
 *   working days past its deadline (0 = as soon as it is overdue).
 * `TONGBAN_SUPERVISION_INTERVAL` (seconds, default 300; 0 = off) sets how often the server
 * scans on its own; a scan can also be asked for on demand.
 */
import type { Knex } from 'knex';

export interface SupervisionSettings {
  readonly yellowWorkingDays: number;
  readonly redOverdueWorkingDays: number;
  readonly updatedBy: string | null;
  readonly updatedAt: Date | null;
}

export const DEFAULT_SETTINGS: SupervisionSettings = { yellowWorkingDays: 1, redOverdueWorkingDays: 0, updatedBy: null, updatedAt: null };

export async function readSettings(knex: Knex | Knex.Transaction): Promise<SupervisionSettings> {
  const row = (await knex.raw<{ rows: Array<Record<string, unknown>> }>('select yellow_working_days, red_overdue_working_days, updated_by, updated_at from tb_supervision_settings where id = 1')).rows[0];
  if (!row) return DEFAULT_SETTINGS;
  return {
    yellowWorkingDays: Number(row.yellow_working_days),
    redOverdueWorkingDays: Number(row.red_overdue_working_days),
    updatedBy: row.updated_by == null ? null : String(row.updated_by),
    updatedAt: row.updated_at == null ? null : new Date(row.updated_at as string | Date),
  };
}

export async function writeSettings(knex: Knex, change: { yellowWorkingDays: number; redOverdueWorkingDays: number }, userId: string, at: Date): Promise<SupervisionSettings> {
  await knex.raw(
    `insert into tb_supervision_settings (id, yellow_working_days, red_overdue_working_days, updated_by, updated_at) values (1, ?, ?, ?, ?)
     on conflict (id) do update set yellow_working_days = excluded.yellow_working_days, red_overdue_working_days = excluded.red_overdue_working_days,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [change.yellowWorkingDays, change.redOverdueWorkingDays, userId, at],
  );
  return readSettings(knex);
}

/** Seconds between scheduled scans, from the environment (0 = no schedule). */
export function scanIntervalSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.TONGBAN_SUPERVISION_INTERVAL ?? 300);
  return Number.isFinite(value) && value >= 0 ? value : 300;
}
