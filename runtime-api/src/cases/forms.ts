/**
 * A case's form at a step, through the catalogue's form functions (catalog/forms-at-step.ts):
 * the form and field permissions of the item version the case pinned when it was submitted
 * (never a version published since), applied on the server — hidden fields stripped from what
 * a step sees and kept from before on completion; a read-only change refuses the completion
 * (422 FORM_FIELD_READONLY naming the field; invalid data 422 FORM_INVALID). The data lives in
 * the process variable `form`.
 */
import type { Knex } from 'knex';
import { acceptTaskForm, formForTask } from '../catalog/forms-at-step.js';

/** The step id applicants fill the form at (start); 补正 resubmissions use it too. */
export const APPLICANT_STEP = 'applicant';
export const FORM_VARIABLE = 'form';

/** What the applicant submits: their step's permissions, validated against the full schema. */
export function acceptApplication(knex: Knex, itemVersionId: string, submitted: unknown): Promise<Record<string, unknown>> {
  return acceptTaskForm(knex, { itemVersionId, formData: {} }, APPLICANT_STEP, submitted ?? {});
}

/** A step's completion: hidden fields kept from before, read-only changes refused. */
export function acceptStep(knex: Knex, itemVersionId: string, stepId: string, previous: Record<string, unknown>, submitted: unknown): Promise<Record<string, unknown>> {
  return acceptTaskForm(knex, { itemVersionId, formData: previous }, stepId, submitted);
}

/** What a step may see. */
export function stepView(knex: Knex, itemVersionId: string, stepId: string, data: Record<string, unknown>) {
  return formForTask(knex, { itemVersionId, formData: data }, stepId);
}
