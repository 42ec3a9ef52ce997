/**
 * Checks one version's `ItemData`: the JSON Schema (ajv via @tongban/forms, Chinese messages),
 * then what a schema cannot say. Every problem at once, each with a JSON pointer and a message,
 * so an editor (or an Excel row) sees everything to fix in one go.
 */
import { checkFieldPermissions, checkFormDefinition, formErrors, type FormDefinition } from '@tongban/forms';
import { ApiError } from '../errors.js';
import { ITEM_DATA_SCHEMA } from './item-schema.js';
import type { ItemData, TimeLimit } from './types.js';

export interface ItemProblem {
  /** JSON pointer into the item data, e.g. `/materials/2/copies`. */
  readonly path: string;
  readonly message: string;
}

/** The item schema as a form, so the forms package validates it (compiled once, cached). */
const ITEM_FORM: FormDefinition = { id: 'tongban-item-data', version: 1, title: '事项', schema: ITEM_DATA_SCHEMA, uiSchema: { type: 'VerticalLayout', elements: [] } };

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

function limitProblems(data: ItemData): ItemProblem[] {
  const problems: ItemProblem[] = [];
  const legal: TimeLimit = data.legalLimit;
  const promised: TimeLimit = data.promisedLimit;
  if (!data.immediate && promised.value < 1) problems.push({ path: '/promisedLimit/value', message: '承诺时限：承诺件的承诺时限至少为 1' });
  if (data.immediate && promised.value !== 0) problems.push({ path: '/promisedLimit/value', message: '承诺时限：即办件的承诺时限应为 0（当场办结）' });
  if (legal.unit === promised.unit && legal.value > 0 && promised.value > legal.value) {
    problems.push({ path: '/promisedLimit/value', message: `承诺时限：不能超过法定时限（${legal.value}）` });
  }
  return problems;
}

function idProblems(data: ItemData): ItemProblem[] {
  const problems: ItemProblem[] = [];
  for (const id of duplicates(data.materials.map((m) => m.id))) problems.push({ path: '/materials', message: `申请材料：材料编号“${id}”重复` });
  for (const id of duplicates(data.situations.map((s) => s.id))) problems.push({ path: '/situations', message: `情形：情形编号“${id}”重复` });
  data.situations.forEach((s, i) => {
    const base = new Set(data.materials.map((m) => m.id));
    for (const m of s.materials) if (base.has(m.id)) problems.push({ path: `/situations/${i}/materials`, message: `情形材料：材料编号“${m.id}”与基本材料重复` });
  });
  for (const name of duplicates((data.templateParameters ?? []).map((p) => p.name))) problems.push({ path: '/templateParameters', message: `模板参数：参数名“${name}”重复` });
  return problems;
}

function formProblems(data: ItemData): ItemProblem[] {
  const problems: ItemProblem[] = checkFormDefinition(data.form).map((p) => ({ path: `/form${p.path}`, message: `申请表单：${p.message.zh}` }));
  if (problems.length === 0) {
    for (const p of checkFieldPermissions(data.form, data.fieldPermissions)) problems.push({ path: `/fieldPermissions${p.path}`, message: `环节字段权限：${p.message.zh}` });
  }
  return problems;
}

/** Every problem of the data (empty when valid). `isTemplate` allows template parameters. */
export function itemProblems(data: unknown, options: { isTemplate: boolean }): ItemProblem[] {
  const schemaErrors = formErrors(ITEM_FORM, data);
  if (schemaErrors.length > 0) return schemaErrors.map((e) => ({ path: e.path, message: e.message }));
  const item = data as ItemData;
  const problems = [...limitProblems(item), ...idProblems(item), ...formProblems(item)];
  if (!options.isTemplate && item.templateParameters !== undefined && item.templateParameters.length > 0) {
    problems.push({ path: '/templateParameters', message: '模板参数：只有模板事项（应规整下级事项）可以声明参数' });
  }
  return problems;
}

/** Throws 422 ITEM_INVALID listing every problem. */
export function assertItemData(data: unknown, options: { isTemplate: boolean }): ItemData {
  const problems = itemProblems(data, options);
  if (problems.length > 0) throw new ApiError(422, 'ITEM_INVALID', `事项内容有 ${problems.length} 处问题：${problems[0]!.message}${problems.length > 1 ? ' 等' : ''}`, { problems });
  return data as ItemData;
}
