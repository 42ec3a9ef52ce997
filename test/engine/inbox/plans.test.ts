import { expect } from 'chai';
import { createEngine, type Engine, ManualClock } from '../../../engine/src/index.js';
import { type Database, migrate, openDatabase, sql } from '../../../engine/src/store/index.js';
import type { TaskRow } from '../../../engine/src/store/index.js';
import { onPostgres, testDatabase } from '../../support/db.js';
import { oracle, type OracleQuery } from './support.js';

/**
 * The inbox at a size where the planner's choices matter (20,000 tasks, 50 users, 40 groups):
 * every branch of the query stays on its index, and a few hundred generated queries give
 * exactly what the reference implementation (support.ts) says — on PGlite, on PostgreSQL, and,
 * when DATABASE_URL is set, the same pages from both.
 */
const TASKS = 20_000;
const NOW = new Date('2026-03-02T01:00:00Z');

/** Test seeding in one statement: ties in due and creation times on purpose, so the id tie-break is exercised. */
async function seed(db: Database): Promise<void> {
  await db.knex.raw(
    `insert into tb_task (id, instance_id, root_id, definition_id, process_key, element_id, token_id, assignee,
       candidate_users, candidate_groups, created_at, due_at, priority, owner, delegation_state)
     select 't' || i, 'i' || i, 'i' || i, 'p:1', 'p' || (i % 3), 'step', 'k' || i,
       case when i % 4 = 0 then 'u' || (i % 50) end,
       case when i % 7 = 0 then array['u' || (i % 50)] else '{}' end,
       case when i % 11 = 0 then array['g' || (i % 40), 'g' || ((i + 1) % 40)] else array['g' || (i % 40)] end,
       ?::timestamptz - (i % 500) * interval '1 minute',
       case when i % 6 <> 0 then ?::timestamptz + ((i * 37) % 2000 - 1000) * interval '1 hour' end,
       (i % 3) * 25 + 25,
       case when i % 4 = 0 and i % 97 = 0 then 'u' || ((i + 1) % 50) when i % 4 = 0 and i % 89 = 0 then 'u' || (i % 50) end,
       case when i % 4 = 0 and i % 97 = 0 then 'pending' when i % 4 = 0 and i % 89 = 0 then 'resolved' end
     from generate_series(0, ? - 1) as i`,
    [NOW, NOW, TASKS],
  );
  await db.knex.raw('analyze tb_task');
}

/** A small deterministic generator (mulberry32): the same queries on every run and every database. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function queries(count: number): OracleQuery[] {
  const next = random(42);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);
  return Array.from({ length: count }, () => {
    const q: OracleQuery = {
      userId: `u${Math.floor(next() * 52)}`, // u50, u51 have nothing
      groups: Array.from({ length: pick([0, 1, 3]) }, () => `g${Math.floor(next() * 42)}`),
      scope: pick(['mine', 'candidate', 'all'] as const),
      sort: pick(['dueAt', 'createdAt', 'priority'] as const),
      direction: pick(['asc', 'desc'] as const),
      limit: pick([1, 5, 20, 200]),
      offset: pick([0, 0, 3, 40]),
    };
    const filter = pick(['none', 'none', 'process', 'before', 'after', 'window', 'overdue', 'notOverdue'] as const);
    if (filter === 'process') q.processKey = pick(['p0', 'p1', 'p2']);
    if (filter === 'before' || filter === 'window') q.dueBefore = hours(pick([-500, 0, 300]));
    if (filter === 'after' || filter === 'window') q.dueAfter = hours(pick([-900, -600]));
    if (filter === 'overdue') q.overdue = true;
    if (filter === 'notOverdue') q.overdue = false;
    return q;
  });
}

function pageQuery(q: OracleQuery): sql.InboxPageQuery {
  return { groups: [], scope: 'all', sort: 'dueAt', direction: 'asc', limit: 20, offset: 0, ...q, now: NOW };
}

describe('engine: inbox query plans and results at 20,000 tasks', function () {
  this.timeout(120_000);
  let database: Database;
  let engine: Engine;
  let all: TaskRow[];

  before(async () => {
    database = await testDatabase('inbox_plans');
    await seed(database);
    engine = await createEngine({ database, clock: new ManualClock(NOW), migrate: false });
    all = await sql.queryTasks(database.knex);
    expect(all).to.have.length(TASKS);
  });
  after(async () => {
    await engine.close();
    await database.close();
  });

  async function plan(q: OracleQuery): Promise<string> {
    return (await sql.explainInbox(database.knex, pageQuery(q))).join('\n');
  }

  it('answers every branch from its index, never by scanning tb_task', async () => {
    const text = await plan({ userId: 'u7', groups: ['g1', 'g2', 'g3'] });
    expect(text).not.to.match(/Seq Scan on tb_task/);
    expect(text).to.match(/tb_task_assignee/); // mine (either assignee index)
    expect(text).to.include('tb_task_candidate_users');
    expect(text).to.include('tb_task_open_candidate_groups'); // unassigned only (005)
    expect(text).to.include('tb_task_owner_pending');
    expect(text).not.to.match(/Gather/); // no parallel workers for a small read (see serialRead)
  });

  it('stays on the indexes with filters, other sorts and scopes', async () => {
    for (const q of [
      { userId: 'u7', groups: ['g1'], scope: 'candidate', sort: 'priority' },
      { userId: 'u7', scope: 'mine', sort: 'createdAt', direction: 'desc' },
      { userId: 'u7', groups: ['g1', 'g2'], processKey: 'p1', overdue: true },
      { userId: 'u7', groups: ['g1', 'g2'], dueBefore: NOW, dueAfter: new Date(NOW.getTime() - 86_400_000) },
    ] as OracleQuery[]) {
      expect(await plan(q), JSON.stringify(q)).not.to.match(/Seq Scan on tb_task/);
    }
  });

  it('gives what the reference implementation gives, for 300 generated queries', async () => {
    for (const q of queries(300)) {
      const page = await engine.inbox(q);
      const expected = oracle(all, q, NOW);
      expect({ ids: page.tasks.map((t) => t.id), total: page.total }, JSON.stringify(q)).to.deep.equal(expected);
    }
  });

  it('counts agree with the reference implementation', async () => {
    for (const q of queries(40)) {
      const counts = await engine.inboxCounts({ userId: q.userId, groups: q.groups ?? [] });
      const total = (scope: OracleQuery['scope'], overdue?: boolean) =>
        oracle(all, { userId: q.userId, groups: q.groups ?? [], scope, ...(overdue === undefined ? {} : { overdue }) }, NOW).total;
      expect(counts, q.userId).to.deep.equal({ mine: total('mine'), candidate: total('candidate'), overdue: total('all', true) });
    }
  });

  (onPostgres ? it : it.skip)('PGlite and PostgreSQL return identical pages (DATABASE_URL set)', async () => {
    const pglite = await openDatabase({});
    try {
      await migrate(pglite);
      await seed(pglite);
      const embedded = await createEngine({ database: pglite, clock: new ManualClock(NOW), migrate: false });
      for (const q of queries(150)) {
        expect(await embedded.inbox(q), JSON.stringify(q)).to.deep.equal(await engine.inbox(q));
      }
      await embedded.close();
    } finally {
      await pglite.close();
    }
  });
});
