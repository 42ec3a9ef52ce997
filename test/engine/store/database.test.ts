import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from '../../../engine/src/store/index.js';
import * as sql from '../../../engine/src/store/sql.js';
import { onPostgres, schemaName, testDatabase } from '../../support/db.js';
import { instance } from './fixtures.js';

describe('store: openDatabase', function () {
  it('refuses schema names that would need quoting', async function () {
    for (const schema of ['a-b', 'x"; drop schema public; --', '1abc', '', 'a'.repeat(64)]) {
      const error = await openDatabase({ schema }).catch((e: unknown) => e);
      expect(error, schema).to.be.instanceOf(Error).with.property('message').that.matches(/Invalid schema name/);
    }
  });

  it('refuses other URLs without echoing the password', async function () {
    const error = await openDatabase({ url: 'mysql://root:s3cret@db/x' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(/expected postgres:/).and.not.include('s3cret');
  });

  it('reports its dialect and schema', async function () {
    const db = await testDatabase('dialect');
    try {
      expect(db.dialect).to.equal(onPostgres ? 'postgres' : 'pglite');
      if (onPostgres) expect(db.schema).to.match(/^t_dialect_[0-9a-f]{10}$/);
      const { rows } = await db.knex.raw<{ rows: Array<{ v: string }> }>('select version() as v');
      expect(rows[0]?.v).to.match(/PostgreSQL/);
    } finally {
      await db.close();
    }
  });

  it('drops the test schema on close (PostgreSQL)', async function () {
    if (!onPostgres) this.skip(); // in-memory PGlite simply vanishes
    const db = await testDatabase('dropped');
    const schema = db.schema!;
    await db.close();
    const probe = await openDatabase({ url: process.env.DATABASE_URL });
    try {
      const { rows } = await probe.knex.raw<{ rows: unknown[] }>('select 1 from pg_namespace where nspname = ?', [schema]);
      expect(rows).to.have.length(0);
    } finally {
      await probe.close();
    }
  });

  it('keeps a PGlite database in a data folder across restarts, in its schema', async function () {
    this.timeout(60_000);
    const dataDir = await mkdtemp(join(tmpdir(), 'tongban-pglite-'));
    const schema = schemaName('persist');
    try {
      const first = await openDatabase({ dataDir, schema });
      expect(first.dialect).to.equal('pglite');
      await migrate(first);
      await sql.insertInstance(first.knex, instance('kept'));
      await first.close();

      const again = await openDatabase({ dataDir, schema });
      try {
        expect(await migrate(again)).to.deep.equal([]);
        expect((await sql.getInstance(again.knex, 'kept'))?.id).to.equal('kept');
        const { rows } = await again.knex.raw<{ rows: Array<{ s: string }> }>(
          "select table_schema as s from information_schema.tables where table_name = 'tb_instance'",
        );
        expect(rows.map((r) => r.s)).to.deep.equal([schema]);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
