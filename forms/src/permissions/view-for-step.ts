import { scopeToFieldPath } from '../json-pointer.js';
import { cloneJson } from '../json-values.js';
import { isPlainObject } from '../schema-walk.js';
import type { FormDefinition, JSONSchema, UISchema, UISchemaElement } from '../types.js';
import type { FieldPermissions, PermissionOptions } from './field-access.js';
import { type FieldNode, buildFieldTree, findFieldNode } from './field-tree.js';

/** What one step gets to render: hidden fields gone, read-only fields marked. */
export interface StepView<T = Record<string, unknown>> {
  schema: JSONSchema;
  uiSchema: UISchema;
  data: T;
}

/** A copy of a schema with `readOnly: true` on it and on every subschema below it. */
function markReadOnly(schema: JSONSchema): JSONSchema {
  const out: JSONSchema = { ...schema, readOnly: true };
  if (isPlainObject(schema.properties)) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, isPlainObject(v) ? markReadOnly(v) : v]));
  }
  if (isPlainObject(schema.items)) out.items = markReadOnly(schema.items as JSONSchema);
  return out;
}

/** The node's schema at this step, or undefined when hidden. */
function viewSchema(node: FieldNode): JSONSchema | undefined {
  if (!node.shown) return undefined;
  if (node.uniform) return node.access === 'readonly' ? markReadOnly(cloneJson(node.schema)) : cloneJson(node.schema);
  const out: JSONSchema = { ...cloneJson(node.resolved) };
  if (node.properties.size > 0) {
    const properties: Record<string, JSONSchema> = {};
    for (const [name, child] of node.properties) {
      const shown = viewSchema(child);
      if (shown !== undefined) properties[name] = shown;
    }
    out.properties = properties;
    if (Array.isArray(out.required)) out.required = out.required.filter((name) => name in properties);
  }
  if (node.items !== undefined) {
    const items = viewSchema(node.items);
    if (items !== undefined) out.items = items;
  }
  if (!node.hasEditable) out.readOnly = true;
  return out;
}

/** The node's data at this step: hidden values removed. */
function viewData(node: FieldNode, value: unknown): unknown {
  if (!node.shown) return undefined;
  if (node.uniform) return cloneJson(value);
  if (node.items !== undefined && Array.isArray(value)) return value.map((item) => viewData(node.items as FieldNode, item) ?? null);
  if (!isPlainObject(value)) return node.access === 'hidden' ? undefined : cloneJson(value);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const field = node.properties.get(key);
    const shown = field === undefined ? (node.access === 'hidden' ? undefined : cloneJson(child)) : viewData(field, child);
    if (shown !== undefined) out[key] = shown;
  }
  return out;
}

/** One UI element at this step, or undefined when everything in it is hidden. */
function viewElement(tree: FieldNode, element: UISchemaElement, base: string[], isRoot: boolean): UISchemaElement | undefined {
  if (element.type === 'Control') {
    const segments = scopeToFieldPath(element.scope);
    if (segments === undefined) return cloneJson(element);
    const { node } = findFieldNode(tree, [...base, ...segments]);
    if (!node.shown) return undefined;
    const options = { ...cloneJson(element.options ?? {}) };
    if (!node.hasEditable) options.readonly = true;
    if (isPlainObject(options.detail) && typeof options.detail.type === 'string') {
      const detail = viewElement(tree, options.detail as unknown as UISchemaElement, [...base, ...segments, '*'], true);
      options.detail = detail;
    }
    const control = cloneJson(element);
    if (Object.keys(options).length > 0) control.options = options;
    return control;
  }
  if (element.type === 'Label') return cloneJson(element);
  const elements = element.elements
    .map((child) => viewElement(tree, child, base, false))
    .filter((child): child is UISchemaElement => child !== undefined);
  if (elements.length === 0 && !isRoot) return undefined;
  return { ...cloneJson(element), elements };
}

/**
 * The form as step `stepId` sees it. Hidden fields are removed from the schema (and from
 * `required`), from the UI schema (controls, and layouts left empty) and from the data;
 * read-only fields get `readOnly: true` in the schema and `options.readonly: true` on their
 * controls. Defaults: editable at applicant steps, read-only elsewhere (see PermissionOptions).
 */
export function viewForStep<T = Record<string, unknown>>(
  def: FormDefinition,
  perms: FieldPermissions,
  stepId: string,
  data: unknown,
  options: PermissionOptions = {},
): StepView<T> {
  const tree = buildFieldTree(def.schema, perms, stepId, options);
  const schema = viewSchema(tree) ?? { type: 'object', properties: {} };
  const uiSchema = viewElement(tree, def.uiSchema, [], true) ?? { type: 'VerticalLayout', elements: [] };
  const viewed = viewData(tree, data ?? {});
  return { schema, uiSchema, data: (viewed ?? {}) as T };
}
