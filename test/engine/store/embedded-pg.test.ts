/**
 * PGlite through `pg` (engine/src/store/embedded-pg.ts): one server session behind every
 * connection the pool makes, so a connection made after a failed one must not inherit its open
 * transaction or its prepared statements.
 */
import { expect } from 'chai';
import type pg from 'pg';
import { directQuery, PREPARED } from '../../../engine/src/store/pipelined-pg.js';
import type { Database } from '../../../engine/src/store/index.js';
import { onPostgres, testDatabase } from '../../support/db.js';

interface Pooled {
  acquireConnection(): Promise<pg.Client & { __knex__disposed?: unknown }>;
  releaseConnection(connection: pg.Client): Promise<unknown>;
  logger: { warn(message: string): void };
}

(onPostgres ? describe.skip : describe)('store: PGlite through pg', () => {
  let db: Database;

  before(async () => {
    db = await testDatabase('embedded');
    await db.knex.raw('create table embedded_t (id int primary key)');
  });
  after(() => db.close());

  it('uses prepared statements of its own: one Parse, then only Bind and Execute', async () => {
    for (const id of [1, 2, 3]) await directQuery(db.knex, 'insert into embedded_t values (?)', [id], { [PREPARED]: 'embedded_insert' });
    const { rows } = await db.knex.raw<{ rows: { n: string }[] }>("select count(*) as n from pg_prepared_statements where name = 'embedded_insert'");
    expect(Number(rows[0]!.n)).to.equal(1);
    await db.knex.raw('delete from embedded_t');
  });

  it('a connection made after a failed one starts clean: no open transaction, no prepared statements', async () => {
    const client = db.knex.client as unknown as Pooled;
    const failed = await client.acquireConnection();
    await failed.query('begin');
    await failed.query({ name: 'embedded_insert_again', text: 'insert into embedded_t values ($1)', values: [1] });
    // The connection fails mid-transaction; the pool drops it (knex logs a warning, kept quiet here).
    failed.__knex__disposed = new Error('simulated failure');
    await client.releaseConnection(failed);
    const warn = client.logger.warn;
    client.logger.warn = () => undefined;
    try {
      // The same statement name again: `pg` on the new connection prepares it anew.
      await directQuery(db.knex, 'insert into embedded_t values (?)', [2], { [PREPARED]: 'embedded_insert_again' });
    } finally {
      client.logger.warn = warn;
    }
    const { rows } = await db.knex.raw<{ rows: { id: number }[] }>('select id from embedded_t order by id');
    expect(rows.map((r) => r.id)).to.deep.equal([2]);
  });
});
