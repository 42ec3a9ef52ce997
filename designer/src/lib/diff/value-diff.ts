/**
 * What changed between two versions of a catalogue item and of its form, for the review
 * screen. Pure.
 */
import type { FormField } from '../form-builder/model.js';

export interface ValueChange {
  /** Dotted path into the item, e.g. `promisedLimit.value`, `materials[M002].copies`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The key that identifies an entry of a list across versions (code, id, key; a bundle member's implCode), if any. */
function identity(v: unknown): string | undefined {
  if (!isObj(v)) return undefined;
  for (const k of ['code', 'id', 'key', 'implCode']) if (typeof v[k] === 'string' || typeof v[k] === 'number') return String(v[k]);
  return undefined;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Deep difference. Objects compare by key; lists of entries with a code/id/key compare by
 * that identity (so reordering materials is not reported as every material changed); other
 * lists compare as a whole. `ignore` skips bookkeeping keys (version, timestamps, status).
 */
export function diffValues(before: unknown, after: unknown, ignore: readonly string[] = [], path = ''): ValueChange[] {
  if (equal(before, after)) return [];
  if (isObj(before) && isObj(after)) {
    const out: ValueChange[] = [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const k of keys) {
      if (ignore.includes(k)) continue;
      const p = path ? `${path}.${k}` : k;
      if (!(k in before) || before[k] === undefined) {
        if (after[k] !== undefined) out.push({ path: p, kind: 'added', after: after[k] });
      } else if (!(k in after) || after[k] === undefined) out.push({ path: p, kind: 'removed', before: before[k] });
      else out.push(...diffValues(before[k], after[k], ignore, p));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].every((v) => identity(v) !== undefined)) {
    const out: ValueChange[] = [];
    const b = new Map(before.map((v) => [identity(v)!, v]));
    const a = new Map(after.map((v) => [identity(v)!, v]));
    for (const [id, v] of b) if (!a.has(id)) out.push({ path: `${path}[${id}]`, kind: 'removed', before: v });
    for (const [id, v] of a) {
      if (!b.has(id)) out.push({ path: `${path}[${id}]`, kind: 'added', after: v });
      else out.push(...diffValues(b.get(id), v, ignore, `${path}[${id}]`));
    }
    return out;
  }
  return [{ path, kind: 'changed', before, after }];
}

export interface FieldChange {
  key: string;
  label: string;
  kind: 'added' | 'removed' | 'changed' | 'moved';
  /** For changed fields: which properties (label, type, required, options, …). */
  props?: string[];
}

/** Fields added, removed, changed or moved between two form models. */
export function diffFields(before: readonly FormField[], after: readonly FormField[]): FieldChange[] {
  const out: FieldChange[] = [];
  const b = new Map(before.map((f, i) => [f.key, { f, i }]));
  const a = new Map(after.map((f, i) => [f.key, { f, i }]));
  for (const [key, { f }] of b) if (!a.has(key)) out.push({ key, label: f.label, kind: 'removed' });
  const keptBefore = before.filter((f) => a.has(f.key)).map((f) => f.key);
  const keptAfter = after.filter((f) => b.has(f.key)).map((f) => f.key);
  for (const [key, { f }] of a) {
    const old = b.get(key);
    if (!old) {
      out.push({ key, label: f.label, kind: 'added' });
      continue;
    }
    const props = [...new Set([...Object.keys(old.f), ...Object.keys(f)])].filter((p) => !equal((old.f as unknown as Obj)[p], (f as unknown as Obj)[p])).sort();
    if (props.length) out.push({ key, label: f.label, kind: 'changed', props });
    else if (keptBefore.indexOf(key) !== keptAfter.indexOf(key)) out.push({ key, label: f.label, kind: 'moved' });
  }
  return out;
}
