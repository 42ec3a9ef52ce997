/**
 * A small interpreting JSON Schema validator for the browser, covering the keywords the form
 * builder writes (type, required, properties, items, minLength, maxLength, minimum, maximum,
 * minItems, maxItems, uniqueItems, enum, const, oneOf of consts, format). Why not ajv in the
 * page: ajv compiles schemas to JavaScript with `new Function`, which the server's Content
 * Security Policy (no 'unsafe-eval') rightly forbids. The server validates with ajv
 * (@tongban/forms) and decides; this only gives early feedback, in ajv's error shape so JSON
 * Forms places the messages at the fields. Unknown keywords are ignored.
 */
import { CLIENT_FORMATS } from './formats.js';

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
  parentSchema: Record<string, unknown>;
  data: unknown;
}

type Schema = Record<string, unknown>;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(expected: unknown, v: unknown): boolean {
  const list = Array.isArray(expected) ? expected : [expected];
  const actual = typeOf(v);
  return list.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function formatOk(format: string, v: string): boolean {
  if (format === 'date') {
    const m = DATE.exec(v);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
  }
  const check = CLIENT_FORMATS[format];
  return check ? check(v) : true;
}

const pointer = (base: string, key: string | number) => `${base}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

export function validateData(schema: Schema, data: unknown, path = '', schemaPath = '#', out: SchemaError[] = []): SchemaError[] {
  const fail = (keyword: string, params: Record<string, unknown>, message: string, at = path) =>
    out.push({ instancePath: at, schemaPath: `${schemaPath}/${keyword}`, keyword, params, message, parentSchema: schema, data });
  if (schema.type !== undefined && !typeMatches(schema.type, data)) {
    fail('type', { type: schema.type }, `must be ${String(schema.type)}`);
    return out;
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(data)) fail('const', { allowedValue: schema.const }, 'must be equal to constant');
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(data))) fail('enum', { allowedValues: schema.enum }, 'must be equal to one of the allowed values');
  if (Array.isArray(schema.oneOf)) {
    const matches = schema.oneOf.filter((s) => isObj(s) && validateData(s, data, path, schemaPath).length === 0).length;
    if (matches !== 1) fail('oneOf', { passingSchemas: null }, 'must match exactly one schema in oneOf');
  }
  if (typeof data === 'string') {
    const length = [...data].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) fail('minLength', { limit: schema.minLength }, `must NOT have fewer than ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail('maxLength', { limit: schema.maxLength }, `must NOT have more than ${schema.maxLength} characters`);
    if (typeof schema.format === 'string' && !formatOk(schema.format, data)) fail('format', { format: schema.format }, `must match format "${schema.format}"`);
  }
  if (typeof data === 'number') {
    if (typeof schema.minimum === 'number' && data < schema.minimum) fail('minimum', { comparison: '>=', limit: schema.minimum }, `must be >= ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && data > schema.maximum) fail('maximum', { comparison: '<=', limit: schema.maximum }, `must be <= ${schema.maximum}`);
  }
  if (Array.isArray(data)) {
    if (typeof schema.minItems === 'number' && data.length < schema.minItems) fail('minItems', { limit: schema.minItems }, `must NOT have fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && data.length > schema.maxItems) fail('maxItems', { limit: schema.maxItems }, `must NOT have more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true && new Set(data.map((d) => JSON.stringify(d))).size !== data.length) fail('uniqueItems', {}, 'must NOT have duplicate items');
    if (isObj(schema.items)) data.forEach((item, i) => validateData(schema.items as Schema, item, pointer(path, i), `${schemaPath}/items`, out));
  }
  if (isObj(data)) {
    for (const key of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (data[key] === undefined) fail('required', { missingProperty: key }, `must have required property '${key}'`);
    }
    if (isObj(schema.properties)) {
      for (const [key, sub] of Object.entries(schema.properties)) {
        if (data[key] !== undefined && isObj(sub)) validateData(sub, data[key], pointer(path, key), `${schemaPath}/properties/${key}`, out);
      }
    }
  }
  return out;
}

/** What JSON Forms needs of "ajv": compile() returning a validate function with `.errors`, and validate(). */
export interface ValidatorLike {
  compile(schema: Schema): ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
  validate(schema: Schema, data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export function createValidator(): ValidatorLike {
  const v: ValidatorLike = {
    compile(schema) {
      const fn = ((data: unknown) => {
        const errors = validateData(schema, data);
        fn.errors = errors.length ? errors : null;
        return errors.length === 0;
      }) as ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
      return fn;
    },
    validate(schema, data) {
      const errors = validateData(schema, data);
      v.errors = errors.length ? errors : null;
      return errors.length === 0;
    },
  };
  return v;
}
