import { scopeToFieldPath } from '../json-pointer.js';
import { fieldSchema, isPlainObject } from '../schema-walk.js';
import type { DefinitionProblem, JSONSchema } from '../types.js';
import { problem } from './problem.js';

const LAYOUTS = new Set(['VerticalLayout', 'HorizontalLayout', 'Group', 'Categorization', 'Category']);

/** Checks that a scope names an existing field; `base` is the data path the scope is relative to. */
function scopeProblems(root: JSONSchema, scope: unknown, base: string[], path: string): DefinitionProblem[] {
  if (typeof scope !== 'string') {
    return [problem(path, 'control-scope', '控件缺少 scope（如 #/properties/name）', 'A control needs a scope (e.g. #/properties/name)')];
  }
  const segments = scopeToFieldPath(scope);
  if (segments === undefined) {
    return [problem(path, 'control-scope', `scope“${scope}”应写作 #/properties/字段`, `Scope "${scope}" must read #/properties/<field>`)];
  }
  if (fieldSchema(root, [...base, ...segments]) === undefined) {
    return [problem(path, 'control-scope-missing', `控件指向的字段不存在：${scope}`, `The control points to a property that does not exist: ${scope}`)];
  }
  return [];
}

/** Problems of one UI element and everything under it. */
function elementProblems(root: JSONSchema, element: unknown, base: string[], path: string): DefinitionProblem[] {
  if (!isPlainObject(element)) return [problem(path, 'ui-element', '界面元素应为对象', 'A UI element must be an object')];
  const problems: DefinitionProblem[] = [];
  const rule = element.rule;
  if (isPlainObject(rule) && isPlainObject(rule.condition) && rule.condition.scope !== undefined && rule.condition.scope !== '#') {
    problems.push(...scopeProblems(root, rule.condition.scope, base, `${path}/rule/condition/scope`));
  }
  const type = element.type;
  if (type === 'Control') {
    const scopeIssues = scopeProblems(root, element.scope, base, `${path}/scope`);
    problems.push(...scopeIssues);
    const detail = isPlainObject(element.options) ? element.options.detail : undefined;
    const segments = typeof element.scope === 'string' ? scopeToFieldPath(element.scope) : undefined;
    if (isPlainObject(detail) && scopeIssues.length === 0 && segments !== undefined) {
      problems.push(...elementProblems(root, detail, [...base, ...segments, '*'], `${path}/options/detail`));
    }
  } else if (typeof type === 'string' && LAYOUTS.has(type)) {
    if (!Array.isArray(element.elements)) {
      problems.push(problem(`${path}/elements`, 'ui-layout-elements', '布局应有 elements 数组', 'A layout needs an elements array'));
    } else {
      element.elements.forEach((child, i) => problems.push(...elementProblems(root, child, base, `${path}/elements/${i}`)));
    }
  } else if (type === 'Label') {
    if (typeof element.text !== 'string') problems.push(problem(`${path}/text`, 'ui-label-text', '标签应有文字 text', 'A label needs its text'));
  } else {
    problems.push(problem(`${path}/type`, 'ui-element-type',
      `未知的界面元素类型“${String(type)}”`, `Unknown UI element type "${String(type)}"`));
  }
  return problems;
}

/**
 * Problems of a UI schema (JSON Forms' shape) against its JSON Schema: unknown element types,
 * layouts without elements, controls (and rule conditions) whose scope points to no property.
 * Array detail layouts (`options.detail`) are checked relative to the array's items.
 */
export function uiSchemaProblems(schema: JSONSchema, uiSchema: unknown, basePath = '/uiSchema'): DefinitionProblem[] {
  return elementProblems(schema, uiSchema, [], basePath);
}
