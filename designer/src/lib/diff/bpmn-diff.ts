/**
 * The difference between two versions of a process, element by element, for the review screen:
 * added, removed and changed elements (with what changed), drawn on the diagram with bpmn-js
 * markers. Pure: works on a plain summary of each element, made from the moddle tree by
 * `summarizeElements` (bpmn-moddle in the page and in the tests).
 *
 * Positions are not compared (moving a shape is not a change of the process); names,
 * attributes (ours and BPMN's), conditions, the elements a flow connects, and a gateway's
 * default flow are.
 */
import { flowElementsOf, type ModdleLike } from '../workbench/process.js';

export interface ElementSummary {
  id: string;
  type: string;
  name: string;
  /** Everything compared, as text: `name`, `source`, `target`, `condition`, `default`, `tongban:*`, … */
  props: Record<string, string>;
}

export interface ElementChange {
  id: string;
  type: string;
  name: string;
  /** For changed elements: property → [before, after] ('' for absent). */
  changes: Array<{ prop: string; before: string; after: string }>;
}

export interface BpmnDiff {
  added: ElementChange[];
  removed: ElementChange[];
  changed: ElementChange[];
  /** Ids of elements in both and equal (for "unchanged" counts). */
  unchanged: string[];
}

const SKIP = new Set(['id', 'name', 'incoming', 'outgoing', 'sourceRef', 'targetRef', 'flowElements', 'laneSets', 'di', 'conditionExpression', 'default', 'extensionElements', 'documentation', 'loopCharacteristics', 'eventDefinitions', 'artifacts']);

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A plain, comparable summary of every flow element of the definitions' executable process. */
export function summarizeElements(definitions: ModdleLike): Map<string, ElementSummary> {
  const out = new Map<string, ElementSummary>();
  for (const el of flowElementsOf(definitions)) {
    const props: Record<string, string> = {};
    if (el.name) props.name = el.name;
    // Own scalar properties (moddle keeps set values as own properties) and extension attributes.
    for (const [k, v] of Object.entries(el)) {
      if (k.startsWith('$') || SKIP.has(k)) continue;
      const s = scalar(v);
      if (s !== undefined) props[k] = s;
    }
    const attrs = (el as { $attrs?: Record<string, unknown> }).$attrs ?? {};
    for (const [k, v] of Object.entries(attrs)) {
      const s = scalar(v);
      if (s !== undefined && !k.startsWith('xmlns')) props[k] = s;
    }
    if (el.sourceRef) props.source = el.sourceRef.id;
    if (el.targetRef) props.target = el.targetRef.id;
    const cond = el.conditionExpression as { body?: string } | undefined;
    if (cond?.body) props.condition = cond.body.trim();
    const def = el.default as ModdleLike | undefined;
    if (def?.id) props.default = def.id;
    const loop = el.loopCharacteristics as ModdleLike | undefined;
    if (loop) props.loop = `${loop.$type}${loop.isSequential ? ' sequential' : ''}`;
    const events = el.eventDefinitions as ModdleLike[] | undefined;
    if (events?.length) props.events = events.map((e) => e.$type).join(',');
    const docs = el.documentation as Array<{ text?: string }> | undefined;
    if (docs?.length) props.documentation = docs.map((d) => d.text ?? '').join('\n');
    out.set(el.id, { id: el.id, type: el.$type, name: el.name ?? '', props });
  }
  return out;
}

function asChange(s: ElementSummary): ElementChange {
  return { id: s.id, type: s.type, name: s.name, changes: [] };
}

export function diffElements(before: ReadonlyMap<string, ElementSummary>, after: ReadonlyMap<string, ElementSummary>): BpmnDiff {
  const diff: BpmnDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const [id, b] of before) if (!after.has(id)) diff.removed.push(asChange(b));
  for (const [id, a] of after) {
    const b = before.get(id);
    if (!b) {
      diff.added.push(asChange(a));
      continue;
    }
    const changes: ElementChange['changes'] = [];
    if (a.type !== b.type) changes.push({ prop: 'type', before: b.type, after: a.type });
    const keys = [...new Set([...Object.keys(b.props), ...Object.keys(a.props)])].sort();
    for (const k of keys) {
      const x = b.props[k] ?? '';
      const y = a.props[k] ?? '';
      if (x !== y) changes.push({ prop: k, before: x, after: y });
    }
    if (changes.length) diff.changed.push({ id, type: a.type, name: a.name || b.name, changes });
    else diff.unchanged.push(id);
  }
  return diff;
}

/** Marker class per element id for the diagram: `tb-diff-added` / `-removed` / `-changed`. */
export function diffMarkers(diff: BpmnDiff): Array<{ id: string; marker: 'tb-diff-added' | 'tb-diff-removed' | 'tb-diff-changed' }> {
  return [
    ...diff.added.map((c) => ({ id: c.id, marker: 'tb-diff-added' as const })),
    ...diff.removed.map((c) => ({ id: c.id, marker: 'tb-diff-removed' as const })),
    ...diff.changed.map((c) => ({ id: c.id, marker: 'tb-diff-changed' as const })),
  ];
}

export function isEmptyDiff(diff: BpmnDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}
