/**
 * The per-step permission matrix: steps of the item's process × fields → editable / read-only /
 * hidden, written as @tongban/forms' `FieldPermissions` (`{ [stepId]: { '/field': access } }`).
 *
 * The server's default for a field without entry is editable at the applicant's steps and
 * read-only elsewhere — but which steps are the applicant's is the server's configuration. So the
 * matrix shows that default for untouched cells and `explicitPermissions` writes every cell
 * before saving: what the editor saw is what the server enforces.
 */
import type { FormField } from './model.js';
import { fieldPath } from './model.js';

export type Access = 'editable' | 'readonly' | 'hidden';
export const ACCESS: readonly Access[] = ['editable', 'readonly', 'hidden'];
export type FieldPermissions = Record<string, Record<string, Access>>;

export interface Step {
  /** BPMN element id (start event or user task). */
  id: string;
  name: string;
  /** The applicant fills the form at this step (start event, 补正). */
  applicant: boolean;
}

/** Rows of the matrix: each field, and each column of a table under it. */
export interface MatrixRow {
  path: string;
  label: string;
  depth: number;
}

export function matrixRows(fields: readonly FormField[]): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const f of fields) {
    rows.push({ path: fieldPath(f), label: f.label, depth: 0 });
    if (f.type === 'table') for (const c of f.columns ?? []) rows.push({ path: fieldPath(f, c), label: c.label, depth: 1 });
  }
  return rows;
}

/** A plain copy (works on Vue's reactive proxies too, which structuredClone refuses). */
function clone(perms: FieldPermissions): FieldPermissions {
  return JSON.parse(JSON.stringify(perms)) as FieldPermissions;
}

export function defaultAccess(step: Step): Access {
  return step.applicant ? 'editable' : 'readonly';
}

function parentPath(path: string): string | undefined {
  const m = /^(\/[^/]+)\/\*\/[^/]+$/.exec(path);
  return m?.[1];
}

/** The access a cell shows: its own entry, else its table's, else the step default. */
export function effectiveAccess(perms: FieldPermissions, step: Step, path: string): Access {
  const own = perms[step.id]?.[path];
  if (own) return own;
  const parent = parentPath(path);
  const inherited = parent ? perms[step.id]?.[parent] : undefined;
  return inherited ?? perms[step.id]?.['/'] ?? defaultAccess(step);
}

/**
 * Sets one cell. Setting a table sets its columns too (a column may then be set apart: a hidden
 * table with a visible column is allowed, as in @tongban/forms).
 */
export function setAccess(perms: FieldPermissions, step: Step, path: string, access: Access): FieldPermissions {
  const next: FieldPermissions = clone(perms);
  const row = { ...(next[step.id] ?? {}) };
  for (const p of Object.keys(row)) if (p.startsWith(`${path}/*/`)) delete row[p];
  row[path] = access;
  next[step.id] = row;
  return next;
}

/** Sets a whole column of the matrix (one step, every field) at once. */
export function setStepAccess(perms: FieldPermissions, step: Step, fields: readonly FormField[], access: Access): FieldPermissions {
  const next = clone(perms);
  next[step.id] = {};
  let out = next;
  for (const row of matrixRows(fields)) if (row.depth === 0) out = setAccess(out, step, row.path, access);
  return out;
}

/** Every cell written out (fields and table columns), as the matrix shows them. */
export function explicitPermissions(perms: FieldPermissions, steps: readonly Step[], fields: readonly FormField[]): FieldPermissions {
  const out: FieldPermissions = {};
  for (const step of steps) {
    out[step.id] = Object.fromEntries(matrixRows(fields).map((r) => [r.path, effectiveAccess(perms, step, r.path)]));
  }
  return out;
}

/**
 * Drops entries for steps and fields that no longer exist (a field deleted or renamed, a step
 * removed from the process), so the server's `checkFieldPermissions` finds nothing stale.
 */
export function prunePermissions(perms: FieldPermissions, steps: readonly Step[], fields: readonly FormField[]): FieldPermissions {
  const stepIds = new Set(steps.map((s) => s.id));
  const paths = new Set(['/', ...matrixRows(fields).map((r) => r.path)]);
  const out: FieldPermissions = {};
  for (const [step, row] of Object.entries(perms)) {
    if (!stepIds.has(step)) continue;
    const kept = Object.fromEntries(Object.entries(row).filter(([p, a]) => paths.has(p) && ACCESS.includes(a)));
    if (Object.keys(kept).length) out[step] = kept;
  }
  return out;
}

/** Renames a field's paths (key change in the properties panel). */
export function renameFieldInPermissions(perms: FieldPermissions, oldKey: string, newKey: string): FieldPermissions {
  const out: FieldPermissions = {};
  for (const [step, row] of Object.entries(perms)) {
    out[step] = Object.fromEntries(
      Object.entries(row).map(([p, a]) => [p === `/${oldKey}` || p.startsWith(`/${oldKey}/`) ? `/${newKey}${p.slice(oldKey.length + 1)}` : p, a]),
    );
  }
  return out;
}

interface FlowNodeLike {
  $type: string;
  id: string;
  name?: string;
}

/**
 * Steps of a process for the matrix: the start event (the applicant's step) and every user
 * task, in document order. `applicantSteps` marks further applicant steps (补正).
 */
export function stepsOfProcess(flowElements: readonly FlowNodeLike[], applicantSteps: readonly string[] = []): Step[] {
  const steps: Step[] = [];
  for (const el of flowElements) {
    if (el.$type === 'bpmn:StartEvent') steps.push({ id: el.id, name: el.name || el.id, applicant: true });
    else if (el.$type === 'bpmn:UserTask') steps.push({ id: el.id, name: el.name || el.id, applicant: applicantSteps.includes(el.id) });
  }
  return steps;
}
