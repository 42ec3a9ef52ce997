/**
 * Composing a bundle (一件事) from its members — pure functions, no I/O:
 *
 * - **Materials**: one list for the applicant. A material is asked once when another member
 *   needs the same document: the same 电子证照 type, or the same name. The same *id* alone is
 *   not enough — ids are unique within an item only (two members' `application` are two
 *   different 申请书), so a same-id, different-name material is kept with its id qualified by the
 *   member (`application@<实施编码>`). Merged: the strongest necessity (必要 over 按情形 over 非必要),
 *   the most copies, both forms when they differ. A member's materials never merge with each
 *   other. Materials replaced by what another member issues (declared `issues`, e.g. 营业执照)
 *   are dropped and listed in `replaced`.
 * - **Situations** carry over; members' situations with the same id are one (materials merged
 *   as above, variables united; the same variable with different values is a conflict).
 * - **Form**: the members' JSON Schemas merged property by property, so shared fields (same
 *   path) are asked once; objects merge recursively (required fields united); two leaves at the
 *   same path merge when they accept the same kind of value (type, format, enum, pattern, items),
 *   taking the stricter bounds; otherwise it is a conflict — never silently reconciled. The UI
 *   gets one group per member with the fields an earlier group already asked removed.
 * - **Field permissions** for the bundle's own steps (`applicant`, `accept`): the strictest a
 *   member gives (hidden over read-only over editable).
 */
import { isDeepStrictEqual } from 'node:util';
import type { FieldPermissions, FormDefinition, JSONSchema, UISchemaElement } from '@tongban/forms';
import type { BundleMaterial, BundleSituation } from './bundle-types.js';
import type { PublishedItemVersion } from './published.js';
import type { Material, Necessity, Situation } from './types.js';

export interface ComposeProblem {
  readonly path: string;
  readonly message: string;
}

/** One member as composition sees it: its published version. */
export type MemberInput = Pick<PublishedItemVersion, 'implCode' | 'name' | 'materials' | 'situations' | 'form' | 'fieldPermissions'>;

// ── materials ──────────────────────────────────────────────────────────────────────────────

const NECESSITY_RANK: Readonly<Record<Necessity, number>> = { optional: 0, conditional: 1, required: 2 };

const sameDocument = (a: Material, b: Material): boolean => (a.eCertificate !== undefined && a.eCertificate === b.eCertificate) || a.name === b.name;

function mergeMaterial(a: BundleMaterial, b: Material, member: string): BundleMaterial {
  const necessity = NECESSITY_RANK[b.necessity] > NECESSITY_RANK[a.necessity] ? b.necessity : a.necessity;
  const conditions = [a.condition, b.condition].filter((c): c is string => c !== undefined && c !== '');
  const { condition: _dropped, ...rest } = a;
  return {
    ...rest,
    necessity,
    ...(necessity === 'conditional' && conditions.length > 0 ? { condition: [...new Set(conditions)].join('；') } : {}),
    copies: Math.max(a.copies, b.copies),
    form: a.form === b.form ? a.form : 'both',
    ...(a.eCertificate === undefined && b.eCertificate !== undefined ? { eCertificate: b.eCertificate } : {}),
    members: [...a.members, member],
  };
}

/** Adds one member's materials to the list (a new array; the list is not changed). */
export function addMaterials(list: readonly BundleMaterial[], materials: readonly Material[], member: string): BundleMaterial[] {
  const out = [...list];
  for (const m of materials) {
    const i = out.findIndex((x) => !x.members.includes(member) && sameDocument(x, m));
    if (i >= 0) {
      out[i] = mergeMaterial(out[i]!, m, member);
      continue;
    }
    const id = out.some((x) => x.id === m.id) ? `${m.id}@${member}` : m.id;
    out.push({ ...m, id, members: [member] });
  }
  return out;
}

// ── situations ─────────────────────────────────────────────────────────────────────────────

export function addSituations(list: readonly BundleSituation[], situations: readonly Situation[], member: string, problems: ComposeProblem[]): BundleSituation[] {
  const out = [...list];
  for (const s of situations) {
    const i = out.findIndex((x) => x.id === s.id);
    if (i < 0) {
      out.push({ ...s, materials: addMaterials([], s.materials, member), members: [member] });
      continue;
    }
    const existing = out[i]!;
    for (const [name, value] of Object.entries(s.variables)) {
      if (name in existing.variables && existing.variables[name] !== value) {
        problems.push({ path: `/situations/${s.id}/variables/${name}`, message: `情形“${s.name}”：成员事项对流程变量“${name}”的取值不同（${String(existing.variables[name])} 与 ${String(value)}）` });
      }
    }
    out[i] = {
      ...existing,
      variables: { ...s.variables, ...existing.variables },
      materials: addMaterials(existing.materials, s.materials, member),
      members: [...existing.members, member],
    };
  }
  return out;
}

// ── form ───────────────────────────────────────────────────────────────────────────────────

/** Keywords that describe a field without changing what it accepts. */
const ANNOTATIONS = new Set(['title', 'description', 'x-prefill', 'default', 'examples', '$comment']);
/** Bounds: the merged field takes the stricter of the two. */
const LOWER = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems'];
const UPPER = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems'];

const isObjectSchema = (s: JSONSchema): boolean => s.type === 'object' && typeof s.properties === 'object' && s.properties !== null;

function essentials(s: JSONSchema): Record<string, unknown> {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !ANNOTATIONS.has(k) && !LOWER.includes(k) && !UPPER.includes(k)));
}

function mergeLeaf(a: JSONSchema, b: JSONSchema, path: string, problems: ComposeProblem[]): JSONSchema {
  if (!isDeepStrictEqual(essentials(a), essentials(b))) {
    problems.push({ path: `/form${path}`, message: `申请表单：字段“${a.title ?? path}”在成员事项中的定义不同（类型、格式或取值范围不一致），无法合并为一次填写` });
    return a;
  }
  const merged: JSONSchema = { ...b, ...a };
  for (const k of LOWER) if (typeof a[k] === 'number' || typeof b[k] === 'number') merged[k] = Math.max(...[a[k], b[k]].filter((v): v is number => typeof v === 'number'));
  for (const k of UPPER) if (typeof a[k] === 'number' || typeof b[k] === 'number') merged[k] = Math.min(...[a[k], b[k]].filter((v): v is number => typeof v === 'number'));
  return merged;
}

/** Merges two schemas at `path` (JSON pointer of the data); conflicts go to `problems`. */
export function mergeSchemas(a: JSONSchema, b: JSONSchema, path: string, problems: ComposeProblem[]): JSONSchema {
  if (!(isObjectSchema(a) && isObjectSchema(b))) return mergeLeaf(a, b, path, problems);
  const properties: Record<string, JSONSchema> = { ...a.properties };
  for (const [name, schema] of Object.entries(b.properties!)) {
    properties[name] = name in properties ? mergeSchemas(properties[name]!, schema, `${path}/${name}`, problems) : schema;
  }
  const required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  return { ...b, ...a, properties, ...(required.length > 0 ? { required } : {}) };
}

/** Drops controls whose scope was asked already; returns undefined for a layout left empty. */
function withoutAsked(element: UISchemaElement, asked: Set<string>): UISchemaElement | undefined {
  if (element.type === 'Control') {
    if (asked.has(element.scope)) return undefined;
    asked.add(element.scope);
    return element;
  }
  if (element.type === 'Label') return element;
  const elements = element.elements.map((e) => withoutAsked(e, asked)).filter((e): e is UISchemaElement => e !== undefined);
  return elements.length === 0 ? undefined : { ...element, elements };
}

export function composeForm(formId: string, title: string, members: readonly MemberInput[], problems: ComposeProblem[]): FormDefinition {
  let schema: JSONSchema = { type: 'object', properties: {} };
  const asked = new Set<string>();
  const groups: UISchemaElement[] = [];
  for (const m of members) {
    schema = mergeSchemas(schema, m.form.schema, '', problems);
    const ui = withoutAsked(m.form.uiSchema, asked);
    if (ui) groups.push({ type: 'Group', label: m.name, elements: ui.type === 'VerticalLayout' ? ui.elements : [ui] });
  }
  const { $schema: _s, $id: _i, title: _t, ...rest } = schema;
  return { id: formId, title, schema: { ...rest, type: 'object' }, uiSchema: { type: 'VerticalLayout', elements: groups } };
}

// ── field permissions ──────────────────────────────────────────────────────────────────────

const ACCESS_RANK: Readonly<Record<string, number>> = { editable: 0, readonly: 1, hidden: 2 };

/** The strictest permission any member gives, for the bundle's own steps. */
export function composePermissions(members: readonly MemberInput[], steps: readonly string[]): FieldPermissions {
  const out: Record<string, Record<string, 'editable' | 'readonly' | 'hidden'>> = {};
  for (const step of steps) {
    for (const m of members) {
      for (const [pointer, access] of Object.entries(m.fieldPermissions[step] ?? {})) {
        const current = out[step]?.[pointer];
        if (current === undefined || ACCESS_RANK[access]! > ACCESS_RANK[current]!) (out[step] ??= {})[pointer] = access;
      }
    }
  }
  return out as FieldPermissions;
}
