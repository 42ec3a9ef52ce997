/**
 * Migrations of the server's own tables, with knex's migrator and an in-code list — the same
 * pattern as the engine's, with its own bookkeeping table (`tb_api_migrations`) so the two
 * packages migrate independently inside one database and schema.
 */
import type { Knex } from 'knex';
import type { Database } from '@tongban/engine';
import type { Migration } from './migrations/migration.js';
import { identity001 } from './migrations/001_identity.js';
// ── cases ── (cases, supervision, audit)
import { cases003 } from './migrations/003_cases.js';
// ── catalogue ──
import { catalog002 } from './migrations/002_catalog.js';
import { bundles004 } from './migrations/004_bundles.js';
// ── end catalogue ──
import { files005 } from './migrations/005_files.js';

/** In order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  identity001,
  catalog002, // ── catalogue ──
  cases003, // ── cases ── 003: cases (办件), supervision (电子监察), audit log
  bundles004, // 004: bundles (一件事), members' outcomes on the case
  files005, // 005: uploaded files of cases (bytea)
];

const TABLE_NAME = 'tb_api_migrations';

const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: () => Promise.resolve([...MIGRATIONS]),
  getMigrationName: (migration) => migration.name,
  getMigration: (migration) => Promise.resolve(migration),
};

function config(db: Database): Knex.MigratorConfig {
  return { migrationSource, tableName: TABLE_NAME, ...(db.schema === undefined ? {} : { schemaName: db.schema }) };
}

/** Brings the server's tables up to date; returns the names of the migrations applied. */
export async function migrateApi(db: Database, attempts = 5): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const [, applied] = (await db.knex.migrate.latest(config(db))) as [number, string[]];
      return applied;
    } catch (error) {
      if (attempt >= attempts || !isRace(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt * attempt));
    }
  }
}

/** Two processes migrating a fresh database at once; the loser tries again. */
function isRace(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '42P07' || code === '23505' || /already locked/i.test(message ?? '');
}
