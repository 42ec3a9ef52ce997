/**
 * The inbox query at scale (issue 4): 1,000,000 open tasks across 500 candidate groups on
 * PostgreSQL (100,000 on PGlite, which holds everything in WebAssembly memory), a user in 3
 * groups, the first page of 20 by due date — p50/p95 over many queries, with a summary of
 * EXPLAIN (ANALYZE) of the same statement. Target p95 < 20 ms on PostgreSQL.
 *
 * The tasks are seeded with ONE `INSERT … SELECT … FROM generate_series` straight into
 * tb_task. That is seeding only: a million instances through the engine would take the whole
 * benchmark's budget many times over, and the inbox reads nothing but tb_task. The query under
 * test is the engine's own (`engine.inbox`, `sql.explainInbox`).
 *
 * Shape of the data: group `dept<d>:role<r>` (100 departments × 5 roles), 2,000 tasks per
 * group spread evenly over the table (the worst case for the heap: every hit on its own page);
 * one task in three claimed by one of 10,007 users (it keeps its candidate group); one in ten
 * without a due date; due dates spread over ±35 days of the clock, so a part is overdue.
 *
 * Two rows per database: the same user over and over (their pages stay cached), and ten users
 * in turn, each in 3 groups (30 groups' pages: on a server whose shared_buffers is smaller than
 * the table, part of every query is read from the operating system's cache).
 */
import { randomUUID } from 'node:crypto';
import { createEngine, type Engine, ManualClock } from '../../engine/src/index.js';
import { type Database, openDatabase, sql } from '../../engine/src/store/index.js';
import { pathToFileURL } from 'node:url';
import { Latencies, printTable, timed } from './stats.js';

export interface InboxBenchRow {
  readonly mode: string;
  readonly users: number;
  readonly tasks: number;
  readonly seedSeconds: number;
  readonly latencies: Latencies;
  /** Matching tasks per query (the `total`), averaged over the users queried. */
  readonly meanTotal: number;
  readonly plan: string;
}

const NOW = new Date('2026-03-02T01:00:00Z');
const GROUPS = 500;

/** Users whose inboxes are read in turn: each in 3 groups of different departments, and assigned some tasks. */
const USERS = Array.from({ length: 10 }, (_, k) => ({
  userId: `u${k * 97}`,
  groups: [0, 1, 2].map((j) => group((k * 131 + j * 37) % GROUPS)),
}));

function group(n: number): string {
  return `dept${n % 100}:role${Math.floor(n / 100) % 5}`;
}

/** Seeding only (see the header): one statement, so PostgreSQL and PGlite both do it in seconds. */
async function seed(db: Database, tasks: number): Promise<void> {
  await db.knex.raw(
    `insert into tb_task (id, instance_id, root_id, definition_id, process_key, element_id, name, token_id,
       assignee, candidate_users, candidate_groups, business_key, created_at, due_at, priority)
     select 't' || i, 'i' || (i / 3), 'i' || (i / 3), 'bench:1', 'bench', 'review_' || (i % 7), 'Review', 'k' || i,
       case when i % 3 = 0 then 'u' || (i % 10007) end,
       '{}',
       array['dept' || (i % 100) || ':role' || ((i / 100) % 5)],
       'BK' || (i / 3),
       ?::timestamptz - interval '40 days' + (i % 50000) * interval '1 minute',
       case when i % 10 <> 0 then ?::timestamptz + ((i * 7919) % 100800 - 50400) * interval '1 minute' end,
       (i % 3) * 25 + 25
     from generate_series(0::bigint, ?::bigint - 1) as i`,
    [NOW, NOW, tasks],
  );
  // Autovacuum and the checkpointer would do this on a live server; a benchmark cannot wait.
  await db.knex.raw('vacuum analyze tb_task');
  if (db.dialect === 'postgres') await db.knex.raw('checkpoint').catch(() => undefined); // needs pg_checkpoint or superuser
}

/** Node types and the indexes they use, then the execution time: what the plan amounts to. */
export function planSummary(lines: readonly string[]): string {
  const nodes = new Set<string>();
  let time = '';
  for (const line of lines) {
    const scan = /(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)(?: using| on) (\w+)/.exec(line);
    if (scan) nodes.add(`${scan[1]} ${scan[2]}`);
    const exec = /Execution Time: ([\d.]+) ms/.exec(line);
    if (exec) time = `${Number(exec[1]).toFixed(2)} ms`;
  }
  return `${[...nodes].join('; ')}${time ? `; executed in ${time}` : ''}`;
}

/** Seeds once, then times `queries` first pages for one user, and as many for ten users in turn. */
export async function benchInbox(url: string | undefined, tasks: number, queries: number): Promise<InboxBenchRow[]> {
  const schema = url ? `bench_inbox_${randomUUID().replace(/-/g, '').slice(0, 12)}` : undefined;
  const database = await openDatabase(url ? { url, schema: schema!, poolSize: 2 } : {});
  let engine: Engine | undefined;
  try {
    engine = await createEngine({ database, clock: new ManualClock(NOW) });
    const started = performance.now();
    await seed(database, tasks);
    const seedSeconds = (performance.now() - started) / 1000;
    const mode = url ? 'PostgreSQL' : 'PGlite (embedded)';
    const rows: InboxBenchRow[] = [];
    for (const users of [1, USERS.length]) {
      const query = (k: number) => ({ ...USERS[k % users]!, limit: 20 });
      for (let k = 0; k < 2 * users; k++) await engine.inbox(query(k)); // warm-up: catalog, buffers
      const latencies = new Latencies();
      let totals = 0;
      for (let k = 0; k < queries; k++) {
        const page = await timed(latencies, () => engine!.inbox(query(k)));
        if (page.tasks.length !== 20) throw new Error(`expected a full first page, got ${page.tasks.length}`);
        totals += page.total;
      }
      const plan = await sql.explainInbox(
        database.knex,
        { ...query(queries), scope: 'all', now: NOW, sort: 'dueAt', direction: 'asc', limit: 20, offset: 0 },
        true,
      );
      rows.push({ mode, users, tasks, seedSeconds, latencies, meanTotal: totals / queries, plan: planSummary(plan) });
    }
    return rows;
  } finally {
    await engine?.close();
    if (schema) await database.knex.raw(`drop schema if exists "${schema}" cascade`);
    await database.close();
  }
}

/** Both rows (PGlite always, PostgreSQL when DATABASE_URL is set) as one table. */
export async function runInboxBench(url: string | undefined, queries = Number(process.env.INBOX_QUERIES ?? 300)): Promise<void> {
  const rows = await benchInbox(undefined, 100_000, queries);
  if (url) rows.push(...(await benchInbox(url, 1_000_000, queries)));
  printTable(
    `Inbox: first page of 20 by due date (engine.inbox, scope all), users in 3 of ${GROUPS} groups`,
    ['database', 'open tasks', 'seed s', 'users', 'queries', 'p50 ms', 'p95 ms', 'matches', 'plan (EXPLAIN ANALYZE, last user)'],
    rows.map((r) => [r.mode, r.tasks, r.seedSeconds, r.users, r.latencies.count, r.latencies.percentile(50), r.latencies.percentile(95), Math.round(r.meanTotal), r.plan]),
  );
  console.log('Target: p95 < 20 ms on PostgreSQL with 1,000,000 tasks. PGlite runs 100,000 (it keeps the database in WebAssembly memory).');
}

// `node --import tsx --conditions=tongban-src test/bench/inbox-bench.ts` runs this table alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runInboxBench(process.env.DATABASE_URL || undefined).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
