import type { ErrorObject } from 'ajv/dist/2020.js';
import localizeEnModule from 'ajv-i18n/localize/en/index.js';
import localizeZhModule from 'ajv-i18n/localize/zh/index.js';
import type { Locale } from '../types.js';

type Localize = (errors?: ErrorObject[] | null) => void;

// ajv-i18n's localizers are CommonJS (`module.exports = function`); Node's ESM default import
// is that function, while its .d.ts describes an `exports.default`, so TypeScript needs the cast.
const LOCALIZERS: Record<Locale, Localize> = {
  zh: localizeZhModule as unknown as Localize,
  en: localizeEnModule as unknown as Localize,
};

/** Copies of ajv's errors with messages in `locale` (ajv-i18n rewrites `message` in place). */
export function localizeAjvErrors(errors: readonly ErrorObject[], locale: Locale): ErrorObject[] {
  const copies = errors.map((e) => ({ ...e }));
  LOCALIZERS[locale](copies);
  return copies;
}
