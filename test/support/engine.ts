/**
 * An engine on the test database (PGlite, or a private schema on PostgreSQL when
 * DATABASE_URL is set) with a manual clock. One per test file: create in `before`, close in `after`.
 */
import { createEngine, type Directory, type Engine, ManualClock } from '../../engine/src/index.js';
import { testDatabase } from './db.js';

export interface TestEngine {
  readonly engine: Engine;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

export async function testEngine(name: string, options: { directory?: Directory } = {}): Promise<TestEngine> {
  const database = await testDatabase(name);
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  const engine = await createEngine({ database, clock, migrate: false, ...options });
  return {
    engine,
    clock,
    close: async () => {
      await engine.close();
      await database.close();
    },
  };
}

/** Deploys one BPMN document under a file name; returns the deployed definitions. */
export async function deployXml(engine: Engine, xml: string, name = 'test.bpmn') {
  return (await engine.deploy({ name, resources: [{ name, xml }] })).definitions;
}

/** The open tasks of an instance, as element ids, sorted (order of creation is not a contract). */
export async function openTaskElements(engine: Engine, instanceId: string): Promise<string[]> {
  return (await engine.queryTasks({ instanceId })).map((t) => t.elementId).sort();
}

/** Completes the one open task at an element of an instance. */
export async function completeAt(engine: Engine, instanceId: string, elementId: string, variables?: Record<string, unknown>, userId?: string) {
  const tasks = (await engine.queryTasks({ instanceId })).filter((t) => t.elementId === elementId);
  if (tasks.length !== 1) throw new Error(`expected one open task at ${elementId}, found ${tasks.length}`);
  await engine.completeTask(tasks[0]!.id, { ...(variables ? { variables } : {}), ...(userId ? { userId } : {}) });
}

/** The elements entered, in order, from an instance's history. */
export async function trace(engine: Engine, instanceId: string): Promise<string[]> {
  return (await engine.history(instanceId)).filter((h) => h.type === 'elementEntered').map((h) => h.elementId!);
}
