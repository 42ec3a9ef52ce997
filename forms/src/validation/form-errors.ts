import type { ErrorObject } from 'ajv/dist/2020.js';
import { formatMessage, formatProblem } from '../formats/format-registry.js';
import { toPointer } from '../json-pointer.js';
import { isPlainObject } from '../schema-walk.js';
import type { FormError, Locale } from '../types.js';
import { localizeAjvErrors } from './localize-ajv-errors.js';

const REQUIRED_MESSAGE = { zh: '必填', en: 'required' } as const;
const EXTRA_PROPERTY_MESSAGE = {
  zh: (name: string) => `不允许有额外的属性“${name}”`,
  en: (name: string) => `must NOT have the additional property "${name}"`,
} as const;

/** Joins a field label and a message the way each language writes it. */
export function labelled(label: string | undefined, message: string, locale: Locale): string {
  if (label === undefined) return message;
  return locale === 'zh' ? `${label}：${message}` : `${label}: ${message}`;
}

/** The property a `required`/`dependentRequired` error is about, if any. */
function missingProperty(error: ErrorObject): string | undefined {
  const missing: unknown = error.params.missingProperty;
  return typeof missing === 'string' ? missing : undefined;
}

/** The `title` of the failing field: the keyword's own schema, or the missing property's. */
function fieldTitle(error: ErrorObject): string | undefined {
  const parent: unknown = error.parentSchema;
  if (!isPlainObject(parent)) return undefined;
  const missing = missingProperty(error);
  const schema = missing === undefined ? parent : (isPlainObject(parent.properties) ? parent.properties[missing] : undefined);
  const title = isPlainObject(schema) ? schema.title : undefined;
  return typeof title === 'string' && title !== '' ? title : undefined;
}

/** One error: where, which keyword, and a message with the field label in front. */
function toFormError(raw: ErrorObject, localized: ErrorObject, locale: Locale): FormError {
  const missing = missingProperty(raw);
  const extra: unknown = raw.params.additionalProperty;
  const path = raw.instancePath + (missing !== undefined ? toPointer([missing]) : typeof extra === 'string' ? toPointer([extra]) : '');
  const label = fieldTitle(raw);
  const params: Record<string, unknown> = { ...raw.params };
  let message = localized.message ?? raw.keyword;
  if (raw.keyword === 'format') {
    const format = String(raw.params.format);
    const reason = formatProblem(format, raw.data);
    if (reason !== undefined) params.reason = reason;
    message = formatMessage(format, reason, locale) ?? message;
  } else if (missing !== undefined && label !== undefined) {
    message = REQUIRED_MESSAGE[locale];
  } else if (typeof extra === 'string') {
    message = EXTRA_PROPERTY_MESSAGE[locale](extra);
  }
  return { path, keyword: raw.keyword, message: labelled(label, message, locale), ...(label === undefined ? {} : { label }), params };
}

/**
 * ajv's errors as form errors in `locale`. `if` errors are dropped when others exist: they only
 * say "must match then", and the `then` branch's own errors say what is wrong.
 */
export function toFormErrors(errors: readonly ErrorObject[], locale: Locale): FormError[] {
  const kept = errors.some((e) => e.keyword !== 'if') ? errors.filter((e) => e.keyword !== 'if') : [...errors];
  const localized = localizeAjvErrors(kept, locale);
  return kept.map((raw, i) => toFormError(raw, localized[i] ?? raw, locale));
}
