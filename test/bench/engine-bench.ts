/**
 * Engine throughput on the example approval process: start → accept → three department
 * reviews in parallel → join → exclusive gateway → decision → end. Six commands per instance
 * (start and five task completions).
 *
 * (a) the pure step in memory, (b) the engine on embedded PGlite, (c) on PostgreSQL when
 * DATABASE_URL is set — with 1 and 8 concurrent clients each.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { bindModel, createEngine, type Engine, initialState, loadBpmn, step } from '../../engine/src/index.js';
import type { Command, InstanceState, ProcessModel } from '../../engine/src/index.js';
import { openDatabase } from '../../engine/src/store/index.js';
import { Latencies, timed } from './stats.js';

export interface EngineBenchRow {
  readonly mode: string;
  readonly clients: number;
  readonly instances: number;
  readonly seconds: number;
  readonly latencies: Latencies;
}

const PROCESS_FILE = new URL('../../examples/food-business-licence/process.bpmn', import.meta.url);
const KEY = 'food_business_licence';

export async function exampleXml(): Promise<string> {
  return readFile(PROCESS_FILE, 'utf8');
}

/** (a) The pure step with no I/O: what the engine core costs per command. */
export async function benchPureStep(seconds: number): Promise<EngineBenchRow> {
  const loaded = await loadBpmn(await exampleXml());
  const model: ProcessModel = bindModel(loaded.processes[0]!, `${KEY}:1`, 1);
  const now = new Date();
  const latencies = new Latencies();
  const run = (state: InstanceState, command: Command) => {
    const start = performance.now();
    const result = step(model, state, command, { now });
    latencies.add(performance.now() - start);
    return result;
  };
  let instances = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (let batch = 0; batch < 100; batch++) {
      let { state, effects } = run(initialState(model, { id: `i${instances}` }), { type: 'start' });
      const open: string[] = [];
      for (;;) {
        for (const e of effects) {
          if (e.type === 'taskCreated') open.push(e.task.id);
        }
        const taskId = open.shift();
        if (!taskId) break;
        ({ state, effects } = run(state, { type: 'completeTask', taskId, variables: { approved: true } }));
      }
      if (state.status !== 'completed') throw new Error('benchmark instance did not complete');
      instances++;
    }
  }
  return { mode: 'pure step, in memory', clients: 1, instances, seconds: (performance.now() - started) / 1000, latencies };
}

/** (b)/(c) The engine on a database: every command one transaction. */
export async function benchEngine(mode: string, engine: Engine, clients: number, seconds: number): Promise<EngineBenchRow> {
  const latencies = new Latencies();
  let instances = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const instance = await timed(latencies, () => engine.startInstance(KEY, { variables: { applicant: 'bench' } }));
      // Like a worklist: look up what is open, work it off, look again (4 lookups per instance).
      for (;;) {
        const tasks = await engine.queryTasks({ instanceId: instance.id });
        if (tasks.length === 0) break;
        for (const task of tasks) {
          await timed(latencies, () => engine.completeTask(task.id, { variables: { approved: true }, userId: 'bench' }));
        }
      }
      instances++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { mode, clients, instances, seconds: (performance.now() - started) / 1000, latencies };
}

/** Opens an engine for a benchmark: PGlite in memory, or a fresh schema on PostgreSQL. */
export async function benchEngineOn(url: string | undefined, poolSize = 10): Promise<{ engine: Engine; close(): Promise<void> }> {
  const schema = url ? `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}` : undefined;
  const database = await openDatabase(url ? { url, schema: schema!, poolSize } : {});
  const engine = await createEngine({ database });
  await engine.deploy({ name: 'bench', resources: [{ name: 'process.bpmn', xml: await exampleXml() }] });
  return {
    engine,
    close: async () => {
      await engine.close();
      if (schema) await database.knex.raw(`drop schema if exists "${schema}" cascade`);
      await database.close();
    },
  };
}
