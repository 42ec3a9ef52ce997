/**
 * A case's form at one step of its process, for the cases routes: served under the step's field
 * permissions (`viewForStep`: hidden fields gone from schema, UI and data; read-only marked) and
 * accepted through `acceptSubmission` (hidden fields kept from before whatever the page sent,
 * read-only changes refused with 422 naming the field). The form and permissions are those of
 * the item version the case pinned, never a later publication. Prefill fills the applicant's
 * form from their profile and earlier cases (`x-prefill` in the schema).
 */
import type { Knex } from 'knex';
import {
  acceptSubmission, type FieldPermissions, type FormDefinition, type FormError, prefill, type PrefillResult, type PrefillSources,
  type StepView, viewForStep,
} from '@tongban/forms';
import { ApiError } from '../errors.js';
import { getFormVersion, getVersionById } from './store.js';

/** What these functions need of a case: the item version it pinned and its form data. */
export interface CaseLike {
  readonly itemVersionId: string;
  readonly formData?: Record<string, unknown> | null;
}

export interface StepFormOptions {
  /**
   * Steps where the applicant fills in the form (start event, 补正 step): their fields default
   * to editable; every other step's fields default to read-only. Default `['applicant']`.
   */
  readonly applicantSteps?: readonly string[];
}

interface Pinned {
  readonly formVersionId: string;
  readonly form: FormDefinition;
  readonly fieldPermissions: FieldPermissions;
}

/** Pinned versions never change once submitted: cache them (bounded). */
const pinnedCache = new Map<string, Pinned>();
const CACHE_LIMIT = 500;

async function pinnedOf(db: Knex | Knex.Transaction, itemVersionId: string): Promise<Pinned> {
  const hit = pinnedCache.get(itemVersionId);
  if (hit) return hit;
  const version = await getVersionById(db, itemVersionId);
  const form = version?.formVersionId ? await getFormVersion(db, version.formVersionId) : undefined;
  if (!version || !form) throw new ApiError(409, 'ITEM_VERSION_NOT_PINNED', `事项版本 ${itemVersionId} 不存在或尚未固定表单。`, { itemVersionId });
  const pinned: Pinned = { formVersionId: form.id, form: { ...form.definition, version: form.version }, fieldPermissions: version.fieldPermissions };
  // Only versions past review are immutable; drafts are not cached.
  if (version.status !== 'draft') {
    pinnedCache.set(itemVersionId, pinned);
    if (pinnedCache.size > CACHE_LIMIT) pinnedCache.delete(pinnedCache.keys().next().value!);
  }
  return pinned;
}

export interface TaskForm extends StepView {
  readonly formVersionId: string;
  readonly formId: string;
  readonly formVersion: number;
  readonly title: string;
}

/** The form as the step `taskElementId` may see it: schema, UI schema and data, hidden fields removed. */
export async function formForTask(db: Knex | Knex.Transaction, caseLike: CaseLike, taskElementId: string, options: StepFormOptions = {}): Promise<TaskForm> {
  const pinned = await pinnedOf(db, caseLike.itemVersionId);
  const view = viewForStep(pinned.form, pinned.fieldPermissions, taskElementId, caseLike.formData ?? {}, options.applicantSteps ? { applicantSteps: options.applicantSteps } : {});
  return { ...view, formVersionId: pinned.formVersionId, formId: pinned.form.id, formVersion: pinned.form.version!, title: pinned.form.title };
}

/** 422 naming the first refused field, with every error in `details.errors`. */
export function formRefused(errors: readonly FormError[]): ApiError {
  const readOnly = errors.find((e) => e.keyword === 'readOnly');
  const first = readOnly ?? errors[0];
  return new ApiError(422, readOnly ? 'FORM_FIELD_READONLY' : 'FORM_INVALID', first ? first.message : '表单数据不正确。', { errors, ...(first ? { field: first.path } : {}) });
}

/**
 * The form data after the step's completion: built from the case's data and what was
 * submitted under the step's permissions, validated against the full schema. Throws 422
 * (`FORM_FIELD_READONLY` naming the field, or `FORM_INVALID`) when refused.
 */
export async function acceptTaskForm(
  db: Knex | Knex.Transaction,
  caseLike: CaseLike,
  taskElementId: string,
  submitted: unknown,
  options: StepFormOptions = {},
): Promise<Record<string, unknown>> {
  const pinned = await pinnedOf(db, caseLike.itemVersionId);
  const previous = caseLike.formData ?? {};
  const result = acceptSubmission(pinned.form, pinned.fieldPermissions, taskElementId, previous, submitted ?? previous, options.applicantSteps ? { applicantSteps: options.applicantSteps } : {});
  if (!result.ok) throw formRefused(result.errors);
  return result.data as Record<string, unknown>;
}

/** The applicant's form filled from their profile and earlier cases (newest first). */
export async function prefillForItemVersion(db: Knex | Knex.Transaction, itemVersionId: string, sources: PrefillSources, current?: Record<string, unknown>): Promise<PrefillResult> {
  const pinned = await pinnedOf(db, itemVersionId);
  return prefill(pinned.form, sources, undefined, current);
}
