import type { JSONSchema } from './types.js';
import { parsePointer } from './json-pointer.js';

/** Plain JSON object (not array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a JSON pointer inside a document, or returns undefined. */
export function getAtPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isPlainObject(node)) node = Object.hasOwn(node, segment) ? node[segment] : undefined;
    else return undefined;
  }
  return node;
}

const MAX_REF_DEPTH = 32;

/**
 * A schema with its local `$ref` (`#/...`) followed, the referring schema's sibling keywords
 * laid over the target (2020-12 allows siblings of `$ref`). Other refs are left alone.
 */
export function resolveLocalRef(root: JSONSchema, schema: JSONSchema, depth = 0): JSONSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || depth > MAX_REF_DEPTH) return schema;
  const target = getAtPointer(root, ref.slice(1));
  if (!isPlainObject(target)) return schema;
  const { $ref: _ignored, ...siblings } = schema;
  return { ...resolveLocalRef(root, target as JSONSchema, depth + 1), ...siblings };
}

/** The subschema of a field's children: `properties[name]` (or `items` for the `*` segment). */
export function childSchema(root: JSONSchema, schema: JSONSchema, segment: string): JSONSchema | undefined {
  const resolved = resolveLocalRef(root, schema);
  const child = segment === '*' ? resolved.items : resolved.properties?.[segment];
  return isPlainObject(child) ? (child as JSONSchema) : undefined;
}

/** The schema of the field at data segments (`['members', '*', 'name']`), or undefined. */
export function fieldSchema(root: JSONSchema, segments: readonly string[]): JSONSchema | undefined {
  let node: JSONSchema | undefined = root;
  for (const segment of segments) {
    if (node === undefined) return undefined;
    node = childSchema(root, node, segment);
  }
  return node === undefined ? undefined : resolveLocalRef(root, node);
}
