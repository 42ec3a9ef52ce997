import { expect } from 'chai';
import * as sql from '../../../engine/src/store/sql.js';
import type { Database } from '../../../engine/src/store/index.js';
import { onPostgres, testDatabase } from '../../support/db.js';
import { instance, state } from './fixtures.js';

/** Resolves after `ms`, to give a blocked statement the chance to (wrongly) finish. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('store: instance row lock', function () {
  let db: Database;
  before(async function () {
    db = await testDatabase('locking');
    await sql.insertInstance(db.knex, instance('lock-1'));
    await sql.insertInstance(db.knex, instance('lock-2'));
  });
  after(async function () {
    await db?.close();
  });

  it('makes a second command on the same instance wait until the first commits', async function () {
    if (!onPostgres) {
      // PGlite has exactly one connection: the second transaction cannot even begin until the
      // first ends, so it waits for the connection and never reaches the row lock. The test
      // would pass without FOR UPDATE and prove nothing. Run it with DATABASE_URL set.
      this.skip();
    }
    const order: string[] = [];
    const first = await db.knex.transaction();
    const second = await db.knex.transaction();
    try {
      const locked = await sql.lockInstance(first, 'lock-1');
      expect(locked?.rev).to.equal(0);

      const waiting = sql.lockInstance(second, 'lock-1').then((row) => {
        order.push('second locked');
        return row;
      });
      await pause(300);
      expect(order, 'second lock must wait for the first transaction').to.deep.equal([]);

      // A different instance is not blocked by the first command.
      expect((await db.knex.transaction((other) => sql.lockInstance(other, 'lock-2')))?.id).to.equal('lock-2');

      await sql.updateInstance(first, 'lock-1', { status: 'active', state: state('lock-1', { step: 'first' }) });
      order.push('first committed');
      await first.commit();

      const seen = await waiting;
      expect(order).to.deep.equal(['first committed', 'second locked']);
      // The waiter reads the committed row, not the one it would have read before waiting.
      expect(seen?.rev).to.equal(1);
      expect(seen?.state.scopes['lock-1']?.variables).to.deep.equal({ step: 'first' });
      await sql.updateInstance(second, 'lock-1', { status: 'active', state: state('lock-1', { step: 'second' }) });
      await second.commit();
      expect((await sql.getInstance(db.knex, 'lock-1'))?.rev).to.equal(2);
    } finally {
      if (!first.isCompleted()) await first.rollback();
      if (!second.isCompleted()) await second.rollback();
    }
  });

  it('lets an unlocked read go ahead while a command holds the lock', async function () {
    if (!onPostgres) this.skip(); // same reason: one PGlite connection, the read would just queue
    const trx = await db.knex.transaction();
    try {
      await sql.lockInstance(trx, 'lock-2');
      await sql.updateInstance(trx, 'lock-2', { status: 'active', state: state('lock-2', { uncommitted: true }) });
      const row = await sql.getInstance(db.knex, 'lock-2');
      expect(row?.rev, 'readers see the last committed state').to.equal(0);
    } finally {
      await trx.rollback();
    }
  });
});
