/**
 * `npm run bench`: prints the benchmark tables. Targets are stated beside each table; they
 * are measured here, never asserted in tests (machines are noisy).
 *
 * Environment: DATABASE_URL (PostgreSQL rows and the pgbench yardstick), BENCH_SECONDS
 * (seconds per engine row, default 10), PGBENCH_SECONDS (default 20), BENCH_PARTS (a comma
 * list of engine, timers, inbox; default all three).
 */
import { benchEngine, benchEngineOn, benchPureStep, type EngineBenchRow } from './engine-bench.js';
import { runInboxBench } from './inbox-bench.js';
import { pgbenchAvailable, runPgbench } from './pgbench.js';
import { peakRssMb, printTable } from './stats.js';
import { benchTimers, type TimerBenchResult } from './timers-bench.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const pgbenchSeconds = Number(process.env.PGBENCH_SECONDS ?? 20);
const url = process.env.DATABASE_URL || undefined;
const parts = new Set((process.env.BENCH_PARTS ?? 'engine,timers,inbox').split(',').map((p) => p.trim()));

async function main(): Promise<void> {
  console.log(`Tongban benchmarks — node ${process.version}, ${seconds}s per engine row${url ? ', PostgreSQL at DATABASE_URL' : ', no DATABASE_URL (PGlite only)'}`);
  if (parts.has('engine')) await engineTable();
  if (parts.has('timers')) await timersTable();
  console.log(`Peak RSS: ${peakRssMb()} MB`);
  if (parts.has('inbox')) await runInboxBench(url);
}

/** The approval example through the pure step, PGlite and PostgreSQL; pgbench as the yardstick. */
async function engineTable(): Promise<void> {
  const rows: EngineBenchRow[] = [];
  rows.push(await benchPureStep(Math.min(seconds, 5)));

  for (const clients of [1, 8]) {
    const pglite = await benchEngineOn(undefined);
    try {
      rows.push(await benchEngine('engine on PGlite (embedded)', pglite.engine, clients, seconds));
    } finally {
      await pglite.close();
    }
  }

  let tps: number | undefined;
  if (url) {
    for (const clients of [1, 8]) {
      const pg = await benchEngineOn(url, clients + 2);
      try {
        rows.push(await benchEngine('engine on PostgreSQL', pg.engine, clients, seconds));
      } finally {
        await pg.close();
      }
    }
    if (pgbenchAvailable()) tps = runPgbench(url, { scale: 10, clients: 8, seconds: pgbenchSeconds });
  }

  printTable(
    'Engine: approval process (6 commands per instance)',
    ['mode', 'clients', 'instances/s', 'commands/s', 'p50 ms', 'p99 ms', 'vs pgbench'],
    rows.map((r) => {
      const commandsPerSecond = r.latencies.count / r.seconds;
      const ratio = tps !== undefined && r.mode.includes('PostgreSQL') ? (commandsPerSecond / tps).toFixed(2) : '';
      return [r.mode, r.clients, r.instances / r.seconds, commandsPerSecond, r.latencies.percentile(50), r.latencies.percentile(99), ratio];
    }),
  );
  console.log(tps !== undefined ? `\npgbench (scale 10, 8 clients, ${pgbenchSeconds}s): ${Math.round(tps)} tps` : '\npgbench: not run (needs DATABASE_URL and pgbench on the PATH)');
  console.log('Targets: pure step ≥ 5,000 instances/s; PGlite ≥ 60 instances/s; PostgreSQL commands/s ÷ pgbench tps ≥ 0.5 at 8 clients.');
}

/**
 * Timers at scale (timers-bench.ts): TIMER_BENCH_PENDING (default 100,000) pending timers of
 * which TIMER_BENCH_DUE (default 10,000) are due; time until all due ones fired.
 */
async function timersTable(): Promise<void> {
  const pending = Number(process.env.TIMER_BENCH_PENDING ?? 100_000);
  const due = Number(process.env.TIMER_BENCH_DUE ?? 10_000);
  const results: TimerBenchResult[] = [await benchTimers({ executors: 1, pending, due })];
  if (url) for (const executors of [1, 3]) results.push(await benchTimers({ url, executors, pending, due }));
  printTable(
    `Timers: ${pending.toLocaleString('en-US')} pending, ${due.toLocaleString('en-US')} due — time until every due timer fired`,
    ['mode', 'executors', 'fired', 'seconds', 'timers/s', 'seeding s'],
    results.map(({ row }) => [row.mode, row.executors, row.fired, row.seconds, row.fired / row.seconds, row.seedSeconds]),
  );
  const shown = results[results.length - 1]!;
  console.log(`\nAcquisition statement on that table (${shown.row.mode}), EXPLAIN:\n${shown.plan.map((l) => '  ' + l).join('\n')}`);
  console.log('Target: every due timer fired in under 10 s on PostgreSQL; the acquisition an index scan on tb_job_acquirable.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
