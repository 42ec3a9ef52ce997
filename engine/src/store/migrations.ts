/**
 * Schema migrations, run with knex's migrator from an in-code list (DESIGN §2: numbered
 * migrations). Bookkeeping lives in `tb_migrations` / `tb_migrations_lock` inside the
 * database's schema, so every schema (one per tenant or per test file) migrates on its own.
 *
 * Several engine processes may start against one PostgreSQL at once. knex serialises them
 * with its lock row once the bookkeeping tables exist; creating those tables the very first
 * time can still race, which surfaces as an error in the loser — we simply try again.
 */
import type { Knex } from 'knex';
import type { Database } from './database.js';
import type { Migration } from './migrations/migration.js';
import { core001 } from './migrations/001_core.js';
import { jobs002 } from './migrations/002_jobs.js';
import { calendar003 } from './migrations/003_calendar.js';
import { approvals004 } from './migrations/004_approvals.js';
import { inbox005 } from './migrations/005_inbox.js';
import { externalTasks006 } from './migrations/006_external_tasks.js';
import { timerStart007 } from './migrations/007_timer_start.js';
import { inboxSingleGroup008 } from './migrations/008_inbox_single_group.js';
import { outboxInStatement009 } from './migrations/009_outbox_in_statement.js';
import { dropTaskAssigneeIndex010 } from './migrations/010_drop_task_assignee_index.js';

export type { Migration } from './migrations/migration.js';

/** In order. Append only. */
export const MIGRATIONS: readonly Migration[] = [core001, jobs002, calendar003, approvals004, inbox005, externalTasks006, timerStart007, inboxSingleGroup008, outboxInStatement009, dropTaskAssigneeIndex010];

const TABLE_NAME = 'tb_migrations';

const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: () => Promise.resolve([...MIGRATIONS]),
  getMigrationName: (migration) => migration.name,
  getMigration: (migration) => Promise.resolve(migration),
};

function config(db: Database): Knex.MigratorConfig {
  return {
    migrationSource,
    tableName: TABLE_NAME,
    ...(db.schema === undefined ? {} : { schemaName: db.schema }),
  };
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrate(db: Database, attempts = 5): Promise<string[]> {
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

/** Rolls every migration back (tests and tooling only: drops all engine tables). */
export async function rollbackAll(db: Database): Promise<void> {
  await db.knex.migrate.rollback(config(db), true);
}

/** Names of the migrations already applied to this database, in order. */
export async function appliedMigrations(db: Database): Promise<string[]> {
  const [completed] = (await db.knex.migrate.list(config(db))) as [Array<{ name: string }>, unknown];
  return completed.map((m) => m.name);
}

/**
 * The errors a concurrent first migration produces: knex's lock is taken, or both processes
 * created the bookkeeping tables (duplicate table / unique violation on the catalog).
 */
function isRace(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '42P07' || code === '23505' || /already locked/i.test(message ?? '');
}
