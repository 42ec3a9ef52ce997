/**
 * Catalogue items (事项) for the list, the editor, the review screen and the public guide. Pure:
 * no Vue, no DOM, no fetch — unit-tested under Node.
 */
import type { ItemData, ItemSummary, ItemVersion, Material, Situation, TemplateParameter } from '../../api/types.js';
import { diffValues, type FieldChange, type ValueChange } from '../diff/value-diff.js';

/** National item-type codes (事项类型). */
export const ITEM_TYPES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20'] as const;
/** Window themes (主题). */
export const THEMES = ['社会民生', '企业设立', '经营许可', '工程建设', '公安专项', '税务专项'] as const;
export const STATUSES = ['draft', 'in_review', 'published', 'retired'] as const;
export type ListStatus = (typeof STATUSES)[number];

/** A fresh item's data: the least the server's schema accepts once name and department are filled. */
export function emptyItemData(departmentId = ''): ItemData {
  return {
    name: '',
    itemType: '01',
    departmentId,
    legalLimit: { value: 20, unit: 'workingDays' },
    promisedLimit: { value: 10, unit: 'workingDays' },
    immediate: false,
    onSiteVisits: 0,
    onlineDepth: 3,
    materials: [],
    situations: [],
    fees: [],
    theme: '社会民生',
    applicantTypes: ['naturalPerson'],
    process: { key: '' },
    form: { id: '', title: '', schema: { type: 'object', properties: {} }, uiSchema: { type: 'VerticalLayout', elements: [] } },
    fieldPermissions: {},
  };
}

/** The next free id `prefix1`, `prefix2`, … among `taken`. */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

export function newMaterial(taken: Iterable<string>): Material {
  return { id: nextId('M', taken), name: '', necessity: 'required', form: 'both', copies: 1 };
}

export function newSituation(taken: Iterable<string>): Situation {
  return { id: nextId('S', taken), name: '', materials: [], variables: {} };
}

/** Every material id used in the item (its own and its situations'), for unique ids. */
export function materialIds(data: Pick<ItemData, 'materials' | 'situations'>): string[] {
  return [...data.materials.map((m) => m.id), ...data.situations.flatMap((s) => s.materials.map((m) => m.id))];
}

/**
 * Keeps the data consistent the way the server's rules want it: 即办件 has promised limit 0;
 * no on-site reason without visits; optional empty strings removed; a bundle's members kept. Returns a copy.
 */
export function normalizeItemData(data: ItemData): ItemData {
  const d: ItemData = JSON.parse(JSON.stringify(data)) as ItemData;
  if (d.immediate) d.promisedLimit = { value: 0, unit: d.promisedLimit.unit };
  if (d.onSiteVisits <= 0) delete d.onSiteReason;
  for (const k of ['legalBasis', 'contact', 'onSiteReason'] as const) if (d[k] === '') delete d[k];
  const cleanMaterial = (m: Material): void => {
    for (const k of ['condition', 'eCertificate', 'source', 'note'] as const) if (m[k] === '' || m[k] === undefined) delete m[k];
    if (m.necessity !== 'conditional') delete m.condition;
  };
  d.materials.forEach(cleanMaterial);
  for (const s of d.situations) {
    s.materials.forEach(cleanMaterial);
    if (s.description === '') delete s.description;
  }
  for (const f of d.fees) if (f.basis === '') delete f.basis;
  if (d.process.key === '') delete d.process.key;
  if (d.templateParameters && d.templateParameters.length === 0) delete d.templateParameters;
  // A bundle keeps its members (the server composes process and form from them); an empty certificate goes.
  if (d.bundle) d.bundle = { members: d.bundle.members.map(({ implCode, issues }) => (issues?.trim() ? { implCode: implCode.trim(), issues: issues.trim() } : { implCode: implCode.trim() })) };
  return d;
}

/** Problems the editor can see before asking the server (which stays the judge). Keys are i18n keys. */
export function itemProblems(data: ItemData): Array<{ path: string; key: string }> {
  const out: Array<{ path: string; key: string }> = [];
  if (!data.name.trim()) out.push({ path: 'name', key: 'nameRequired' });
  if (!data.departmentId) out.push({ path: 'departmentId', key: 'departmentRequired' });
  if (!data.immediate) {
    if (data.promisedLimit.value < 1) out.push({ path: 'promisedLimit', key: 'promisedAtLeastOne' });
    if (data.promisedLimit.unit === data.legalLimit.unit && data.promisedLimit.value > data.legalLimit.value) out.push({ path: 'promisedLimit', key: 'promisedOverLegal' });
  }
  if (data.onSiteVisits > 0 && !data.onSiteReason?.trim()) out.push({ path: 'onSiteReason', key: 'onSiteReasonRequired' });
  if (data.applicantTypes.length === 0) out.push({ path: 'applicantTypes', key: 'applicantTypeRequired' });
  const ids = materialIds(data);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) out.push({ path: `materials[${dup}]`, key: 'duplicateMaterial' });
  data.materials.concat(data.situations.flatMap((s) => s.materials)).forEach((m) => {
    if (!m.name.trim()) out.push({ path: `materials[${m.id}].name`, key: 'materialNameRequired' });
    if (m.necessity === 'conditional' && !m.condition?.trim()) out.push({ path: `materials[${m.id}].condition`, key: 'conditionRequired' });
  });
  data.situations.forEach((s) => {
    if (!s.name.trim()) out.push({ path: `situations[${s.id}].name`, key: 'situationNameRequired' });
  });
  return out;
}

/** What the list shows as an item's state: the open version's status when there is one. */
export function listStatus(s: Pick<ItemSummary, 'openStatus' | 'publishedVersion'>): ListStatus | 'none' {
  if (s.openStatus) return s.openStatus;
  return s.publishedVersion !== null ? 'published' : 'retired';
}

/** Version numbers to show: "v2 草稿 (已发布 v1)". */
export function versionLabel(s: Pick<ItemSummary, 'openVersion' | 'publishedVersion'>): string {
  const parts: string[] = [];
  if (s.openVersion !== null) parts.push(`v${s.openVersion}`);
  if (s.publishedVersion !== null) parts.push(s.openVersion !== null ? `(v${s.publishedVersion})` : `v${s.publishedVersion}`);
  return parts.join(' ');
}

// ---- review: what changed since the published version ---------------------------------------

/** Field groups of the review screen, in the editor's order. */
export const FIELD_GROUPS: ReadonlyArray<{ group: string; keys: readonly string[] }> = [
  { group: 'basic', keys: ['name', 'itemType', 'departmentId', 'theme', 'applicantTypes', 'legalBasis', 'contact'] },
  { group: 'limits', keys: ['legalLimit', 'promisedLimit', 'immediate', 'onSiteVisits', 'onSiteReason', 'onlineDepth'] },
  { group: 'materials', keys: ['materials'] },
  { group: 'situations', keys: ['situations'] },
  { group: 'fees', keys: ['fees'] },
  { group: 'bundle', keys: ['bundle'] },
  { group: 'process', keys: ['process'] },
  { group: 'form', keys: ['form', 'fieldPermissions'] },
  { group: 'template', keys: ['templateParameters'] },
];

export interface GroupedChange extends ValueChange {
  group: string;
  /** The top-level field (`promisedLimit` for `promisedLimit.value`). */
  field: string;
}

/**
 * Differences between the published data and the open version's data, top-level field first,
 * grouped as the editor groups them. The form's content is left to the form-field diff (only a
 * summary line here); fees without ids compare as a whole list.
 */
export function itemChanges(published: ItemData | null | undefined, open: ItemData): GroupedChange[] {
  const before = (published ?? {}) as unknown as Record<string, unknown>;
  const after = open as unknown as Record<string, unknown>;
  const out: GroupedChange[] = [];
  for (const { group, keys } of FIELD_GROUPS) {
    for (const field of keys) {
      if (field === 'form') {
        if (JSON.stringify(before.form) !== JSON.stringify(after.form)) out.push({ group, field, path: 'form', kind: before.form === undefined ? 'added' : 'changed' });
        continue;
      }
      // A bundle's members are listed one by one, also when none were published before.
      const b = field === 'bundle' && after.bundle !== undefined ? (before.bundle ?? { members: [] }) : before[field];
      const a = after[field];
      if (b === undefined && a === undefined) continue;
      if (b === undefined) {
        out.push({ group, field, path: field, kind: 'added', after: a });
        continue;
      }
      if (a === undefined) {
        out.push({ group, field, path: field, kind: 'removed', before: b });
        continue;
      }
      for (const c of diffValues(b, a, [], field)) out.push({ ...c, group, field });
      if (field === 'bundle') {
        const order = memberOrder(b, a);
        if (order) out.push({ group, field, path: 'bundle.members', kind: 'changed', ...order });
      }
    }
  }
  return out;
}

/** The bundle members both versions list, when their order changed (matching by 实施编码 does not show moves). */
function memberOrder(before: unknown, after: unknown): { before: string[]; after: string[] } | undefined {
  const codes = (v: unknown): string[] => ((v as ItemData['bundle'])?.members ?? []).map((m) => m.implCode);
  const b = codes(before);
  const a = codes(after);
  const kept = { before: b.filter((c) => a.includes(c)), after: a.filter((c) => b.includes(c)) };
  return kept.before.join() !== kept.after.join() ? kept : undefined;
}

/** A short readable text for a value in the change table (limits, booleans, lists, objects). */
export function showValue(v: unknown, words: { yes: string; no: string; unit: Record<string, string> } = { yes: '是', no: '否', unit: { workingDays: '个工作日', calendarDays: '个自然日' } }): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? words.yes : words.no;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => showValue(x, words)).join('、');
  const o = v as Record<string, unknown>;
  if (typeof o.value === 'number' && typeof o.unit === 'string') return `${o.value} ${words.unit[o.unit] ?? o.unit}`;
  if (typeof o.name === 'string') return o.name;
  if (typeof o.implCode === 'string') return typeof o.issues === 'string' && o.issues ? `${o.implCode}（${o.issues}）` : o.implCode;
  return JSON.stringify(v);
}

/** The process the review screen draws for a version: its pinned definition, else what the data names. */
export function processSource(v: Pick<ItemVersion, 'processDefinitionId' | 'data'> | null | undefined): { definitionId: string } | { key: string } | { bpmn: string } | undefined {
  if (!v) return undefined;
  if (v.processDefinitionId) return { definitionId: v.processDefinitionId };
  const p = v.data.process;
  if (p.definitionId) return { definitionId: p.definitionId };
  if (p.bpmn) return { bpmn: p.bpmn };
  if (p.key) return { key: p.key };
  return undefined;
}

// ---- 办事指南 (service guide) -----------------------------------------------------------------

export interface GuideMaterial extends Material {
  /** The situation that adds it; absent for the item's own materials. */
  situation?: string;
}

/**
 * The materials an applicant must bring: the item's own, plus those of the situations chosen
 * (the guide's questions). Without a choice, every situation's materials are listed, marked.
 */
export function guideMaterials(data: Pick<ItemData, 'materials' | 'situations'>, chosen?: readonly string[]): GuideMaterial[] {
  const out: GuideMaterial[] = data.materials.map((m) => ({ ...m }));
  for (const s of data.situations) {
    if (chosen && !chosen.includes(s.id)) continue;
    for (const m of s.materials) out.push({ ...m, situation: s.name });
  }
  return out;
}

/** Replaces `{{name}}` in template texts with parameter values, as the server does when deriving. */
export function fillTemplate(text: string, params: Readonly<Record<string, unknown>>): string {
  return text.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || v === '') return whole;
    return Array.isArray(v) ? v.join('、') : String(v);
  });
}

/** The template's data as the derived item will read with these parameters (guide preview). */
export function previewDerived(data: ItemData, params: Readonly<Record<string, unknown>>): ItemData {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fillTemplate(v, params);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(data) as ItemData;
  const dept = (data.templateParameters ?? []).find((p) => p.type === 'department');
  if (dept && typeof params[dept.name] === 'string' && params[dept.name]) out.departmentId = params[dept.name] as string;
  delete out.templateParameters;
  return out;
}

const MOBILE_OR_LANDLINE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

/** Problems with the parameter values of the create-village-item wizard: param name → i18n key. */
export function parameterProblems(params: readonly TemplateParameter[], values: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) {
    const v = values[p.name];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (p.required) out[p.name] = 'required';
      continue;
    }
    if (p.type === 'phone' && (typeof v !== 'string' || !MOBILE_OR_LANDLINE.test(v))) out[p.name] = 'phone';
    if (p.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) out[p.name] = 'number';
  }
  return out;
}

/** The values to send: empties dropped, numbers as numbers. */
export function cleanParameters(params: readonly TemplateParameter[], values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) {
    const v = values[p.name];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[p.name] = v;
  }
  return out;
}

/** Situation variables as the editor types them: `name=value; …` (numbers and true/false typed). */
export function formatVariables(vars: Readonly<Record<string, string | number | boolean>>): string {
  return Object.entries(vars).map(([k, v]) => `${k}=${String(v)}`).join('; ');
}

export function parseVariables(text: string): { vars: Record<string, string | number | boolean> } | { bad: string } {
  const vars: Record<string, string | number | boolean> = {};
  for (const part of text.split(/[;；\n]/)) {
    const s = part.trim();
    if (!s) continue;
    const m = /^([A-Za-z_][\w]*)\s*=\s*(.*)$/.exec(s);
    if (!m) return { bad: s };
    const raw = m[2]!.trim();
    vars[m[1]!] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return { vars };
}

// ---- form changes -----------------------------------------------------------------------------

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every property of a JSON Schema as `a/b/c` → its definition (without nested properties) and whether required. */
export function flattenSchema(schema: unknown, prefix = ''): Map<string, { title: string; def: string }> {
  const out = new Map<string, { title: string; def: string }>();
  if (!isJson(schema) || !isJson(schema.properties)) return out;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const [k, v] of Object.entries(schema.properties)) {
    const p = prefix ? `${prefix}/${k}` : k;
    if (!isJson(v)) continue;
    const { properties, required: _r, ...own } = v;
    out.set(p, { title: typeof v.title === 'string' ? v.title : k, def: JSON.stringify({ ...own, required: required.includes(k) }) });
    if (properties) for (const [kk, vv] of flattenSchema(v, p)) out.set(kk, vv);
  }
  return out;
}

/**
 * Fields added, removed or changed between two forms: through the form builder's model when it
 * reads both (so it names moved fields and changed properties), else property by property of
 * the JSON Schemas (nested objects included).
 */
export function formChanges(
  before: { schema: unknown } | null | undefined,
  after: { schema: unknown },
  viaModel?: () => FieldChange[] | undefined,
): FieldChange[] {
  const m = viaModel?.();
  if (m) return m;
  const b = flattenSchema(before?.schema);
  const a = flattenSchema(after.schema);
  const out: FieldChange[] = [];
  for (const [k, v] of b) if (!a.has(k)) out.push({ key: k, label: v.title, kind: 'removed' });
  for (const [k, v] of a) {
    const old = b.get(k);
    if (!old) out.push({ key: k, label: v.title, kind: 'added' });
    else if (old.def !== v.def) {
      const x = JSON.parse(old.def) as Json;
      const y = JSON.parse(v.def) as Json;
      const props = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((p) => JSON.stringify(x[p]) !== JSON.stringify(y[p])).sort();
      out.push({ key: k, label: v.title, kind: 'changed', props });
    }
  }
  return out;
}

/** A new item's form needs an id and a title (the server checks them): derived from the codes and name when empty. */
export function ensureFormIdentity(data: ItemData, implCode: string): ItemData {
  const form = { ...data.form };
  if (!form.id.trim()) form.id = `${implCode.trim() || 'item'}-form`;
  if (!form.title.trim()) form.title = `${data.name.trim()}申请表`;
  return { ...data, form };
}

/** 实施编码 for a derived item: `<base>-<region>` as the server makes it, with `-2`, `-3`… when taken. */
export function suggestImplCode(baseCode: string, regionCode: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const first = `${baseCode}-${regionCode}`;
  if (!used.has(first)) return first;
  for (let i = 2; ; i++) if (!used.has(`${first}-${i}`)) return `${first}-${i}`;
}

/** A template's name for people: `{{village}}开具居住证明` → `〈村（社区）名称〉开具居住证明`. */
export function templateTitle(name: string, params: readonly Pick<TemplateParameter, 'name' | 'label'>[] = []): string {
  return name.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (_w, n: string) => `〈${params.find((p) => p.name === n)?.label ?? n}〉`);
}
