import { parseFieldPath } from '../json-pointer.js';
import { isPlainObject, resolveLocalRef } from '../schema-walk.js';
import type { JSONSchema } from '../types.js';
import { type FieldAccess, type FieldPermissions, type PermissionOptions, defaultAccessForStep, mostRestrictive } from './field-access.js';

/** A field of the form with its effective access at one step. */
export interface FieldNode {
  /** Data path; `*` for array items. */
  segments: string[];
  /** The field's schema as written (may hold a `$ref`). */
  schema: JSONSchema;
  /** The same with a local `$ref` followed. */
  resolved: JSONSchema;
  access: FieldAccess;
  properties: Map<string, FieldNode>;
  items?: FieldNode;
  /** Visible at this step: not hidden itself, or has a visible descendant. */
  shown: boolean;
  /** The whole subtree has this node's access: it can be treated as one value. */
  uniform: boolean;
  /** This node or a descendant is editable. */
  hasEditable: boolean;
}

const MAX_DEPTH = 32;
const keyOf = (segments: readonly string[]): string => JSON.stringify(segments);

/** Explicit permissions of one step, keyed by normalised data path. */
function explicitAccess(perms: FieldPermissions, stepId: string): Map<string, FieldAccess> {
  const explicit = new Map<string, FieldAccess>();
  for (const [path, access] of Object.entries(perms[stepId] ?? {})) explicit.set(keyOf(parseFieldPath(path)), access);
  return explicit;
}

/**
 * The form's fields (through `properties` and `items`, following local refs) with the access each
 * has at `stepId`: the nearest configured ancestor-or-self wins, else the step default. Paths
 * configured below a leaf (e.g. inside a `oneOf`) make that leaf as strict as the strictest of them.
 */
export function buildFieldTree(root: JSONSchema, perms: FieldPermissions, stepId: string, options: PermissionOptions = {}): FieldNode {
  const explicit = explicitAccess(perms, stepId);
  const stepDefault = explicit.get(keyOf([])) ?? defaultAccessForStep(stepId, options);
  const explicitKeys = [...explicit.entries()].map(([k, a]) => ({ segments: JSON.parse(k) as string[], access: a }));

  const inherited = (segments: string[]): FieldAccess => {
    for (let n = segments.length; n >= 0; n--) {
      const found = explicit.get(keyOf(segments.slice(0, n)));
      if (found !== undefined) return found;
    }
    return stepDefault;
  };
  const below = (segments: string[]): FieldAccess[] => explicitKeys
    .filter((e) => e.segments.length > segments.length && segments.every((s, i) => e.segments[i] === s))
    .map((e) => e.access);

  const build = (segments: string[], schema: JSONSchema): FieldNode => {
    const resolved = resolveLocalRef(root, schema);
    const properties = new Map<string, FieldNode>();
    let items: FieldNode | undefined;
    if (segments.length < MAX_DEPTH) {
      for (const [name, sub] of Object.entries(resolved.properties ?? {})) {
        if (isPlainObject(sub)) properties.set(name, build([...segments, name], sub));
      }
      if (isPlainObject(resolved.items)) items = build([...segments, '*'], resolved.items);
    }
    const children = [...properties.values(), ...(items === undefined ? [] : [items])];
    const own = inherited(segments);
    const access = children.length === 0 ? mostRestrictive(own, ...below(segments)) : own;
    const node: FieldNode = {
      segments, schema, resolved, access, properties,
      shown: items !== undefined && properties.size === 0 ? items.shown : access !== 'hidden' || children.some((c) => c.shown),
      uniform: children.every((c) => c.uniform && c.access === access),
      hasEditable: access === 'editable' || children.some((c) => c.hasEditable),
    };
    if (items !== undefined) node.items = items;
    return node;
  };
  return build([], root);
}

/** The deepest node along data segments (`*` for items) and whether it is the exact one. */
export function findFieldNode(tree: FieldNode, segments: readonly string[]): { node: FieldNode; exact: boolean } {
  let node = tree;
  for (const segment of segments) {
    const next = segment === '*' ? node.items : node.properties.get(segment);
    if (next === undefined) return { node, exact: false };
    node = next;
  }
  return { node, exact: true };
}

/** The field's label: its schema title, else its path. */
export function fieldLabel(node: FieldNode, pointer: string): string {
  const title = node.resolved.title;
  return typeof title === 'string' && title !== '' ? title : pointer === '' ? '/' : pointer;
}
