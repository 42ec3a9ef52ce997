import { expect } from 'chai';
import { type Database, sql } from '../../../engine/src/store/index.js';
import type { NewJob } from '../../../engine/src/store/index.js';
import { testDatabase } from '../../support/db.js';

const T0 = new Date('2026-03-02T01:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function job(id: string, dueInMinutes: number, kind = 'timer'): NewJob {
  return { id, instanceId: `i-${id}`, rootId: `i-${id}`, kind, topic: kind, elementId: 'wait', tokenId: 't1', createdAt: T0, dueAt: at(dueInMinutes) };
}

const acquire = (db: Database, workerId: string, now: Date, limit = 10, leaseMinutes = 5) =>
  sql.acquireJobs(db.knex, { kinds: ['timer', 'async'], workerId, now, lockExpiresAt: at(leaseMinutes + (now.getTime() - T0.getTime()) / 60_000), limit });

describe('engine/jobs: acquisition (SKIP LOCKED, leases)', function () {
  let db: Database;
  before(async () => {
    db = await testDatabase('job_acquisition');
  });
  after(() => db.close());
  beforeEach(() => db.knex.raw('delete from tb_job'));

  it('leases due jobs of executable kinds only, oldest first, up to the limit', async () => {
    await sql.insertJobs(db.knex, [job('late', 3), job('early', 1), job('future', 60), job('mid', 2), { ...job('ext', 0, 'serviceTask'), dueAt: null }]);
    const first = await acquire(db, 'w1', at(5), 2);
    expect(first.map((j) => j.id).sort()).to.deep.equal(['early', 'mid']);
    expect(first.every((j) => j.lockedBy === 'w1' && j.lockExpiresAt!.getTime() === at(10).getTime())).to.equal(true);
    const second = await acquire(db, 'w2', at(5));
    expect(second.map((j) => j.id)).to.deep.equal(['late']); // leased ones are not taken again
    expect(await acquire(db, 'w3', at(5))).to.deep.equal([]);
  });

  it('takes over a lease once it has expired', async () => {
    await sql.insertJobs(db.knex, [job('a', 0)]);
    expect(await acquire(db, 'dead', at(1))).to.have.length(1);
    expect(await acquire(db, 'alive', at(5))).to.have.length(0); // lease until minute 6
    const taken = await acquire(db, 'alive', at(6) /* not yet: lease ends exactly then */);
    expect(taken).to.have.length(0);
    const later = await acquire(db, 'alive', new Date(at(6).getTime() + 1));
    expect(later.map((j) => j.lockedBy)).to.deep.equal(['alive']);
    // The dead worker's lease check now fails: it must not run the job.
    await db.knex.transaction(async (trx) => {
      expect(await sql.lockLeasedJob(trx, 'a', 'dead')).to.equal(undefined);
      expect((await sql.lockLeasedJob(trx, 'a', 'alive'))?.id).to.equal('a');
    });
  });

  it('gives leases back, and skips jobs with an open incident', async () => {
    await sql.insertJobs(db.knex, [job('a', 0), job('b', 0)]);
    await acquire(db, 'w1', at(1));
    expect(await sql.releaseJobs(db.knex, ['a', 'b'], 'someone-else')).to.equal(0);
    expect(await sql.releaseJobs(db.knex, ['a'], 'w1')).to.equal(1);
    expect((await acquire(db, 'w2', at(1))).map((j) => j.id)).to.deep.equal(['a']);

    await db.knex.raw(`update tb_job set incident_id = 'inc', locked_by = null, lock_expires_at = null`);
    expect(await acquire(db, 'w3', at(100))).to.deep.equal([]);
    expect(await sql.nextJobDue(db.knex, ['timer'])).to.equal(undefined);
  });

  it('knows the earliest unleased due time', async () => {
    await sql.insertJobs(db.knex, [job('a', 30), job('b', 10), job('c', 20)]);
    expect((await sql.nextJobDue(db.knex, ['timer', 'async']))!.getTime()).to.equal(at(10).getTime());
    await acquire(db, 'w1', at(15));
    expect((await sql.nextJobDue(db.knex, ['timer']))!.getTime()).to.equal(at(20).getTime());
  });

  it('requires a due time on executable jobs, so acquisition needs no coalesce', async () => {
    const err = await sql.insertJobs(db.knex, [{ ...job('x', 0), dueAt: null }]).catch((e: unknown) => e);
    expect((err as { code?: string }).code).to.equal('23514'); // check_violation
    await sql.insertJobs(db.knex, [{ ...job('y', 0, 'serviceTask'), dueAt: null }]); // external work needs none
  });

  it('is answered from the partial index tb_job_acquirable', async () => {
    await sql.insertJobs(db.knex, Array.from({ length: 200 }, (_, n) => job(`j${n}`, n)));
    await db.knex.raw('analyze tb_job');
    // A small table may be cheaper to scan; forbid that to see that the index applies at all.
    // (npm run bench shows the plan on 100,000 rows, where the planner picks it unprompted.)
    const plan = await db.knex.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      return sql.explainAcquireJobs(trx, { kinds: ['timer', 'async'], workerId: 'w', now: at(10), lockExpiresAt: at(20), limit: 10 });
    });
    expect(plan.join('\n')).to.match(/Index Scan using tb_job_acquirable/);
  });

  it('refuses kinds it does not run', async () => {
    const err = await sql.acquireJobs(db.knex, { kinds: ['serviceTask' as 'timer'], workerId: 'w', now: T0, lockExpiresAt: T0, limit: 1 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(RangeError);
  });
});
