import { toPointer } from '../json-pointer.js';
import { cloneJson, jsonEqual } from '../json-values.js';
import { isPlainObject } from '../schema-walk.js';
import type { FormDefinition, FormError, Locale, ValidationResult } from '../types.js';
import { formErrors } from '../validation/validate-form.js';
import type { FieldAccess, FieldPermissions, PermissionOptions } from './field-access.js';
import { type FieldNode, buildFieldTree, fieldLabel } from './field-tree.js';

type Path = (string | number)[];

/** Collects refusals while merging a submission into the previous data. */
class Refusals {
  readonly errors: FormError[] = [];
  constructor(private readonly locale: Locale) {}

  readOnly(path: Path, label: string, titled: boolean): void {
    const message = this.locale === 'zh' ? `字段“${label}”为只读，不能修改` : `Field "${label}" is read-only and cannot be changed`;
    this.errors.push({ path: toPointer(path), keyword: 'readOnly', message, ...(titled ? { label } : {}) });
  }
}

function refuse(node: FieldNode, path: Path, refusals: Refusals): void {
  const pointer = toPointer(path);
  const label = fieldLabel(node, pointer);
  refusals.readOnly(path, label, label !== pointer);
}

/**
 * Refuses each change `submitted` makes to a read-only subtree, naming the deepest field that
 * changed. Keys left out of an object are no change: a page may send only what it shows.
 */
function reportChanges(node: FieldNode | undefined, previous: unknown, submitted: unknown, path: Path, refusals: Refusals): void {
  if (submitted === undefined || jsonEqual(previous, submitted)) return;
  if (node === undefined) {
    refusals.readOnly(path, String(path[path.length - 1] ?? '/'), false);
  } else if (isPlainObject(submitted) && (previous === undefined || isPlainObject(previous))) {
    for (const [name, value] of Object.entries(submitted)) {
      reportChanges(node.properties.get(name), previous?.[name], value, [...path, name], refusals);
    }
  } else if (Array.isArray(submitted) && Array.isArray(previous) && node.items !== undefined && submitted.length === previous.length) {
    submitted.forEach((item, i) => reportChanges(node.items, previous[i], item, [...path, i], refusals));
  } else {
    refuse(node, path, refusals);
  }
}

/** A value governed by one access as a whole. */
function mergeValue(access: FieldAccess, previous: unknown, submitted: unknown, onChange: () => void): unknown {
  if (access === 'editable') return cloneJson(submitted);
  if (access === 'readonly' && submitted !== undefined && !jsonEqual(previous, submitted)) onChange();
  return cloneJson(previous);
}

function mergeObject(node: FieldNode, previous: unknown, submitted: Record<string, unknown>, path: Path, refusals: Refusals): unknown {
  const before = isPlainObject(previous) ? previous : {};
  const out: Record<string, unknown> = {};
  for (const [name, child] of node.properties) {
    const merged = mergeField(child, before[name], submitted[name], [...path, name], refusals);
    if (merged !== undefined) out[name] = merged;
  }
  // Properties the schema does not declare follow the object's own access.
  for (const name of new Set([...Object.keys(before), ...Object.keys(submitted)])) {
    if (node.properties.has(name)) continue;
    const merged = mergeValue(node.access, before[name], submitted[name], () => refusals.readOnly([...path, name], name, false));
    if (merged !== undefined) out[name] = merged;
  }
  return previous === undefined && Object.keys(out).length === 0 ? undefined : out;
}

/** Paths (relative to `node`) of its read-only parts, through object properties. */
function readOnlyParts(node: FieldNode, relative: string[] = []): string[][] {
  if (node.uniform) return node.access === 'readonly' ? [relative] : [];
  return [...node.properties].flatMap(([name, child]) => readOnlyParts(child, [...relative, name]));
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const segment of path) node = isPlainObject(node) ? node[segment] : undefined;
  return node;
}

/**
 * The previous item each submitted item continues. Items of an editable list are told apart by
 * their read-only parts: an item carrying read-only values continues the unused previous item
 * with those values (so removing or reordering items keeps each item's read-only and hidden
 * values with it); an item carrying none is new. Without read-only parts, items match by position.
 */
function previousItems(items: FieldNode, before: unknown[], submitted: unknown[]): unknown[] {
  const parts = readOnlyParts(items);
  if (parts.length === 0) return submitted.map((_, i) => before[i]);
  const used = new Set<number>();
  return submitted.map((item, i) => {
    const carried = parts.filter((part) => valueAt(item, part) !== undefined);
    if (carried.length === 0) return undefined;
    const match = before.findIndex((old, j) => !used.has(j) && carried.every((part) => jsonEqual(valueAt(old, part), valueAt(item, part))));
    const j = match >= 0 ? match : i;
    if (used.has(j)) return undefined;
    used.add(j);
    return before[j];
  });
}

function mergeArray(node: FieldNode, items: FieldNode, previous: unknown, submitted: unknown[], path: Path, refusals: Refusals): unknown {
  const before = Array.isArray(previous) ? previous : [];
  if (node.access !== 'editable') {
    if (submitted.length !== before.length) {
      refuse(node, path, refusals); // only an editable list may gain or lose items
      return cloneJson(previous);
    }
    return submitted.map((item, i) => mergeField(items, before[i], item, [...path, i], refusals) ?? null);
  }
  const olds = previousItems(items, before, submitted);
  return submitted.map((item, i) => mergeField(items, olds[i], item, [...path, i], refusals) ?? null);
}

/**
 * One field of the next data: hidden → previous value (whatever was sent); read-only → previous
 * value, refusing any change; editable → submitted value; mixed objects and lists field by field.
 */
function mergeField(node: FieldNode, previous: unknown, submitted: unknown, path: Path, refusals: Refusals): unknown {
  if (!node.shown) return cloneJson(previous);
  if (node.uniform) {
    if (node.access === 'readonly') reportChanges(node, previous, submitted, path, refusals);
    return node.access === 'editable' ? cloneJson(submitted) : cloneJson(previous);
  }
  if (node.items !== undefined && node.properties.size === 0) {
    const list = submitted === undefined ? (node.access === 'editable' ? [] : previous ?? []) : submitted;
    if (Array.isArray(list)) return mergeArray(node, node.items, previous, list, path, refusals);
  } else {
    const object = submitted === undefined ? {} : submitted;
    if (isPlainObject(object)) return mergeObject(node, previous, object, path, refusals);
  }
  refuse(node, path, refusals); // a scalar in place of a container with read-only parts
  return cloneJson(previous);
}

/**
 * Server-side acceptance of what step `stepId` submitted. Builds the next data from `previous`
 * and `submitted`: hidden fields are taken from `previous` whatever the page sent; read-only
 * fields must be unchanged (left out is fine) or the submission is refused naming the field
 * (`字段“申请人姓名”为只读，不能修改`); editable fields take the submitted value. The result is
 * then validated with ajv against the full schema. Returns the data to store, or every error.
 */
export function acceptSubmission<T = Record<string, unknown>>(
  def: FormDefinition,
  perms: FieldPermissions,
  stepId: string,
  previous: unknown,
  submitted: unknown,
  options: PermissionOptions = {},
): ValidationResult<T> {
  const locale = options.locale ?? 'zh';
  const tree = buildFieldTree(def.schema, perms, stepId, options);
  const refusals = new Refusals(locale);
  const merged = mergeField(tree, previous ?? {}, submitted ?? {}, [], refusals) ?? {};
  const errors = [...refusals.errors, ...formErrors(def, merged, { locale })];
  return errors.length === 0 ? { ok: true, data: merged as T } : { ok: false, errors };
}
