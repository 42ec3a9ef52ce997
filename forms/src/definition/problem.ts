import type { DefinitionProblem } from '../types.js';

/** Builds a definition problem. */
export function problem(path: string, code: string, zh: string, en: string): DefinitionProblem {
  return { path, code, message: { zh, en } };
}
