import type { FormDefinition, FormError, Locale, ValidationResult } from '../types.js';
import { compileForm } from './compiled-form-cache.js';
import { toFormErrors } from './form-errors.js';

export interface ValidateOptions {
  /** Language of the messages; Chinese unless told otherwise. */
  locale?: Locale;
}

/** Schema errors of `data` against the form (empty when valid). The compiled validator is cached. */
export function formErrors(def: FormDefinition, data: unknown, options: ValidateOptions = {}): FormError[] {
  const { validate } = compileForm(def);
  if (validate(data)) return [];
  return toFormErrors(validate.errors ?? [], options.locale ?? 'zh');
}

/**
 * Validates `data` against the form's JSON Schema with ajv (all errors, strict), messages in
 * Chinese (or English). Throws FormDefinitionError if the form itself cannot be compiled.
 */
export function validateForm<T = unknown>(def: FormDefinition, data: T, options: ValidateOptions = {}): ValidationResult<T> {
  const errors = formErrors(def, data, options);
  return errors.length === 0 ? { ok: true, data } : { ok: false, errors };
}
