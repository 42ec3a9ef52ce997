import { Ajv2020 } from 'ajv/dist/2020.js';
import { KNOWN_FORMATS } from '../formats/format-registry.js';
import { toPointer } from '../json-pointer.js';
import { PREFILL_KEYWORD, parsePrefillSource } from '../prefill-source.js';
import { getAtPointer, isPlainObject } from '../schema-walk.js';
import type { DefinitionProblem, JSONSchema } from '../types.js';
import { localizeAjvErrors } from '../validation/localize-ajv-errors.js';
import { problem } from './problem.js';

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/** Keywords of the 2020-12 vocabularies (core, applicator, unevaluated, validation, meta-data, format, content) and ours. */
const KNOWN_KEYWORDS = new Set([
  '$schema', '$id', '$ref', '$anchor', '$dynamicRef', '$dynamicAnchor', '$vocabulary', '$comment', '$defs',
  'prefixItems', 'items', 'contains', 'additionalProperties', 'properties', 'patternProperties',
  'dependentSchemas', 'propertyNames', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not',
  'unevaluatedItems', 'unevaluatedProperties',
  'type', 'const', 'enum', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains',
  'maxProperties', 'minProperties', 'required', 'dependentRequired',
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples',
  'format', 'contentEncoding', 'contentMediaType', 'contentSchema',
  PREFILL_KEYWORD,
]);
const SCHEMA_MAPS = ['$defs', 'properties', 'patternProperties', 'dependentSchemas'];
const SCHEMA_LISTS = ['prefixItems', 'allOf', 'anyOf', 'oneOf'];
const SINGLE_SCHEMAS = [
  'items', 'contains', 'additionalProperties', 'propertyNames', 'if', 'then', 'else', 'not',
  'unevaluatedItems', 'unevaluatedProperties', 'contentSchema',
];

// Only used for validateSchema (meta-schema checks); never compiles form schemas.
const metaAjv = new Ajv2020({ strict: true, allErrors: true });

/** The schema against the 2020-12 meta-schema; paths are prefixed with `basePath`. */
function metaSchemaProblems(schema: JSONSchema, basePath: string): DefinitionProblem[] {
  if (schema.$schema !== undefined && schema.$schema !== DRAFT_2020_12) {
    return [problem(`${basePath}/$schema`, 'schema-dialect',
      `只支持 JSON Schema 2020-12（${DRAFT_2020_12}）`,
      `Only JSON Schema 2020-12 (${DRAFT_2020_12}) is supported`)];
  }
  if (metaAjv.validateSchema(schema) === true) return [];
  const errors = metaAjv.errors ?? [];
  const zh = localizeAjvErrors(errors, 'zh');
  const en = localizeAjvErrors(errors, 'en');
  return errors.map((e, i) => problem(basePath + e.instancePath, 'schema-invalid',
    `不符合 JSON Schema 2020-12：${zh[i]?.message ?? ''}`,
    `Not valid JSON Schema 2020-12: ${en[i]?.message ?? ''}`));
}

/** Unknown keywords and formats, broken local refs and bad prefill sources, walking every subschema. */
function walkProblems(root: JSONSchema, basePath: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const visit = (node: unknown, at: string[], viaProperties: boolean): void => {
    if (!isPlainObject(node)) return;
    const here = basePath + toPointer(at);
    for (const keyword of Object.keys(node)) {
      if (!KNOWN_KEYWORDS.has(keyword)) {
        problems.push(problem(`${here}/${keyword}`, 'unknown-keyword',
          `未知的关键字“${keyword}”`, `Unknown keyword "${keyword}"`));
      }
    }
    if (typeof node.format === 'string' && !KNOWN_FORMATS.includes(node.format)) {
      problems.push(problem(`${here}/format`, 'unknown-format',
        `未知的格式“${node.format}”，可用：${KNOWN_FORMATS.join('、')}`,
        `Unknown format "${node.format}"; known: ${KNOWN_FORMATS.join(', ')}`));
    }
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#') && getAtPointer(root, node.$ref.slice(1)) === undefined) {
      problems.push(problem(`${here}/$ref`, 'ref-unresolved',
        `引用“${node.$ref}”指向的位置不存在`, `Reference "${node.$ref}" points nowhere`));
    }
    const prefill = node[PREFILL_KEYWORD];
    if (prefill !== undefined) {
      if (typeof prefill !== 'string' || parsePrefillSource(prefill) === undefined) {
        problems.push(problem(`${here}/${PREFILL_KEYWORD}`, 'prefill-source',
          '预填来源应写作 profile.字段 或 lastCase.字段', 'A prefill source must read profile.<field> or lastCase.<field>'));
      } else if (!viaProperties) {
        problems.push(problem(`${here}/${PREFILL_KEYWORD}`, 'prefill-location',
          '只有经由 properties 到达的字段可以预填（数组元素内不支持）',
          'Only fields reached through properties can be prefilled (not inside array items)'));
      }
    }
    for (const key of SCHEMA_MAPS) {
      const map = node[key];
      if (!isPlainObject(map)) continue;
      for (const [name, sub] of Object.entries(map)) visit(sub, [...at, key, name], viaProperties && key === 'properties');
    }
    for (const key of SCHEMA_LISTS) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((sub, i) => visit(sub, [...at, key, String(i)], false));
    }
    for (const key of SINGLE_SCHEMAS) visit(node[key], [...at, key], false);
  };
  visit(root, [], true);
  return problems;
}

/**
 * Every problem in a form's JSON Schema that can be found without compiling it: not an object,
 * root not `type: "object"`, not valid against the 2020-12 meta-schema, unknown keywords or
 * formats, unresolved local refs, malformed prefill sources. Compiling (strict mode) may still
 * find more, e.g. `required` naming an undeclared property.
 */
export function schemaProblems(schema: unknown, basePath = '/schema'): DefinitionProblem[] {
  if (!isPlainObject(schema)) {
    return [problem(basePath, 'schema-not-object', 'JSON Schema 应为对象', 'The JSON Schema must be an object')];
  }
  const meta = metaSchemaProblems(schema, basePath);
  if (meta.length > 0) return meta;
  const problems = walkProblems(schema, basePath);
  if (schema.type !== 'object') {
    problems.unshift(problem(`${basePath}/type`, 'schema-root-type',
      '表单的根应为 "type": "object"', 'The root of a form schema must be "type": "object"'));
  }
  return problems;
}
