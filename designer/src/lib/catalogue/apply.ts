/**
 * 网上申请: the application form as the applicant fills it, and the applicant block of the
 * request. Fields hidden at the applicant step (`fieldPermissions.applicant`) are left out of
 * the schema and the UI schema; the server strips them again and decides.
 */
import type { Applicant } from '../../api/types.js';

/** The step id the server applies to what applicants submit. */
export const APPLICANT_STEP = 'applicant';

type Json = Record<string, unknown>;

const scopeOf = (pointer: string): string => `#${pointer.split('/').map((p, i) => (i === 0 ? '' : `/properties/${p}`)).join('')}`;

function withoutPath(schema: Json, parts: string[]): Json {
  const props = schema.properties as Record<string, Json> | undefined;
  const [head, ...rest] = parts;
  if (!props || head === undefined || !(head in props)) return schema;
  const next = { ...props };
  if (rest.length) next[head] = withoutPath(props[head]!, rest);
  else delete next[head];
  const required = Array.isArray(schema.required) && !rest.length ? (schema.required as string[]).filter((r) => r !== head) : schema.required;
  return { ...schema, properties: next, ...(required !== undefined ? { required } : {}) };
}

function withoutScopes(element: Json, hidden: ReadonlySet<string>): Json | undefined {
  if (typeof element.scope === 'string' && [...hidden].some((s) => element.scope === s || (element.scope as string).startsWith(`${s}/`))) return undefined;
  if (!Array.isArray(element.elements)) return element;
  const elements = (element.elements as Json[]).map((e) => withoutScopes(e, hidden)).filter((e): e is Json => e !== undefined);
  return elements.length || element.type === 'VerticalLayout' ? { ...element, elements } : undefined;
}

/** The form without the fields hidden from applicants. */
export function applicantForm(form: { schema: Json; uiSchema?: Json }, permissions: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined): { schema: Json; uiSchema?: Json } {
  const hidden = Object.entries(permissions?.[APPLICANT_STEP] ?? {}).filter(([, access]) => access === 'hidden').map(([pointer]) => pointer);
  const schema = hidden.reduce((s, pointer) => withoutPath(s, pointer.split('/').slice(1)), form.schema);
  const uiSchema = form.uiSchema && withoutScopes(form.uiSchema, new Set(hidden.map(scopeOf)));
  return { schema, ...(uiSchema ? { uiSchema } : {}) };
}

export interface ApplicantInput {
  type: Applicant['type'];
  name: string;
  idNumber: string;
  uscc: string;
  legalRepresentative: string;
  phone: string;
  agentName: string;
  agentIdNumber: string;
}

/** The request's applicant: only what applies to its type, the agent when named. */
export function applicantOf(input: ApplicantInput): Applicant {
  const text = (v: string) => v.trim() || undefined;
  const agentName = text(input.agentName);
  return {
    type: input.type,
    name: input.name.trim(),
    ...(input.type === 'naturalPerson' ? { idNumber: text(input.idNumber) } : { uscc: text(input.uscc), legalRepresentative: text(input.legalRepresentative) }),
    ...(text(input.phone) ? { phone: text(input.phone) } : {}),
    ...(agentName ? { agent: { name: agentName, idNumber: input.agentIdNumber.trim() } } : {}),
  };
}
