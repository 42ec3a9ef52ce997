/**
 * Embedding the engine in your own Node program: this opens the
 * engine on its embedded database, deploys the example service items, runs one case of the
 * food-business-licence example from application to decision, and prints its history.
 *
 * Run: node --import tsx --conditions=tongban-src examples/embed-engine.ts
 * Environment: DATABASE_URL (PostgreSQL; default embedded PGlite), TONGBAN_DATA_DIR (PGlite
 * folder; default in memory).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createEngine } from '@tongban/engine';

const examplesDir = fileURLToPath(new URL('./', import.meta.url));

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const dataDir = process.env.TONGBAN_DATA_DIR ?? 'memory';
  const engine = await createEngine({
    database: url ? { url } : dataDir === 'memory' ? {} : { dataDir },
  });
  try {
    const xml = await readFile(`${examplesDir}food-business-licence/process.bpmn`, 'utf8');
    const deployment = await engine.deploy({
      name: 'examples',
      resources: [{ name: 'food-business-licence/process.bpmn', xml }],
    });
    for (const d of deployment.definitions) {
      console.log(`Deployed ${d.key} version ${d.version}${d.isNew ? '' : ' (unchanged)'} — ${d.name ?? ''}`);
    }

    const instance = await engine.startInstance('food_business_licence', {
      businessKey: `DEMO-${Date.now()}`,
      variables: { applicant: '某某餐饮有限公司' },
    });
    console.log(`Started case ${instance.businessKey} (instance ${instance.id})`);

    const work = async (): Promise<boolean> => {
      const [task] = await engine.queryTasks({ instanceId: instance.id });
      if (!task) return false;
      const variables = task.elementId === 'Task_FireReview' ? { approved: true } : {};
      await engine.completeTask(task.id, { userId: `demo-${task.candidateGroups[0] ?? 'user'}`, outcome: 'approve', variables });
      console.log(`  ${task.name} — approved by ${task.candidateGroups.join(', ')}`);
      return true;
    };
    while (await work());

    const finished = await engine.getInstance(instance.id);
    console.log(`Case ${finished?.businessKey} is ${finished?.status}. History:`);
    for (const event of await engine.history(instance.id)) {
      const what = [event.elementId, event.taskId ? `task ${event.taskId}` : '', event.userId ? `by ${event.userId}` : '']
        .filter(Boolean)
        .join(' ');
      console.log(`  ${event.time.toISOString()}  ${event.type.padEnd(18)} ${what}`);
    }
  } finally {
    await engine.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
