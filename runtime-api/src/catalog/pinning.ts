/**
 * What a version pins when it is submitted for review: one deployed process definition
 * (deploying inline BPMN through the engine) and one immutable form version. Pinning at
 * submission, not at publication, means reviewers approve exactly what will run.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Engine } from '@tongban/engine';
import type { FormDefinition } from '@tongban/forms';
import { ApiError } from '../errors.js';
import { type Db, insertFormVersion, latestFormVersion } from './store.js';
import type { ItemProcess } from './types.js';

const unknownProcess = (what: string) => new ApiError(422, 'UNKNOWN_PROCESS', `流程“${what}”尚未部署。`, { process: what });

/** The definition id (`key:version`) a version's process names; deploys inline BPMN. */
export async function pinProcess(engine: Engine, process: ItemProcess, implCode: string): Promise<string> {
  if (process.bpmn !== undefined) {
    const result = await engine.deploy({ name: `item:${implCode}`, resources: [{ name: `${implCode}.bpmn`, xml: process.bpmn }] });
    if (result.definitions.length !== 1) {
      throw new ApiError(422, 'PROCESS_AMBIGUOUS', `事项的 BPMN 应只包含一个可执行流程，实际有 ${result.definitions.length} 个。`, { definitions: result.definitions.map((d) => d.id) });
    }
    return result.definitions[0]!.id;
  }
  if (process.definitionId !== undefined) {
    const colon = process.definitionId.lastIndexOf(':');
    const key = colon < 0 ? process.definitionId : process.definitionId.slice(0, colon);
    const found = (await engine.listDefinitions({ key })).find((d) => d.id === process.definitionId);
    if (!found) throw unknownProcess(process.definitionId);
    return found.id;
  }
  const key = process.key ?? '';
  const versions = await engine.listDefinitions({ key });
  const latest = versions.reduce<(typeof versions)[number] | undefined>((a, b) => (a === undefined || b.version > a.version ? b : a), undefined);
  if (!latest) throw unknownProcess(key);
  return latest.id;
}

const withoutVersion = (form: FormDefinition): Omit<FormDefinition, 'version'> => {
  const { version: _ignored, ...rest } = form;
  return rest;
};

/**
 * The form version for a definition: the latest version of that form id when identical, else
 * a new version (next number). Returns its row id and the definition with `version` set.
 */
export async function pinForm(db: Db, form: FormDefinition): Promise<{ id: string; definition: FormDefinition }> {
  const latest = await latestFormVersion(db, form.id);
  if (latest && isDeepStrictEqual(withoutVersion(latest.definition), withoutVersion(form))) return { id: latest.id, definition: latest.definition };
  const definition: FormDefinition = { ...withoutVersion(form), version: (latest?.version ?? 0) + 1 };
  const id = randomUUID();
  await insertFormVersion(db, { id, formId: form.id, version: definition.version!, definition });
  return { id, definition };
}
