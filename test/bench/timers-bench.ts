/**
 * Timers at scale (DESIGN §6, issue 3): 100,000 pending timers of which 10,000 are due — how
 * long until the job executor has fired every due one, with one executor, and with three
 * engines (each its own pool, as three processes would have) on PostgreSQL. Also prints the
 * plan of the acquisition statement on that table, which must be an index scan.
 *
 * Seeding: one instance is started through the engine; its instance and job rows are then
 * cloned with multi-row inserts (fresh ids, due times spread over the past hour for the due
 * ones and over the next 30 days for the rest). That is the only shortcut: 100,000 starts
 * would take minutes and measure starts, not timers. Firing goes through the real executor and
 * engine: lease, lock, step, history, delete — one transaction per timer.
 */
import { randomUUID } from 'node:crypto';
import { createEngine, type Engine, ManualClock } from '../../engine/src/index.js';
import type { JobExecutor } from '../../engine/src/jobs/index.js';
import { type Database, type NewJob, openDatabase, sql } from '../../engine/src/store/index.js';
import { processXml } from '../support/bpmn.js';

export interface TimerBenchRow {
  readonly mode: string;
  readonly executors: number;
  readonly pending: number;
  readonly due: number;
  readonly fired: number;
  readonly seconds: number;
  readonly seedSeconds: number;
}

export interface TimerBenchResult {
  readonly row: TimerBenchRow;
  /** EXPLAIN of the acquisition statement on the seeded table. */
  readonly plan: readonly string[];
}

const T0 = new Date('2026-03-02T01:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHUNK = 1_000;

const XML = processXml(
  'deadline',
  `<startEvent id="s"/><intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration xsi:type="tFormalExpression">PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>`,
  ['s->wait', 'wait->e'],
);

export async function benchTimers(options: {
  url?: string;
  executors: number;
  pending?: number;
  due?: number;
  /** Jobs each executor runs at once; default 8 with one engine, 4 each with several (PostgreSQL). */
  concurrency?: number;
}): Promise<TimerBenchResult> {
  const { url, executors, pending = 100_000, due = 10_000 } = options;
  const concurrency = url ? (options.concurrency ?? (executors > 1 ? 4 : 8)) : 1;
  const schema = url ? `bench_timers_${randomUUID().replace(/-/g, '').slice(0, 10)}` : undefined;
  const clock = new ManualClock(T0);
  const database = await openDatabase(url ? { url, schema: schema!, poolSize: 10 } : {});
  const engines: Engine[] = [];
  try {
    engines.push(await createEngine({ database, clock }));
    const others = url ? executors - 1 : 0; // PGlite is one connection in one process: one executor
    for (let n = 0; n < others; n++) engines.push(await createEngine({ database: { url: url!, schema: schema!, poolSize: 10 }, clock, migrate: false }));
    await engines[0]!.deploy({ name: 'bench', resources: [{ name: 'deadline.bpmn', xml: XML }] });

    const seedStarted = performance.now();
    await seed(engines[0]!, database, pending, due);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const plan = await sql.explainAcquireJobs(database.knex, {
      kinds: sql.EXECUTABLE_JOB_KINDS,
      workerId: 'explain',
      now: clock.now(),
      lockExpiresAt: new Date(clock.now().getTime() + 300_000),
      limit: 64,
    });

    const started = performance.now();
    const running: JobExecutor[] = [];
    for (const engine of engines) running.push(await engine.startJobExecutor({ batchSize: 64, concurrency, pollIntervalMs: 100 }));
    const fired = () => running.reduce((sum, e) => sum + e.stats.succeeded, 0);
    while (fired() < due) {
      if (running.some((e) => e.stats.failed > 0)) throw new Error('a timer failed during the benchmark');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const seconds = (performance.now() - started) / 1000;
    for (const executor of running) await executor.stop();
    const mode = url ? (executors > 1 ? `PostgreSQL, ${executors} engines` : 'PostgreSQL, 1 engine') : 'PGlite (embedded)';
    return { row: { mode, executors: running.length, pending, due, fired: fired(), seconds, seedSeconds }, plan };
  } finally {
    for (const engine of engines) await engine.close();
    if (schema) await database.knex.raw(`drop schema if exists "${schema}" cascade`);
    await database.close();
  }
}

/**
 * `pending` instances waiting at a timer, `due` of them due by T0: one real start as the
 * template, then its rows cloned in multi-row inserts (see the file comment).
 */
async function seed(engine: Engine, database: Database, pending: number, due: number): Promise<void> {
  const template = await engine.startInstance('deadline');
  const [job] = await engine.queryJobs({ instanceId: template.id });
  const { rows } = await database.knex.raw<{ rows: Array<{ state: unknown }> }>('select state from tb_instance where id = ?', [template.id]);
  const stateText = JSON.stringify(rows[0]!.state);
  await database.knex.raw('delete from tb_job where instance_id = ?', [template.id]);
  await database.knex.raw('delete from tb_instance where id = ?', [template.id]);
  const templateDue = job!.dueAt!.toISOString();

  for (let from = 0; from < pending; from += CHUNK) {
    const instances: Array<Record<string, unknown>> = [];
    const jobs: NewJob[] = [];
    for (let n = from; n < Math.min(pending, from + CHUNK); n++) {
      const id = randomUUID();
      // Spread the due ones over the hour before T0 and the rest over the next 30 days.
      const dueAt = n < due ? new Date(T0.getTime() - HOUR + Math.floor((n / due) * HOUR)) : new Date(T0.getTime() + HOUR + Math.floor(((n - due) / (pending - due)) * 30 * DAY));
      const state = stateText.split(template.id).join(id).split(templateDue).join(dueAt.toISOString());
      instances.push({
        id,
        root_id: id,
        definition_id: template.definitionId,
        process_key: 'deadline',
        status: 'active',
        state,
        started_at: T0,
      });
      jobs.push({ ...job!, id: job!.id.replace(template.id, id), instanceId: id, rootId: id, dueAt, createdAt: T0 });
    }
    await database.knex.transaction(async (trx) => {
      await trx('tb_instance').insert(instances);
      await sql.insertJobs(trx, jobs);
    });
  }
  await database.knex.raw('analyze tb_job');
  await database.knex.raw('analyze tb_instance');
}
