import { expect } from 'chai';
import { JobListener } from '../../../engine/src/jobs/listener.js';
import { type Database, type NewJob, sql } from '../../../engine/src/store/index.js';
import { onPostgres, testDatabase } from '../../support/db.js';
import { eventually } from './support.js';

/**
 * The wake-up path: the insert trigger of migration 002 notifies `tongban_jobs` for executable
 * jobs due within a minute (database time), and the listener hears it — on PostgreSQL over a
 * connection of its own, on PGlite in process. Real time here, but only milliseconds of it.
 */
describe('engine/jobs: LISTEN/NOTIFY wake-up', function () {
  let db: Database;
  let listener: JobListener;
  let schema: string;
  const heard: Array<{ schema: string; dueMs: number }> = [];

  before(async () => {
    db = await testDatabase('job_notify');
    schema = await sql.currentSchema(db.knex);
    // Other test files (and other runs) notify the same channel from their own schemas: hear ours only.
    listener = await JobListener.open(db, (s, dueMs) => s === schema && heard.push({ schema: s, dueMs }), () => {});
  });
  after(async () => {
    await listener.close();
    await db.close();
  });
  beforeEach(() => {
    heard.length = 0;
  });

  const job = (id: string, dueAt: Date, kind = 'timer'): NewJob => ({
    id, instanceId: 'i', rootId: 'i', kind, topic: kind, elementId: 'e', tokenId: 't', createdAt: dueAt, dueAt,
  });
  const quiet = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('listens', () => {
    expect(listener.listening).to.equal(true);
  });

  it('notifies at commit when a job due soon is inserted, with the schema and the earliest due time', async () => {
    const soon = new Date(Date.now() + 5_000);
    await sql.insertJobs(db.knex, [job('a', new Date(Date.now() + 30_000)), job('b', soon)]);
    await eventually(async () => expect(heard).to.have.length(1), 5_000);
    expect(heard[0]).to.deep.equal({ schema, dueMs: soon.getTime() });
  });

  it('says nothing until the transaction commits, and nothing if it rolls back', async () => {
    await db.knex
      .transaction(async (trx) => {
        await sql.insertJobs(trx, [job('c', new Date())]);
        await quiet();
        expect(heard).to.have.length(0);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await quiet();
    expect(heard).to.have.length(0);
  });

  it('stays quiet for jobs due later (polling finds them) and for external work', async () => {
    await sql.insertJobs(db.knex, [job('later', new Date(Date.now() + 3_600_000)), { ...job('ext', new Date(), 'serviceTask'), dueAt: null }]);
    await quiet();
    expect(heard).to.have.length(0);
  });

  it('notifies when a job is retried', async () => {
    await sql.insertJobs(db.knex, [job('r', new Date(Date.now() + 3_600_000))]);
    const now = new Date();
    await db.knex.transaction(async (trx) => {
      await sql.resetJobRetries(trx, 'r', now);
      await sql.notifyJobs(trx, now);
    });
    await eventually(async () => expect(heard).to.deep.equal([{ schema, dueMs: now.getTime() }]), 5_000);
  });

  it('reconnects when its connection is lost (PostgreSQL)', async function () {
    if (!onPostgres) this.skip();
    const pid = listener.backendPid;
    expect(pid).to.be.a('number');
    await db.knex.raw('select pg_terminate_backend(?)', [pid!]);
    await eventually(async () => expect(listener.backendPid).to.be.a('number').and.not.equal(pid), 10_000);
    const soon = new Date(Date.now() + 1_000);
    await sql.insertJobs(db.knex, [job('after-reconnect', soon)]);
    await eventually(async () => expect(heard.map((h) => h.dueMs)).to.include(soon.getTime()), 5_000);
  });
});
