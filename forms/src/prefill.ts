import { parseFieldPath, toPointer } from './json-pointer.js';
import { cloneJson, isEmptyValue } from './json-values.js';
import { PREFILL_KEYWORD, type PrefillSource, parsePrefillSource } from './prefill-source.js';
import { isPlainObject, resolveLocalRef } from './schema-walk.js';
import type { FormDefinition, JSONSchema } from './types.js';

/** Where prefill values come from. */
export interface PrefillSources {
  /** The applicant's profile (name, ID number, address, …). */
  profile?: object;
  /** The applicant's earlier cases' form data, newest first. */
  previousCases?: object[];
}

/** Extra or overriding sources: field path (pointer or dotted) → `profile.x` / `lastCase.x`. */
export type PrefillMapping = Record<string, string>;

export interface PrefillResult<T = Record<string, unknown>> {
  data: T;
  /** Fields filled, as JSON pointers with the source used. */
  prefilled: { path: string; source: string }[];
  /** Fields with a source value that does not fit the field's type (left empty). */
  skipped: { path: string; source: string; reason: 'type' }[];
}

const MAX_DEPTH = 32;

/** Fields declaring `x-prefill`, reached through `properties` (following local refs). */
function declaredSources(root: JSONSchema): Map<string, { segments: string[]; source: string }> {
  const found = new Map<string, { segments: string[]; source: string }>();
  const visit = (schema: JSONSchema, segments: string[]): void => {
    const resolved = resolveLocalRef(root, schema);
    const source = resolved[PREFILL_KEYWORD];
    if (typeof source === 'string' && segments.length > 0) found.set(toPointer(segments), { segments, source });
    if (segments.length >= MAX_DEPTH) return;
    for (const [name, sub] of Object.entries(resolved.properties ?? {})) {
      if (isPlainObject(sub)) visit(sub, [...segments, name]);
    }
  };
  visit(root, []);
  return found;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const segment of path) node = isPlainObject(node) ? node[segment] : undefined;
  return node;
}

function lookUp(source: PrefillSource, sources: PrefillSources): unknown {
  if (source.origin === 'profile') return valueAt(sources.profile, source.path);
  for (const earlier of sources.previousCases ?? []) {
    const value = valueAt(earlier, source.path);
    if (!isEmptyValue(value)) return value;
  }
  return undefined;
}

function jsonType(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  return [typeof value];
}

function fits(schema: JSONSchema | undefined, value: unknown): boolean {
  const declared = schema?.type;
  if (declared === undefined) return true;
  const allowed = Array.isArray(declared) ? declared : [declared];
  return jsonType(value).some((t) => allowed.includes(t));
}

function fieldSchemaAt(root: JSONSchema, segments: readonly string[]): JSONSchema | undefined {
  let node: JSONSchema | undefined = root;
  for (const segment of segments) {
    const sub: unknown = node === undefined ? undefined : resolveLocalRef(root, node).properties?.[segment];
    node = isPlainObject(sub) ? resolveLocalRef(root, sub) : undefined;
  }
  return node;
}

function setAt(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node = target;
  segments.slice(0, -1).forEach((segment) => {
    if (!isPlainObject(node[segment])) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  });
  node[segments[segments.length - 1] ?? ''] = value;
}

/**
 * Fills empty fields of `current` (missing, null, blank, empty list) from the applicant's profile
 * and earlier cases, as each field's `"x-prefill"` says (`profile.name`, `lastCase.address`);
 * `mapping` adds or overrides sources per field path. Fields that already hold a value are never
 * touched; values whose JSON type does not fit the field are skipped. Returns a new object.
 * Prefilled data is still the applicant's to review and is validated on submission like any other.
 */
export function prefill<T = Record<string, unknown>>(
  def: FormDefinition,
  sources: PrefillSources,
  mapping: PrefillMapping = {},
  current: object = {},
): PrefillResult<T> {
  const fields = declaredSources(def.schema);
  for (const [path, source] of Object.entries(mapping)) {
    const segments = parseFieldPath(path);
    fields.set(toPointer(segments), { segments, source });
  }
  const data = cloneJson(current) as Record<string, unknown>;
  const result: PrefillResult<T> = { data: data as T, prefilled: [], skipped: [] };
  for (const [path, { segments, source }] of fields) {
    const parsed = parsePrefillSource(source);
    if (parsed === undefined || !isEmptyValue(valueAt(data, segments))) continue;
    const value = lookUp(parsed, sources);
    if (isEmptyValue(value)) continue;
    if (!fits(fieldSchemaAt(def.schema, segments), value)) {
      result.skipped.push({ path, source, reason: 'type' });
      continue;
    }
    setAt(data, segments, cloneJson(value));
    result.prefilled.push({ path, source });
  }
  return result;
}
