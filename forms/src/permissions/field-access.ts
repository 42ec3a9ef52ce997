import type { Locale } from '../types.js';

/** What a step may do with a field. */
export type FieldAccess = 'editable' | 'readonly' | 'hidden';

export const FIELD_ACCESS_VALUES: readonly FieldAccess[] = ['editable', 'readonly', 'hidden'];

/**
 * Per-step field permissions: step id (the BPMN user task or start event id) → field path →
 * access. Field paths are JSON pointers (`/applicant/name`, `/members/*\/idNumber`) or dotted
 * paths (`applicant.name`, `members[].idNumber`); `*` or `[]` stands for every array item; `/`
 * (or `''`) sets the step's default for the whole form. A permission applies to the field and
 * everything below it unless a deeper path overrides it.
 */
export type FieldPermissions = Record<string, Record<string, FieldAccess>>;

/** Step ids whose fields default to editable; every other step defaults to read-only. */
export const DEFAULT_APPLICANT_STEPS: readonly string[] = ['applicant'];

export interface PermissionOptions {
  /**
   * Steps where the applicant fills in the form (the start event and 补正 steps). Their fields
   * default to editable; fields of every other step default to read-only. Default: `['applicant']`.
   */
  applicantSteps?: readonly string[];
  /** Language of error messages; Chinese by default. */
  locale?: Locale;
}

/** The access a step's fields have when nothing more specific is configured. */
export function defaultAccessForStep(stepId: string, options: PermissionOptions = {}): FieldAccess {
  return (options.applicantSteps ?? DEFAULT_APPLICANT_STEPS).includes(stepId) ? 'editable' : 'readonly';
}

const STRICTNESS: Record<FieldAccess, number> = { editable: 0, readonly: 1, hidden: 2 };

/** The most restrictive of some accesses (hidden > readonly > editable). */
export function mostRestrictive(first: FieldAccess, ...others: FieldAccess[]): FieldAccess {
  return others.reduce((a, b) => (STRICTNESS[b] > STRICTNESS[a] ? b : a), first);
}
