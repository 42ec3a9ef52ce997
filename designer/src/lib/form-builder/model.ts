/**
 * The form designer's model: a flat list of fields (a table holds its own columns), from which
 * the JSON Schema (2020-12) and the JSON Forms UI schema are generated (`schema.ts`). Pure data,
 * no Vue: unit-tested under Node, and the output is checked with @tongban/forms'
 * `checkFormDefinition` in the tests.
 */

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'idNumber',
  'uscc',
  'mobile',
  'address',
  'file',
  'table',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Field types a table column may have (no nested tables, files or addresses). */
export const COLUMN_TYPES: readonly FieldType[] = ['text', 'number', 'date', 'select', 'radio', 'idNumber', 'uscc', 'mobile'];

export interface FieldOption {
  value: string;
  label: string;
}

export interface FormField {
  /** Property name in the data (and the last segment of its JSON pointer). */
  key: string;
  type: FieldType;
  label: string;
  required: boolean;
  description?: string;
  placeholder?: string;
  /** select, radio, checkbox (checkbox without options is a single yes/no box). */
  options?: FieldOption[];
  /** number: whole numbers only. */
  integer?: boolean;
  minimum?: number;
  maximum?: number;
  /** text, textarea. */
  maxLength?: number;
  /** file: the catalogue material this upload provides (材料编码). */
  material?: string;
  /** table: the columns of each row. */
  columns?: FormField[];
  /** Prefill source, e.g. `profile.name` (written as `x-prefill`). */
  prefill?: string;
}

export interface FormModel {
  id: string;
  version?: number;
  title: string;
  fields: FormField[];
}

/** Field keys become JSON property names and pointer segments: keep them simple. */
export const FIELD_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function isFieldKey(key: string): boolean {
  return FIELD_KEY.test(key);
}

/** A new key not used by `taken`: `<prefix>1`, `<prefix>2`, … */
export function freshKey(taken: Iterable<string>, prefix = 'field'): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/** Default key prefix and label per type (labels are filled from i18n by the page). */
const KEY_PREFIX: Record<FieldType, string> = {
  text: 'text',
  textarea: 'note',
  number: 'number',
  date: 'date',
  select: 'choice',
  radio: 'option',
  checkbox: 'check',
  idNumber: 'idNumber',
  uscc: 'uscc',
  mobile: 'mobile',
  address: 'address',
  file: 'file',
  table: 'rows',
};

/** A field of `type` with sensible defaults and a key unique among `siblings`. */
export function createField(type: FieldType, label: string, siblings: readonly FormField[]): FormField {
  const field: FormField = { key: freshKey(siblings.map((f) => f.key), KEY_PREFIX[type]), type, label, required: false };
  if (type === 'select' || type === 'radio' || type === 'checkbox') {
    field.options = [
      { value: 'A', label: '选项一' },
      { value: 'B', label: '选项二' },
    ];
  }
  if (type === 'table') field.columns = [{ key: 'name', type: 'text', label: '姓名', required: true }];
  return field;
}

/** Moves the field at `from` to index `to` (as a drop before the item now at `to`). */
export function moveField<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (from < 0 || from >= next.length) return next;
  const [item] = next.splice(from, 1);
  const target = Math.max(0, Math.min(next.length, from < to ? to - 1 : to));
  next.splice(target, 0, item!);
  return next;
}

/** The JSON pointer of a top-level field, or of a column of a table (`/rows/*\/name`). */
export function fieldPath(field: FormField, column?: FormField): string {
  return column ? `/${field.key}/*/${column.key}` : `/${field.key}`;
}
