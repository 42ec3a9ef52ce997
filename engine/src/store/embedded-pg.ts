/**
 * The embedded PGlite, spoken to through `pg` exactly as PostgreSQL is.
 *
 * PGlite ships a node-postgres connection (`@electric-sql/pglite/node-postgres`) that hands the
 * protocol messages `pg` writes straight to the embedded server. Over it the engine's
 * PostgreSQL client ({@link PipelinedPgClient}) works unchanged, and PGlite gets what its own
 * `query()` lacks: named prepared statements (`query()` parses and plans every statement
 * anew, which in WebAssembly is most of a command's cost), BEGIN and COMMIT sent with the
 * statements, and the direct and light paths of pipelined-pg.ts. The example benchmark runs
 * about twice the commands per second it did through knex-pglite (engine/README.md).
 *
 * One server session stands behind every connection: PGlite has exactly one. The pool
 * therefore holds one connection, and a new connection (after an old one failed) first ends a
 * transaction the old one may have left open and forgets the statements it prepared, which
 * `pg` would otherwise try to prepare again under the same names.
 */
import type { Knex } from 'knex';
import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type pg from 'pg';
import { PipelinedPgClient } from './pipelined-pg.js';

/** knex's internals this client builds on (knex ships no typings for them). */
interface KnexPgInternals {
  connectionSettings: unknown;
  _acquireOnlyConnection(): Promise<pg.Client>;
}

/** A knex client class for one PGlite instance. */
export function embeddedPgClient(pglite: PGlite): typeof PipelinedPgClient {
  return class EmbeddedPgClient extends PipelinedPgClient {
    async _acquireOnlyConnection(): Promise<pg.Client> {
      const internals = PipelinedPgClient.prototype as unknown as KnexPgInternals;
      (this as unknown as KnexPgInternals).connectionSettings = createPgConfig(pglite);
      const connection = await internals._acquireOnlyConnection.call(this);
      await connection.query('rollback; deallocate all');
      return connection;
    }
  };
}

/** knex options for an embedded PGlite: its one connection, kept open. */
export function embeddedKnexConfig(pglite: PGlite): Knex.Config {
  return {
    client: embeddedPgClient(pglite) as unknown as Knex.Config['client'],
    connection: {},
    pool: { min: 1, max: 1 },
  };
}
