/**
 * A case's form at a step: the form and field permissions of the item version the case pinned
 * when it was submitted (never the version published since), applied by @tongban/forms. The
 * form data lives in the process variable `form`; the server — not the page — strips hidden
 * fields when it serves a step and refuses changes to read-only ones when a step completes.
 */
import { acceptSubmission, type FieldPermissions, type FormDefinition, type FormError, viewForStep } from '@tongban/forms';
import type { Knex } from 'knex';
import { getFormVersion, getVersionById } from '../catalog/store.js';
import { ApiError } from '../errors.js';

/** The step id applicants fill the form at (start); 补正 resubmissions use it too. */
export const APPLICANT_STEP = 'applicant';
export const FORM_VARIABLE = 'form';

export interface PinnedForm {
  readonly form: FormDefinition;
  readonly fieldPermissions: FieldPermissions;
}

export async function pinnedForm(knex: Knex, itemVersionId: string): Promise<PinnedForm> {
  const version = await getVersionById(knex, itemVersionId);
  const formRow = version?.formVersionId ? await getFormVersion(knex, version.formVersionId) : undefined;
  if (!version || !formRow) throw new ApiError(409, 'ITEM_VERSION_MISSING', `The item version ${itemVersionId} this case was submitted under is gone.`);
  return { form: { ...formRow.definition, version: formRow.version }, fieldPermissions: version.fieldPermissions };
}

const refused = (errors: readonly FormError[]) => new ApiError(422, 'FORM_REJECTED', 'The form data was refused.', { errors });

/** What the applicant submits: their step's permissions, validated against the full schema. */
export function acceptApplication(pinned: PinnedForm, submitted: unknown): Record<string, unknown> {
  const result = acceptSubmission(pinned.form, pinned.fieldPermissions, APPLICANT_STEP, {}, submitted ?? {});
  if (!result.ok) throw refused(result.errors);
  return result.data;
}

/** A step's completion: hidden fields kept from before, read-only changes refused. */
export function acceptStep(pinned: PinnedForm, stepId: string, previous: unknown, submitted: unknown): Record<string, unknown> {
  const result = acceptSubmission(pinned.form, pinned.fieldPermissions, stepId, previous ?? {}, submitted ?? previous ?? {});
  if (!result.ok) throw refused(result.errors);
  return result.data;
}

/** What a step may see. */
export function stepView(pinned: PinnedForm, stepId: string, data: unknown) {
  return viewForStep(pinned.form, pinned.fieldPermissions, stepId, data ?? {});
}
