import { FormDefinitionError, compileForm } from '../validation/compiled-form-cache.js';
import { isPlainObject } from '../schema-walk.js';
import type { DefinitionProblem, FormDefinition } from '../types.js';
import { problem } from './problem.js';
import { schemaProblems } from './schema-problems.js';
import { uiSchemaProblems } from './ui-schema-problems.js';

/** Problems with id, version and title. */
function headerProblems(def: Record<string, unknown>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (typeof def.id !== 'string' || def.id.trim() === '') problems.push(problem('/id', 'id', '表单应有编号 id', 'The form needs an id'));
  if (def.version !== undefined && !(Number.isInteger(def.version) && (def.version as number) > 0)) {
    problems.push(problem('/version', 'version', '版本号应为正整数', 'The version must be a positive integer'));
  }
  if (typeof def.title !== 'string' || def.title.trim() === '') problems.push(problem('/title', 'title', '表单应有标题', 'The form needs a title'));
  return problems;
}

/**
 * Every problem in a form definition, each with a JSON pointer into the definition and a message
 * in Chinese and English: header fields, the JSON Schema (2020-12 meta-schema, unknown keywords
 * and formats, refs, prefill sources, then ajv strict-mode compilation) and the UI schema
 * (element types, controls pointing to missing properties). Empty means publishable.
 */
export function checkFormDefinition(def: unknown): DefinitionProblem[] {
  if (!isPlainObject(def)) return [problem('', 'definition', '表单定义应为对象', 'A form definition must be an object')];
  const problems = headerProblems(def);
  const schemaIssues = schemaProblems(def.schema);
  problems.push(...schemaIssues);
  if (schemaIssues.length === 0) {
    // A sound header: compile through the cache, so that validating next costs nothing.
    const id = problems.length === 0 ? (def.id as string) : '(check)';
    const version = problems.length === 0 ? (def.version as number | undefined) : undefined;
    try {
      compileForm({ ...(def as unknown as FormDefinition), id, version });
    } catch (e) {
      if (!(e instanceof FormDefinitionError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (isPlainObject(def.schema)) problems.push(...uiSchemaProblems(def.schema, def.uiSchema));
  else if (def.uiSchema === undefined) problems.push(problem('/uiSchema', 'ui-element', '缺少界面描述 uiSchema', 'The uiSchema is missing'));
  return problems;
}
