/**
 * A command's transaction is pipelined (engine/src/store/pipelined-pg.ts): BEGIN travels with
 * the first statement and COMMIT with the final write. These tests hold it to the promise that
 * matters: the same atomicity as four separate round trips, in two. Both databases are reached
 * through `pg` and this client (PGlite through embedded-pg.ts), so everything runs on both.
 */
import { expect } from 'chai';
import type { Knex } from 'knex';
import { COMMIT_AFTER, directQuery, KnexNeededError, lightTransaction, PREPARED } from '../../../engine/src/store/pipelined-pg.js';
import * as sql from '../../../engine/src/store/sql.js';
import { createEngine } from '../../../engine/src/index.js';
import type { Database } from '../../../engine/src/store/index.js';
import { roundTrips, testDatabase } from '../../support/db.js';

describe('store: pipelined transactions', () => {
  let db: Database;
  let knex: Knex;

  before(async () => {
    db = await testDatabase('pipelined');
    knex = db.knex;
    await knex.raw('create table pipe_t (id int primary key, note text)');
  });
  after(() => db.close());
  beforeEach(() => knex.raw('delete from pipe_t'));

  /** The error a promise rejects with (fails the test when it resolves). */
  async function failure(promise: Promise<unknown>): Promise<Error> {
    const outcome = await promise.then(() => undefined, (e: unknown) => e);
    expect(outcome, 'expected a rejection').to.be.instanceOf(Error);
    return outcome as Error;
  }
  const ids = async () => (await knex.raw<{ rows: { id: number }[] }>('select id from pipe_t order by id')).rows.map((r) => r.id);
  const finalWrite = (trx: Knex.Transaction, sql: string, bindings: Knex.RawBinding[]) => trx.raw(sql, bindings).options({ [COMMIT_AFTER]: true });

  it('commits the statements before the final write together with it', async () => {
    await knex.transaction(async (trx) => {
      await trx.raw('insert into pipe_t values (?, ?)', [1, 'first']);
      await finalWrite(trx, 'insert into pipe_t values (?, ?)', [2, 'last']);
    });
    expect(await ids()).to.deep.equal([1, 2]);
  });

  it('rolls the whole transaction back when the final write fails, and the connection works on', async () => {
    await knex.raw('insert into pipe_t values (?, ?)', [9, 'existing']);
    const failing = knex.transaction(async (trx) => {
      await trx.raw('insert into pipe_t values (?, ?)', [1, 'first']);
      await finalWrite(trx, 'insert into pipe_t values (?, ?)', [9, 'duplicate']);
    });
    expect((await failure(failing)).message).to.match(/duplicate key/);
    expect(await ids()).to.deep.equal([9]);
    // Every pooled connection is back to normal: a transaction after it commits as usual.
    await Promise.all([3, 4, 5, 6].map((id) => knex.transaction((trx) => finalWrite(trx, 'insert into pipe_t values (?, null)', [id]))));
    expect(await ids()).to.deep.equal([3, 4, 5, 6, 9]);
  });

  it('rolls back when the first statement fails, before anything was written', async () => {
    const failing = knex.transaction(async (trx) => {
      await trx.raw('insert into pipe_t values (?, ?)', ['not a number', 'x']);
    });
    expect((await failure(failing)).message).to.match(/invalid input syntax/);
    await knex.transaction((trx) => finalWrite(trx, 'insert into pipe_t values (?, null)', [7]));
    expect(await ids()).to.deep.equal([7]);
  });

  it('rolls back what ran before an error thrown in between statements', async () => {
    const failing = knex.transaction(async (trx) => {
      await trx.raw('insert into pipe_t values (?, ?)', [1, 'first']);
      throw new Error('handler failed');
    });
    expect((await failure(failing)).message).to.equal('handler failed');
    expect(await ids()).to.deep.equal([]);
  });

  it('treats a final-write mark outside a transaction as an ordinary statement', async () => {
    await knex.raw('insert into pipe_t values (?, null)', [1]).options({ [COMMIT_AFTER]: true });
    await knex.raw('insert into pipe_t values (?, null)', [2]);
    expect(await ids()).to.deep.equal([1, 2]);
  });

  describe('through pg', () => {
    it('sends BEGIN, a read, a final write and COMMIT in two round trips', async () => {
      await knex.raw('insert into pipe_t values (?, null)', [1]);
      const trips = await roundTrips(() =>
        knex.transaction(async (trx) => {
          await trx.raw('select id from pipe_t where id = ? for update', [1]);
          await finalWrite(trx, 'update pipe_t set note = ? where id = ?', ['done', 1]);
        }),
      );
      expect(trips).to.equal(2);
      const { rows } = await knex.raw<{ rows: { note: string }[] }>('select note from pipe_t where id = 1');
      expect(rows[0]!.note).to.equal('done');
    });

    it('sends nothing for a transaction that ran no statement', async () => {
      expect(await roundTrips(() => knex.transaction(async () => undefined))).to.equal(0);
    });

    it('holds the row lock from the first statement to the piggybacked COMMIT', async () => {
      await knex.raw('insert into pipe_t values (?, ?)', [1, '0']);
      // Ten increments from concurrent transactions: with the lock none is lost.
      await Promise.all(
        Array.from({ length: 10 }, () =>
          knex.transaction(async (trx) => {
            const { rows } = await trx.raw<{ rows: { note: string }[] }>('select note from pipe_t where id = ? for update', [1]);
            await finalWrite(trx, 'update pipe_t set note = ? where id = ?', [String(Number(rows[0]!.note) + 1), 1]);
          }),
        ),
      );
      const { rows } = await knex.raw<{ rows: { note: string }[] }>('select note from pipe_t where id = 1');
      expect(rows[0]!.note).to.equal('10');
    });

    it('prepares a named statement once per connection and reuses it', async () => {
      await knex.transaction(async (trx) => {
        for (const id of [1, 2, 3]) await trx.raw('insert into pipe_t values (?, null)', [id]).options({ [PREPARED]: 'pipe_insert' });
        const { rows } = await trx.raw<{ rows: { n: string }[] }>("select count(*) as n from pg_prepared_statements where name = 'pipe_insert'");
        expect(Number(rows[0]!.n)).to.equal(1);
      });
      expect(await ids()).to.deep.equal([1, 2, 3]);
    });

    it('refuses a statement after the transaction was committed with its final write', async () => {
      const misuse = knex.transaction(async (trx) => {
        await finalWrite(trx, 'insert into pipe_t values (?, null)', [1]);
        await trx.raw('insert into pipe_t values (?, null)', [2]);
      });
      expect((await failure(misuse)).message).to.match(/after the transaction was committed/);
      expect(await ids()).to.deep.equal([1]);
    });

    describe('statements sent past knex (directQuery)', () => {
      it('joins the transaction: BEGIN in front of the first, COMMIT behind the final write, two round trips', async () => {
        await knex.raw('insert into pipe_t values (?, ?)', [1, 'open']);
        const trips = await roundTrips(() =>
          knex.transaction(async (trx) => {
            const read = await directQuery(trx, 'select note from pipe_t where id = ? for update', [1], { [PREPARED]: 'pipe_lock' });
            expect(read!.rows).to.deep.equal([{ note: 'open' }]);
            await directQuery(trx, 'update pipe_t set note = ? where id = ?', ['done', 1], { [COMMIT_AFTER]: true });
          }),
        );
        expect(trips).to.equal(2);
        expect((await knex.raw<{ rows: { note: string }[] }>('select note from pipe_t where id = 1')).rows[0]!.note).to.equal('done');
      });

      it('rolls back whole when a direct statement fails, and the pool works on', async () => {
        const failing = knex.transaction(async (trx) => {
          await directQuery(trx, 'insert into pipe_t values (?, ?)', [1, 'first']);
          await directQuery(trx, 'insert into pipe_t values (?, ?)', [1, 'duplicate'], { [COMMIT_AFTER]: true });
        });
        expect((await failure(failing)).message).to.match(/duplicate key/);
        expect(await ids()).to.deep.equal([]);
        // Outside a transaction: a pooled connection, given back (more statements than connections).
        for (let id = 2; id < 20; id++) await directQuery(knex, 'insert into pipe_t values (?, null)', [id]);
        expect(await ids()).to.have.length(18);
      });

      it('refuses a statement on a finished transaction', async () => {
        let finished: Knex.Transaction | undefined;
        await knex.transaction(async (trx) => {
          finished = trx;
        });
        expect((await failure(directQuery(finished!, 'select 1', []))).message).to.match(/already complete/);
      });
    });

    describe('light transactions (no knex transaction object)', () => {
      it('runs direct statements as one transaction in two round trips, with no statement through knex', async () => {
        await knex.raw('insert into pipe_t values (?, ?)', [1, 'open']);
        let throughKnex = 0;
        const count = () => throughKnex++;
        knex.on('query', count);
        try {
          const trips = await roundTrips(async () => {
            const done = await lightTransaction(knex, async (trx) => {
              await directQuery(trx, 'select note from pipe_t where id = ? for update', [1]);
              await directQuery(trx, 'update pipe_t set note = ? where id = ?', ['done', 1], { [COMMIT_AFTER]: true });
              return 'ok';
            });
            expect(done).to.deep.equal({ value: 'ok' });
          });
          expect(trips).to.equal(2);
        } finally {
          knex.off('query', count);
        }
        expect(throughKnex).to.equal(0);
        expect((await knex.raw<{ rows: { note: string }[] }>('select note from pipe_t where id = 1')).rows[0]!.note).to.equal('done');
      });

      it('commits at the end when no statement carried the COMMIT, and rolls back whole on an error', async () => {
        await lightTransaction(knex, (trx) => directQuery(trx, 'insert into pipe_t values (?, null)', [1]));
        const failing = lightTransaction(knex, async (trx) => {
          await directQuery(trx, 'insert into pipe_t values (?, null)', [2]);
          throw new Error('handler failed');
        });
        expect((await failure(failing)).message).to.equal('handler failed');
        expect(await ids()).to.deep.equal([1]);
      });

      it('refuses knex itself inside, having sent nothing that stays', async () => {
        const failing = lightTransaction(knex, async (trx) => {
          await directQuery(trx, 'insert into pipe_t values (?, null)', [3]);
          await trx('pipe_t').insert({ id: 4 });
        });
        expect(await failure(failing)).to.be.instanceOf(KnexNeededError);
        expect(await ids()).to.deep.equal([]);
        // The connection went back to the pool clean.
        await Promise.all([5, 6, 7, 8].map((id) => lightTransaction(knex, (trx) => directQuery(trx, 'insert into pipe_t values (?, null)', [id], { [COMMIT_AFTER]: true }))));
        expect(await ids()).to.deep.equal([5, 6, 7, 8]);
      });
    });

    it("keeps a command's writes on unique-key probes in the generic plan, whatever the statistics", async () => {
      // A prepared statement keeps the plan it got while the tables were small and unanalysed;
      // a join against the parameter set would stay a sequential scan of tb_instance and
      // tb_task (every command reading the whole table). Forcing the generic plan shows it.
      const engineDb = await testDatabase('keyed_writes');
      const engine = await createEngine({ database: engineDb });
      try {
        const write = sql.unitWriteStatement({
          instanceInserts: [], taskInserts: [], taskUpserts: [], jobInserts: [], subscriptionInserts: [], notifications: [], history: [],
          instanceUpdates: [{ id: 'i1', status: 'active', state: { id: 'i1' } as never, endedAt: null }],
          taskDeletes: ['t1'], jobDeletes: ['j1'], subscriptionDeletes: ['s1'],
        })!;
        let n = 0;
        const text = write.sql.replace(/\?/g, () => `$${++n}`);
        const plan = await engineDb.knex.transaction(async (trx) => {
          await trx.raw("set local plan_cache_mode = 'force_generic_plan'");
          await trx.raw(`prepare keyed_write as ${text}`);
          const values = write.bindings.map((v) => (v === null ? 'null' : `'${String(v)}'`)).join(', ');
          const { rows } = await trx.raw<{ rows: Record<string, string>[] }>(`explain execute keyed_write(${values})`);
          await trx.raw('deallocate keyed_write');
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        });
        expect(plan).to.not.match(/Seq Scan/);
        for (const index of ['tb_instance_pkey', 'tb_task_pkey', 'tb_job_pkey', 'tb_subscription_pkey']) expect(plan).to.include(index);
      } finally {
        await engine.close();
        await engineDb.close();
      }
    });
  });
});
