import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { problem } from '../definition/problem.js';
import { schemaProblems } from '../definition/schema-problems.js';
import type { DefinitionProblem, FormDefinition, JSONSchema } from '../types.js';
import { createAjv } from './create-ajv.js';

/** A form's schema compiled by ajv, ready to validate data. */
export interface CompiledForm {
  key: string;
  schema: JSONSchema;
  validate: ValidateFunction;
}

/** Thrown when a form cannot be compiled; `problems` says why, with paths. */
export class FormDefinitionError extends Error {
  constructor(
    readonly formId: string,
    readonly problems: DefinitionProblem[],
  ) {
    super(`Form "${formId}" has an invalid schema: ${problems.map((p) => `${p.path} ${p.message.en}`).join('; ')}`);
    this.name = 'FormDefinitionError';
  }
}

/** Called after each real compilation (a cache miss); tests and metrics count them. */
export type CompileListener = (event: { key: string; formId: string; version?: number }) => void;

/** Upper bound of cached forms; the least recently used one goes first. */
export const FORM_CACHE_LIMIT = 500;

const cache = new Map<string, CompiledForm>();
const listeners = new Set<CompileListener>();

/** Serialises JSON with object keys sorted, so that equal schemas hash equally. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Cache key: `id@version` for a versioned (published, immutable) form; `id#<sha256 of the
 * schema>` for a draft without a version, so that every edit gets its own entry.
 */
export function formCacheKey(def: FormDefinition): string {
  if (def.version !== undefined) return `${def.id}@${def.version}`;
  return `${def.id}#${createHash('sha256').update(stableJson(def.schema)).digest('hex')}`;
}

/**
 * The compiled validator of a form, compiled once and cached. The schema is checked against the
 * 2020-12 meta-schema (and for unknown keywords and formats) before ajv generates any code from it.
 * Throws FormDefinitionError when it cannot be compiled.
 */
export function compileForm(def: FormDefinition): CompiledForm {
  const key = formCacheKey(def);
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key); // re-insert: most recently used goes last
    cache.set(key, hit);
    return hit;
  }
  const problems = schemaProblems(def.schema);
  if (problems.length > 0) throw new FormDefinitionError(def.id, problems);
  let validate: ValidateFunction;
  try {
    validate = createAjv().compile(def.schema);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new FormDefinitionError(def.id, [problem('/schema', 'schema-compile',
      `JSON Schema 无法编译：${message}`, `The JSON Schema cannot be compiled: ${message}`)]);
  }
  const compiled: CompiledForm = { key, schema: def.schema, validate };
  cache.set(key, compiled);
  if (cache.size > FORM_CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  for (const listener of listeners) listener({ key, formId: def.id, ...(def.version === undefined ? {} : { version: def.version }) });
  return compiled;
}

/** Subscribes to compilations (cache misses); returns the unsubscribe function. */
export function onFormCompiled(listener: CompileListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Empties the cache (tests; or after an administrator repairs a published form in place). */
export function clearFormCache(): void {
  cache.clear();
}

/** Number of compiled forms held. */
export function formCacheSize(): number {
  return cache.size;
}
