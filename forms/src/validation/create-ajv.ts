import { Ajv2020 } from 'ajv/dist/2020.js';
import { addFormFormats } from '../formats/format-registry.js';
import { PREFILL_KEYWORD, PREFILL_SOURCE_PATTERN } from '../prefill-source.js';

/**
 * A fresh ajv for one form: JSON Schema draft 2020-12, every error reported (`allErrors`),
 * strict mode on (unknown keywords, formats and ill-typed schemas are refused), `verbose` so
 * errors carry their schema (for field labels) and our formats and prefill keyword registered.
 * Each compiled form gets its own instance so that equal `$id`s in two versions never collide.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true });
  addFormFormats(ajv);
  // Annotation only: read by prefill(); ajv checks its value and ignores it when validating.
  ajv.addKeyword({ keyword: PREFILL_KEYWORD, schemaType: 'string', metaSchema: { type: 'string', pattern: PREFILL_SOURCE_PATTERN } });
  return ajv;
}
