import { expect } from 'chai';
import { appliedMigrations, migrate, MIGRATIONS, openDatabase, rollbackAll } from '../../../engine/src/store/index.js';
import type { Database } from '../../../engine/src/store/index.js';
import { onPostgres, schemaName, testDatabase } from '../../support/db.js';

/** The tables of migration 001. */
const TABLES = ['tb_definition', 'tb_deployment', 'tb_history', 'tb_instance', 'tb_job', 'tb_subscription', 'tb_task'];

async function tablesIn(db: Database): Promise<string[]> {
  const { rows } = await db.knex.raw<{ rows: Array<{ table_name: string }> }>(
    `select table_name from information_schema.tables where table_schema = current_schema() order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe('store: migrations', function () {
  let db: Database;
  before(async function () {
    db = await testDatabase('migrations');
  });
  after(async function () {
    await db?.close();
  });

  it('creates every table, with the bookkeeping beside them', async function () {
    // Later migrations add tables of their own; 001's and the bookkeeping must all be here.
    expect(await tablesIn(db)).to.include.members([...TABLES, 'tb_migrations', 'tb_migrations_lock']);
    expect((await tablesIn(db)).every((t) => t.startsWith('tb_')), 'every table is prefixed tb_').to.equal(true);
    expect(await appliedMigrations(db)).to.deep.equal(MIGRATIONS.map((m) => m.name));
  });

  it('is idempotent: a second run applies nothing and changes nothing', async function () {
    const before = await tablesIn(db);
    expect(await migrate(db)).to.deep.equal([]);
    expect(await migrate(db)).to.deep.equal([]);
    expect(await tablesIn(db)).to.deep.equal(before);
  });

  it('rolls back completely and migrates again', async function () {
    await rollbackAll(db);
    expect(await tablesIn(db)).to.deep.equal(['tb_migrations', 'tb_migrations_lock']);
    expect(await migrate(db)).to.deep.equal(MIGRATIONS.map((m) => m.name));
    expect(await tablesIn(db)).to.include.members(TABLES);
  });

  it('creates timestamptz, jsonb and text[] columns', async function () {
    const { rows } = await db.knex.raw<{ rows: Array<{ table_name: string; column_name: string; udt_name: string }> }>(
      `select table_name, column_name, udt_name from information_schema.columns
       where table_schema = current_schema() and table_name like 'tb\\_%' and table_name not like 'tb\\_migrations%'`,
    );
    const type = (table: string, column: string) =>
      rows.find((r) => r.table_name === table && r.column_name === column)?.udt_name;
    for (const r of rows.filter((r) => /(_at|^time)$/.test(r.column_name))) expect(r.udt_name, `${r.table_name}.${r.column_name}`).to.equal('timestamptz');
    expect(type('tb_instance', 'state')).to.equal('jsonb');
    expect(type('tb_history', 'data')).to.equal('jsonb');
    expect(type('tb_task', 'candidate_groups')).to.equal('_text');
    expect(type('tb_history', 'id')).to.equal('int8');
  });

  it('migrates a schema of its own, leaving others untouched', async function () {
    // On PostgreSQL this is a second schema beside the harness's; on PGlite a schema in a
    // fresh in-memory database. Either way nothing may land outside it.
    const schema = schemaName('own');
    const other = await openDatabase({ url: process.env.DATABASE_URL || undefined, schema });
    try {
      expect(await migrate(other)).to.deep.equal(MIGRATIONS.map((m) => m.name));
      expect(await tablesIn(other)).to.include.members([...TABLES, 'tb_migrations']);
      const { rows } = await other.knex.raw<{ rows: Array<{ n: number | string }> }>(
        `select count(*) as n from information_schema.tables where table_schema = 'public' and table_name like 'tb\\_%'`,
      );
      if (!onPostgres) expect(Number(rows[0]?.n)).to.equal(0);
      expect(await migrate(other)).to.deep.equal([]);
    } finally {
      await other.knex.raw(`drop schema if exists "${schema}" cascade`);
      await other.close();
    }
  });

  it('lets concurrent migrations of one fresh schema both succeed', async function () {
    if (!onPostgres) {
      // PGlite is one connection inside this process: there is no second process to race.
      this.skip();
    }
    const schema = schemaName('race');
    const a = await openDatabase({ url: process.env.DATABASE_URL, schema });
    const b = await openDatabase({ url: process.env.DATABASE_URL, schema });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      expect([...ra, ...rb]).to.deep.equal(MIGRATIONS.map((m) => m.name));
    } finally {
      await a.knex.raw(`drop schema if exists "${schema}" cascade`);
      await Promise.all([a.close(), b.close()]);
    }
  });
});
