import { problem } from '../definition/problem.js';
import { parseFieldPath, toPointer } from '../json-pointer.js';
import { fieldSchema } from '../schema-walk.js';
import type { DefinitionProblem, FormDefinition } from '../types.js';
import { FIELD_ACCESS_VALUES, type FieldAccess } from './field-access.js';

/**
 * Problems of a permission matrix against its form: unknown access values and paths that name
 * no field (a typo there would silently show a field meant to be hidden). Paths are
 * `/<stepId>/<field path>` with the field path escaped as one pointer segment.
 */
export function checkFieldPermissions(def: FormDefinition, perms: unknown): DefinitionProblem[] {
  if (typeof perms !== 'object' || perms === null || Array.isArray(perms)) {
    return [problem('', 'permissions', '字段权限应为对象：环节 → 字段 → 权限', 'Field permissions must be an object: step → field → access')];
  }
  const problems: DefinitionProblem[] = [];
  for (const [stepId, fields] of Object.entries(perms as Record<string, unknown>)) {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      problems.push(problem(toPointer([stepId]), 'permissions-step', `环节“${stepId}”的字段权限应为对象`, `Permissions of step "${stepId}" must be an object`));
      continue;
    }
    for (const [path, access] of Object.entries(fields as Record<string, unknown>)) {
      const at = toPointer([stepId, path]);
      if (!FIELD_ACCESS_VALUES.includes(access as FieldAccess)) {
        problems.push(problem(at, 'permission-value',
          `权限“${String(access)}”无效，应为 editable、readonly 或 hidden`,
          `Access "${String(access)}" is not valid; use editable, readonly or hidden`));
      }
      if (fieldSchema(def.schema, parseFieldPath(path)) === undefined) {
        problems.push(problem(at, 'permission-field', `字段“${path}”不存在`, `Field "${path}" does not exist`));
      }
    }
  }
  return problems;
}
