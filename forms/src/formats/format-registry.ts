import type { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { Locale } from '../types.js';
import { FORMAT_PROBLEM_MESSAGES, STANDARD_FORMAT_MESSAGES } from './format-messages.js';
import { explainIdCard } from './id-card.js';
import { explainMobileCn } from './mobile-cn.js';
import { explainRegionCode } from './region-code.js';
import { explainUscc } from './uscc.js';

/** A custom format: a function that names what is wrong, or returns null when the value is fine. */
type Explain = (value: string) => string | null;

const CUSTOM_FORMATS: Readonly<Record<string, Explain>> = {
  'id-card': (value) => explainIdCard(value),
  uscc: explainUscc,
  'mobile-cn': explainMobileCn,
  'region-code': explainRegionCode,
};

/** Standard formats taken from ajv-formats (full mode: real calendar dates, RFC 3339 times). */
const STANDARD_FORMATS = ['date', 'date-time', 'email', 'uri'] as const;

/** Every format a form schema may use; anything else is reported by `checkFormDefinition`. */
export const KNOWN_FORMATS: readonly string[] = [...Object.keys(CUSTOM_FORMATS), ...STANDARD_FORMATS];

/**
 * Registers our formats on an ajv instance. ajv-formats' format definitions are added one by one
 * instead of through its plugin: the plugin also adds code-generating keywords (formatMinimum, …)
 * that break when its own copy of ajv differs from ours, and forms do not need them.
 */
export function addFormFormats(ajv: Ajv2020): void {
  for (const [name, explain] of Object.entries(CUSTOM_FORMATS)) {
    ajv.addFormat(name, { type: 'string', validate: (value: string) => explain(value) === null });
  }
  for (const name of STANDARD_FORMATS) ajv.addFormat(name, fullFormats[name]);
}

/** Why `value` fails `format`, as a reason code (`checkDigit`, …), or undefined for standard formats. */
export function formatProblem(format: string, value: unknown): string | undefined {
  const explain = CUSTOM_FORMATS[format];
  if (explain === undefined || typeof value !== 'string') return undefined;
  return explain(value) ?? undefined;
}

/** The message for a format failure, or undefined to fall back to ajv-i18n's generic one. */
export function formatMessage(format: string, reason: string | undefined, locale: Locale): string | undefined {
  const specific = reason === undefined ? undefined : FORMAT_PROBLEM_MESSAGES[format]?.[reason];
  return (specific ?? STANDARD_FORMAT_MESSAGES[format])?.[locale];
}
