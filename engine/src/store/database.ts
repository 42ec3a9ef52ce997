/**
 * Opening the engine's database (DESIGN §2 store/, §6).
 *
 * One SQL dialect, two servers: embedded PGlite (WebAssembly PostgreSQL, one connection, in
 * memory or in a data folder) for a single machine and for tests, and a real PostgreSQL when a
 * URL is given. Both are spoken to through `pg` and the same knex client (embedded-pg.ts,
 * pipelined-pg.ts). Everything above this file sees a knex instance speaking PostgreSQL and
 * never needs to ask which one it got — `dialect` exists for the few places where the servers
 * genuinely differ (row locks can only contend on PostgreSQL; LISTEN/NOTIFY).
 */
import knexPkg from 'knex';
import type { Knex } from 'knex';
import { PGlite } from '@electric-sql/pglite';
import { embeddedKnexConfig } from './embedded-pg.js';
import { PipelinedPgClient } from './pipelined-pg.js';

// knex is CommonJS; under Node's ESM loader only its default export is reliable.
const { knex: createKnex } = knexPkg;

export interface DatabaseOptions {
  /** `postgres://…` (or `postgresql://…`); absent → embedded PGlite. */
  readonly url?: string;
  /** PGlite only: keep the database in this folder instead of in memory. */
  readonly dataDir?: string;
  /**
   * PGlite only: use this instance instead of making one — e.g. one restored from a
   * `dumpDataDir()` snapshot, which starts in a fraction of the time a fresh one needs (the
   * test harness does this). The database owns it from now on and closes it on `close()`.
   */
  readonly pglite?: PGlite;
  /**
   * Use (and create if missing) this schema for every table, including the migration
   * bookkeeping. Lets several engines — or several test files — share one database.
   */
  readonly schema?: string;
  /** PostgreSQL only: maximum pooled connections (default 10). PGlite has exactly one. */
  readonly poolSize?: number;
}

export interface Database {
  readonly knex: Knex;
  readonly dialect: 'pglite' | 'postgres';
  readonly schema?: string;
  /** The embedded server, when the dialect is PGlite. */
  readonly pglite?: PGlite;
  /** Releases the pool (and, for PGlite, shuts the embedded server down). */
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const { url, dataDir, pglite, schema, poolSize = 10 } = options;
  if (url !== undefined && (dataDir !== undefined || pglite !== undefined)) {
    throw new Error('dataDir and pglite are for the embedded database; they cannot go with a url.');
  }
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    // Schema names are spliced into DDL and search_path; refuse anything that needs quoting.
    throw new Error(`Invalid schema name "${schema}": use letters, digits and _ (at most 63).`);
  }
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`Unsupported database URL "${redact(url)}": expected postgres://…`);
  }
  // knex sets search_path on every new pooled connection (both dialects implement
  // setSchemaSearchPath), so unqualified table names resolve to our schema everywhere —
  // including inside migrations and transactions. PostgreSQL resolves search_path lazily,
  // so it may name a schema that is only created below.
  const searchPath = schema === undefined ? {} : { searchPath: [schema] };
  const dialect: Database['dialect'] = url === undefined ? 'pglite' : 'postgres';
  // Through `pg` either way: embedded-pg.ts for PGlite, pipelined-pg.ts for both.
  const embedded = url === undefined ? (pglite ?? new PGlite(dataDir)) : undefined;
  const knex = embedded
    ? createKnex({ ...embeddedKnexConfig(embedded), ...searchPath })
    : createKnex({
        // knex's pg client, sending BEGIN and COMMIT in the same round trips as the statements.
        client: PipelinedPgClient as unknown as typeof knexPkg.Client,
        // application_name: lets a DBA tell the engine's sessions apart in pg_stat_activity.
        connection: { connectionString: url, application_name: 'tongban' },
        pool: { min: 0, max: poolSize },
        ...searchPath,
      });
  const close = async () => {
    await knex.destroy();
    if (embedded && !embedded.closed) await embedded.close();
  };
  try {
    if (schema !== undefined) await createSchema(knex, schema);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    knex,
    dialect,
    ...(schema === undefined ? {} : { schema }),
    ...(embedded ? { pglite: embedded } : {}),
    close,
  };
}

async function createSchema(knex: Knex, schema: string): Promise<void> {
  try {
    await knex.raw(`create schema if not exists "${schema}"`);
  } catch (error) {
    // Two processes creating the same schema at once: IF NOT EXISTS is not race-free in
    // PostgreSQL, the loser gets a unique violation on the catalog. The schema exists; go on.
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}

/** Never echo a password from a connection string into logs or error messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
