/**
 * The database every database test uses (DESIGN §7).
 *
 * Without DATABASE_URL: a fresh in-memory PGlite per call — nothing shared, nothing to clean.
 * Booting PGlite from scratch (initdb) takes seconds, so the first call migrates one template
 * database and snapshots it; every call then restores that snapshot, already migrated, in well
 * under a second.
 *
 * With DATABASE_URL: a fresh schema per call, `t_<name>_<random>`, migrated, and dropped with
 * everything in it on close. Schemas rather than databases because creating a database is slow
 * and needs rights a CI user may not have; random suffixes so that test files, mocha --parallel
 * workers and concurrent CI jobs on one server never see each other's rows.
 *
 * Call it once per test file (in `before`) and close it in `after`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { migrate, openDatabase } from '../../engine/src/store/index.js';
import type { Database, DatabaseOptions } from '../../engine/src/store/index.js';
import pg from 'pg';

const DATABASE_URL = process.env.DATABASE_URL || undefined;

/** True when tests run against a real PostgreSQL (DATABASE_URL is set). */
export const onPostgres: boolean = DATABASE_URL !== undefined;

export async function testDatabase(name: string): Promise<Database> {
  if (DATABASE_URL === undefined) {
    return openDatabase({ pglite: new PGlite({ loadDataDir: await migratedSnapshot() }) });
  }
  const schema = schemaName(name);
  const db = await openDatabase({ url: DATABASE_URL, schema, poolSize: 4 });
  try {
    await migrate(db);
  } catch (error) {
    await dropAndClose(db, schema);
    throw error;
  }
  return { ...db, close: () => dropAndClose(db, schema) };
}

let snapshot: Promise<Blob> | undefined;

/** A migrated, empty PGlite data directory as a tarball; made once per process. */
function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const pglite = new PGlite();
    const db = await openDatabase({ pglite });
    try {
      await migrate(db);
      // 'none': a plain tar restores faster than a gzipped one, and it only lives in memory.
      return await pglite.dumpDataDir('none');
    } finally {
      await db.close();
    }
  })();
  snapshot.catch(() => (snapshot = undefined)); // let a later call retry after a failure
  return snapshot;
}

async function dropAndClose(db: Database, schema: string): Promise<void> {
  try {
    await db.knex.raw(`drop schema if exists "${schema}" cascade`);
  } finally {
    await db.close();
  }
}

/** `t_<name>_<random>`: lower-case, [a-z0-9_] only, within PostgreSQL's 63-character limit. */
export function schemaName(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return `t_${clean}_${randomBytes(5).toString('hex')}`;
}

/**
 * For several engines on one test database, as several server processes would run: on
 * PostgreSQL a pool of each engine's own on the test schema; on PGlite (one connection in one
 * process) they share it, and the test closes it.
 */
export function ownPool(database: Database, poolSize = 4): Database | DatabaseOptions {
  if (onPostgres) return { url: DATABASE_URL!, schema: database.schema!, poolSize };
  return { ...database, close: async () => {} };
}

const measuring = new AsyncLocalStorage<{ count: number }>();
const clientQuery = pg.Client.prototype.query;

/**
 * Statements handed to the server by `pg` (each one round trip) on behalf of `work`: counted in
 * its async context only, so that a background executor or listener of another test, still
 * polling on the same server, does not add to it.
 */
export async function roundTrips(work: () => Promise<unknown>): Promise<number> {
  const tally = { count: 0 };
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const current = measuring.getStore();
    if (current) current.count++;
    return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof clientQuery;
  try {
    await measuring.run(tally, work);
  } finally {
    pg.Client.prototype.query = clientQuery;
  }
  return tally.count;
}
