/**
 * Shared types of @tongban/forms: form definitions, UI schema (JSON Forms' shape),
 * localized messages and validation errors.
 */

/** Message languages. Chinese is the default everywhere (DESIGN §5). */
export type Locale = 'zh' | 'en';

/** The same text in both supported languages. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/**
 * A JSON Schema (draft 2020-12) object. Kept open on purpose: the schema comes from the form
 * designer and is checked against the 2020-12 meta-schema by `checkFormDefinition`.
 */
export interface JSONSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JSONSchema>;
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  items?: JSONSchema | boolean;
  format?: string;
  readOnly?: boolean;
  /** Where to prefill the value from: `profile.<path>` or `lastCase.<path>` (see prefill.ts). */
  'x-prefill'?: string;
  [keyword: string]: unknown;
}

/** A rule of JSON Forms (show/hide/enable/disable an element on a condition). */
export interface UIRule {
  effect: 'HIDE' | 'SHOW' | 'ENABLE' | 'DISABLE';
  condition: { scope?: string; schema?: JSONSchema; [key: string]: unknown };
}

/** Options of a UI element; `readonly` is JSON Forms' flag for a read-only control. */
export interface UIOptions {
  readonly?: boolean;
  [option: string]: unknown;
}

/** A control: one input bound to a schema location, e.g. `#/properties/applicant/properties/name`. */
export interface UIControl {
  type: 'Control';
  scope: string;
  label?: string | boolean;
  options?: UIOptions;
  rule?: UIRule;
}

/** A layout holding other elements, as JSON Forms defines them. */
export interface UILayout {
  type: 'VerticalLayout' | 'HorizontalLayout' | 'Group' | 'Categorization' | 'Category';
  label?: string;
  elements: UISchemaElement[];
  options?: UIOptions;
  rule?: UIRule;
}

/** A static text label. */
export interface UILabel {
  type: 'Label';
  text: string;
  options?: UIOptions;
  rule?: UIRule;
}

export type UISchemaElement = UIControl | UILayout | UILabel;
/** The root of a UI schema: any element, usually a VerticalLayout. */
export type UISchema = UISchemaElement;

/** A form as the designer saves it and a service-item version pins it (DESIGN §3). */
export interface FormDefinition {
  id: string;
  /**
   * Published form versions are immutable: the validator cache keys on id + version. Leave it
   * out for drafts; they are cached by a hash of their content instead.
   */
  version?: number;
  title: string;
  schema: JSONSchema;
  uiSchema: UISchema;
}

/** One validation error, located by a JSON pointer into the data. */
export interface FormError {
  /** JSON pointer into the data, e.g. `/applicant/idNumber` or `/members/0/mobile`. */
  path: string;
  /** The JSON Schema keyword that failed (`required`, `format`, …) or `readOnly` for permissions. */
  keyword: string;
  /** Ready to show: the field label, then what is wrong, e.g. `身份证号：校验位不正确`. */
  message: string;
  /** The field's `title` from the schema, when it has one. */
  label?: string;
  /** Keyword parameters from ajv (e.g. `{ format: 'id-card', reason: 'checkDigit' }`). */
  params?: Record<string, unknown>;
}

/** Result of validating data or accepting a submission. */
export type ValidationResult<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; errors: FormError[] };

/** A problem in a form definition itself, found before it can be published. */
export interface DefinitionProblem {
  /** JSON pointer into the definition, e.g. `/schema/properties/age/type` or `/uiSchema/elements/2/scope`. */
  path: string;
  /** Stable machine code, e.g. `unknown-format`, `control-scope-missing`. */
  code: string;
  message: LocalizedText;
}
