/**
 * @tongban/forms — form definitions (JSON Schema 2020-12 + JSON Forms UI schema), ajv validation
 * with Chinese messages, formats with real check digits, per-step field permissions enforced on
 * the server, and prefill. Pure: no HTTP, no database.
 */
export type {
  DefinitionProblem, FormDefinition, FormError, JSONSchema, Locale, LocalizedText, UIControl, UILabel,
  UILayout, UIOptions, UIRule, UISchema, UISchemaElement, ValidationResult,
} from './types.js';

export { checkFormDefinition } from './definition/check-form-definition.js';
export { validateForm, formErrors, type ValidateOptions } from './validation/validate-form.js';
export {
  compileForm, clearFormCache, formCacheKey, formCacheSize, onFormCompiled, FormDefinitionError,
  FORM_CACHE_LIMIT, type CompiledForm, type CompileListener,
} from './validation/compiled-form-cache.js';

export { KNOWN_FORMATS, formatProblem } from './formats/format-registry.js';
export { explainIdCard, isIdCard, idCardCheckChar, type IdCardProblem } from './formats/id-card.js';
export { explainUscc, isUscc, usccCheckChar, USCC_CHARSET, type UsccProblem } from './formats/uscc.js';
export { explainMobileCn, isMobileCn, type MobileProblem } from './formats/mobile-cn.js';
export { explainRegionCode, isRegionCode, type RegionCodeProblem } from './formats/region-code.js';

export {
  DEFAULT_APPLICANT_STEPS, defaultAccessForStep, type FieldAccess, type FieldPermissions, type PermissionOptions,
} from './permissions/field-access.js';
export { viewForStep, type StepView } from './permissions/view-for-step.js';
export { acceptSubmission } from './permissions/accept-submission.js';
export { checkFieldPermissions } from './permissions/check-field-permissions.js';

export { prefill, type PrefillMapping, type PrefillResult, type PrefillSources } from './prefill.js';
export { PREFILL_KEYWORD } from './prefill-source.js';
