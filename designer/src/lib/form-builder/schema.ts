/**
 * Form model ⇄ form definition (JSON Schema 2020-12 + JSON Forms UI schema), the shape
 * @tongban/forms checks and validates on the server and the designer renders with JSON Forms.
 *
 * Encoding (also in designer/README.md):
 * | field | schema | UI control options |
 * |---|---|---|
 * | text / textarea | `string` (+`maxLength`; `minLength: 1` when required) | textarea: `multi: true` |
 * | number | `number` or `integer`, `minimum`, `maximum` | |
 * | date | `string`, `format: date` | |
 * | select / radio | `string`, `oneOf: [{ const, title }]` | radio: `format: 'radio'` |
 * | checkbox with options | `array` of `oneOf` strings, `uniqueItems` (`minItems: 1` when required) | |
 * | checkbox without options | `boolean` (required: `const: true`, a box that must be ticked) | |
 * | ID number / USCC / phone | `string`, `format: id-card / uscc / mobile-cn` | |
 * | address | `object { region: region-code, detail: string }` | `format: 'address'` |
 * | file | `array` of `{ name, ref }` (`minItems: 1` when required) | `format: 'file'`, `material: <code>` |
 * | table | `array` of `object` with the columns (`minItems: 1` when required) | `detail` layout of the columns |
 */
import { type FieldOption, type FieldType, type FormField, type FormModel, FIELD_TYPES, COLUMN_TYPES, isFieldKey } from './model.js';

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export interface JsonSchema {
  [keyword: string]: unknown;
}

export interface UiControl {
  type: 'Control';
  scope: string;
  label?: string;
  options?: Record<string, unknown>;
}
export interface UiLayout {
  type: 'VerticalLayout' | 'HorizontalLayout' | 'Group';
  label?: string;
  elements: UiElement[];
  options?: Record<string, unknown>;
}
export type UiElement = UiControl | UiLayout;

export interface FormDefinition {
  id: string;
  version?: number;
  title: string;
  schema: JsonSchema;
  uiSchema: UiElement;
}

function optionsSchema(options: readonly FieldOption[]): JsonSchema[] {
  return options.map((o) => ({ const: o.value, title: o.label }));
}

/** The schema of one field (a top-level property or a table column). */
export function fieldSchema(field: FormField): JsonSchema {
  const s: JsonSchema = { title: field.label };
  if (field.description) s.description = field.description;
  switch (field.type) {
    case 'text':
    case 'textarea':
      s.type = 'string';
      if (field.required) s.minLength = 1;
      if (field.maxLength !== undefined) s.maxLength = field.maxLength;
      break;
    case 'number':
      s.type = field.integer ? 'integer' : 'number';
      if (field.minimum !== undefined) s.minimum = field.minimum;
      if (field.maximum !== undefined) s.maximum = field.maximum;
      break;
    case 'date':
      s.type = 'string';
      s.format = 'date';
      break;
    case 'select':
    case 'radio':
      s.type = 'string';
      s.oneOf = optionsSchema(field.options ?? []);
      break;
    case 'checkbox':
      if (field.options && field.options.length > 0) {
        s.type = 'array';
        s.items = { type: 'string', oneOf: optionsSchema(field.options) };
        s.uniqueItems = true;
        if (field.required) s.minItems = 1;
      } else {
        s.type = 'boolean';
        if (field.required) s.const = true;
      }
      break;
    case 'idNumber':
      s.type = 'string';
      s.format = 'id-card';
      break;
    case 'uscc':
      s.type = 'string';
      s.format = 'uscc';
      break;
    case 'mobile':
      s.type = 'string';
      s.format = 'mobile-cn';
      break;
    case 'address':
      s.type = 'object';
      s.properties = {
        region: { type: 'string', title: '所在区划', format: 'region-code' },
        detail: { type: 'string', title: '详细地址', ...(field.required ? { minLength: 1 } : {}) },
      };
      if (field.required) s.required = ['region', 'detail'];
      break;
    case 'file':
      s.type = 'array';
      s.items = {
        type: 'object',
        properties: { name: { type: 'string', title: '文件名' }, ref: { type: 'string', title: '文件引用' } },
        required: ['name', 'ref'],
      };
      if (field.required) s.minItems = 1;
      break;
    case 'table': {
      const columns = field.columns ?? [];
      const required = columns.filter((c) => c.required).map((c) => c.key);
      s.type = 'array';
      s.items = {
        type: 'object',
        properties: Object.fromEntries(columns.map((c) => [c.key, fieldSchema(c)])),
        ...(required.length ? { required } : {}),
      };
      if (field.required) s.minItems = 1;
      break;
    }
  }
  if (field.prefill) s['x-prefill'] = field.prefill;
  return s;
}

function control(scope: string, field: FormField): UiControl {
  const c: UiControl = { type: 'Control', scope };
  const options: Record<string, unknown> = {};
  if (field.type === 'textarea') options.multi = true;
  if (field.type === 'radio') options.format = 'radio';
  if (field.type === 'address') options.format = 'address';
  if (field.type === 'file') {
    options.format = 'file';
    if (field.material) options.material = field.material;
  }
  if (field.placeholder) options.placeholder = field.placeholder;
  if (field.type === 'table') {
    options.detail = {
      type: 'HorizontalLayout',
      elements: (field.columns ?? []).map((col) => control(`#/properties/${col.key}`, col)),
    };
  }
  if (Object.keys(options).length) c.options = options;
  return c;
}

/** The form definition the server checks, validates and pins in an item version. */
export function toFormDefinition(model: FormModel): FormDefinition {
  const required = model.fields.filter((f) => f.required).map((f) => f.key);
  const schema: JsonSchema = {
    $schema: SCHEMA_DIALECT,
    type: 'object',
    title: model.title,
    properties: Object.fromEntries(model.fields.map((f) => [f.key, fieldSchema(f)])),
    ...(required.length ? { required } : {}),
  };
  const uiSchema: UiLayout = {
    type: 'VerticalLayout',
    elements: model.fields.map((f) => control(`#/properties/${f.key}`, f)),
  };
  return { id: model.id, ...(model.version !== undefined ? { version: model.version } : {}), title: model.title, schema, uiSchema };
}

// ---- problems the designer shows before the server's check ------------------------------------

export type ModelProblemCode = 'formId' | 'title' | 'key' | 'duplicateKey' | 'label' | 'options' | 'duplicateOption' | 'range' | 'columns' | 'columnType';

export interface ModelProblem {
  /** Key of the field (and column) the problem is on; empty for the form itself. */
  field: string;
  column?: string;
  code: ModelProblemCode;
}

const FORM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function fieldProblems(field: FormField, out: ModelProblem[], parent?: FormField): void {
  const at = parent ? { field: parent.key, column: field.key } : { field: field.key };
  if (!isFieldKey(field.key)) out.push({ ...at, code: 'key' });
  if (!field.label.trim()) out.push({ ...at, code: 'label' });
  if ((field.type === 'select' || field.type === 'radio') && (field.options ?? []).length === 0) out.push({ ...at, code: 'options' });
  if (field.options) {
    const values = field.options.map((o) => o.value);
    if (new Set(values).size !== values.length || values.some((v) => v === '')) out.push({ ...at, code: 'duplicateOption' });
  }
  if (field.minimum !== undefined && field.maximum !== undefined && field.minimum > field.maximum) out.push({ ...at, code: 'range' });
  if (parent && !COLUMN_TYPES.includes(field.type)) out.push({ ...at, code: 'columnType' });
  if (field.type === 'table') {
    const cols = field.columns ?? [];
    if (cols.length === 0) out.push({ field: field.key, code: 'columns' });
    const keys = cols.map((c) => c.key);
    for (const c of cols) {
      if (keys.indexOf(c.key) !== keys.lastIndexOf(c.key)) out.push({ field: field.key, column: c.key, code: 'duplicateKey' });
      fieldProblems(c, out, field);
    }
  }
}

/** What is wrong with the model before it is sent to the server (which checks again). */
export function modelProblems(model: FormModel): ModelProblem[] {
  const out: ModelProblem[] = [];
  if (!FORM_ID.test(model.id)) out.push({ field: '', code: 'formId' });
  if (!model.title.trim()) out.push({ field: '', code: 'title' });
  const keys = model.fields.map((f) => f.key);
  for (const f of model.fields) {
    if (keys.indexOf(f.key) !== keys.lastIndexOf(f.key)) out.push({ field: f.key, code: 'duplicateKey' });
    fieldProblems(f, out);
  }
  // One entry per problem and place.
  const seen = new Set<string>();
  return out.filter((p) => {
    const id = `${p.field}/${p.column ?? ''}/${p.code}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

// ---- reading a definition back ---------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function readOptions(list: unknown): FieldOption[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: FieldOption[] = [];
  for (const o of list) {
    if (!isObj(o) || typeof o.const !== 'string') return undefined;
    out.push({ value: o.const, label: typeof o.title === 'string' ? o.title : o.const });
  }
  return out;
}

function readField(key: string, s: Obj, ui: Obj | undefined, required: boolean): FormField | undefined {
  const options = isObj(ui?.options) ? ui.options : {};
  const base = { key, label: typeof s.title === 'string' ? s.title : key, required } as FormField;
  if (typeof s.description === 'string') base.description = s.description;
  if (typeof options.placeholder === 'string') base.placeholder = options.placeholder;
  if (typeof s['x-prefill'] === 'string') base.prefill = s['x-prefill'];
  const type = s.type;
  let kind: FieldType | undefined;
  if (type === 'string') {
    if (s.format === 'date') kind = 'date';
    else if (s.format === 'id-card') kind = 'idNumber';
    else if (s.format === 'uscc') kind = 'uscc';
    else if (s.format === 'mobile-cn') kind = 'mobile';
    else if (Array.isArray(s.oneOf) || Array.isArray(s.enum)) {
      kind = options.format === 'radio' ? 'radio' : 'select';
      base.options = readOptions(s.oneOf) ?? (Array.isArray(s.enum) ? s.enum.map((v) => ({ value: String(v), label: String(v) })) : []);
    } else if (s.format === undefined) {
      kind = options.multi === true ? 'textarea' : 'text';
      if (typeof s.maxLength === 'number') base.maxLength = s.maxLength;
    }
  } else if (type === 'number' || type === 'integer') {
    kind = 'number';
    if (type === 'integer') base.integer = true;
    if (typeof s.minimum === 'number') base.minimum = s.minimum;
    if (typeof s.maximum === 'number') base.maximum = s.maximum;
  } else if (type === 'boolean') {
    kind = 'checkbox';
  } else if (type === 'object' && options.format === 'address') {
    kind = 'address';
  } else if (type === 'array' && isObj(s.items)) {
    const items = s.items;
    if (options.format === 'file') {
      kind = 'file';
      if (typeof options.material === 'string') base.material = options.material;
    } else if (items.type === 'string' && Array.isArray(items.oneOf)) {
      kind = 'checkbox';
      base.options = readOptions(items.oneOf) ?? [];
    } else if (items.type === 'object' && isObj(items.properties)) {
      kind = 'table';
      const detail = isObj(options.detail) && Array.isArray(options.detail.elements) ? (options.detail.elements as Obj[]) : [];
      const req = Array.isArray(items.required) ? (items.required as string[]) : [];
      const columns: FormField[] = [];
      for (const [ck, cs] of Object.entries(items.properties)) {
        if (!isObj(cs)) return undefined;
        const cui = detail.find((e) => e.scope === `#/properties/${ck}`);
        const col = readField(ck, cs, cui, req.includes(ck));
        if (!col) return undefined;
        columns.push(col);
      }
      base.columns = columns;
    }
  }
  if (!kind || !FIELD_TYPES.includes(kind)) return undefined;
  base.type = kind;
  return base;
}

/**
 * Reads a definition into the model (forms made by this designer, and simple flat ones made by
 * hand). Returns the key of the first property it cannot represent otherwise.
 */
export function fromFormDefinition(def: FormDefinition): { model: FormModel } | { unsupported: string } {
  const props = isObj(def.schema.properties) ? def.schema.properties : {};
  const required = Array.isArray(def.schema.required) ? (def.schema.required as string[]) : [];
  const controls = new Map<string, Obj>();
  const walk = (el: unknown): void => {
    if (!isObj(el)) return;
    if (el.type === 'Control' && typeof el.scope === 'string') controls.set(el.scope, el);
    if (Array.isArray(el.elements)) el.elements.forEach(walk);
  };
  walk(def.uiSchema);
  // Order: as the UI schema lists the controls, then any property it leaves out.
  const order = [...controls.keys()].map((s) => /^#\/properties\/([^/]+)$/.exec(s)?.[1]).filter((k): k is string => k !== undefined && k in props);
  for (const k of Object.keys(props)) if (!order.includes(k)) order.push(k);
  const fields: FormField[] = [];
  for (const key of order) {
    const s = props[key];
    if (!isObj(s)) return { unsupported: key };
    const f = readField(key, s, controls.get(`#/properties/${key}`), required.includes(key));
    if (!f) return { unsupported: key };
    fields.push(f);
  }
  return { model: { id: def.id, ...(def.version !== undefined ? { version: def.version } : {}), title: def.title, fields } };
}
