/**
 * BPMN model: parse → validate → compile. `loadBpmn` turns a BPMN file into compiled process
 * templates, or into the list of every problem that keeps it from being deployed.
 */
import { compileProcess, type ProcessTemplate } from './compile.js';
import { deepFreeze } from './freeze.js';
import { MAX_BPMN_BYTES, parseBpmn } from './parse.js';
import { Problems } from './problems.js';
import type { ProcessModel, ValidationProblem } from './types.js';
import { validateDefinitions } from './validate.js';

export { MAX_BPMN_BYTES } from './parse.js';
export { tongbanModdlePackage, TONGBAN_URI, TONGBAN_PREFIX, type ModdlePackage } from './extension.js';
export type { ProcessTemplate } from './compile.js';
export type * from './types.js';

export interface LoadedBpmn {
  /** Every problem found; a file with any problem must not be deployed. */
  problems: ValidationProblem[];
  /** The compiled executable processes, in document order; empty when there is any problem. */
  processes: ProcessTemplate[];
}

export interface LoadBpmnOptions {
  /** File name used in problems (`elementId` of file-level problems and `resource`). */
  resource?: string;
  /** Largest accepted size in bytes of UTF-8; default `MAX_BPMN_BYTES` (5 MiB). */
  maxBytes?: number;
  /** Script formats besides `feel` that the embedding program runs with a registered handler. */
  scriptFormats?: readonly string[];
}

const DEFAULT_RESOURCE = 'process.bpmn';

/** Parses, validates and compiles every executable process in a BPMN file. Never throws on bad input: reports problems. */
export async function loadBpmn(xml: string, options: LoadBpmnOptions = {}): Promise<LoadedBpmn> {
  const problems = new Problems(options.resource ?? DEFAULT_RESOURCE);
  try {
    const definitions = await parseBpmn(xml, problems, options.maxBytes ?? MAX_BPMN_BYTES);
    if (!definitions) return { problems: problems.list, processes: [] };
    const executable = validateDefinitions(definitions, problems, { scriptFormats: options.scriptFormats ?? [] });
    if (problems.count > 0) return { problems: problems.list, processes: [] };
    return { problems: [], processes: executable.map(compileProcess) };
  } catch (err) {
    // A file that defeats the checks above must still be refused, not crash the deployment.
    problems.file(`The file could not be checked: ${(err as Error)?.message ?? String(err)}.`);
    return { problems: problems.list, processes: [] };
  }
}

/** Binds a compiled template to a deployed definition: the model the runtime step reads. */
export function bindModel(template: ProcessTemplate, definitionId: string, version: number): ProcessModel {
  return deepFreeze({ ...template, definitionId, version });
}
