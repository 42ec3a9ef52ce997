/**
 * Templates (应规整下级事项): an upper-level item declares parameters; a town editor derives a
 * village (or town) item by filling them. The derived version's process is the template
 * version's pinned definition and its form the template's pinned form — no BPMN in sight.
 * Texts of the template may say `{{name}}` for a parameter's value. When the template
 * publishes a new version, derived items are offered the upgrade: a new draft from the new
 * template version with the same parameter values, submitted for review like any draft.
 */
import { isMobileCn } from '@tongban/forms';
import { ApiError, notFound } from '../errors.js';
import { regionContains } from '../identity/regions.js';
import { getDepartment, getRegion } from '../store/sql.js';
import { type CatalogContext, insertNewItem, lockOrNotFound, saveDraft } from './lifecycle.js';
import * as store from './store.js';
import type { ItemRow, VersionRow } from './store.js';
import type { ItemData, TemplateParameter } from './types.js';
import { assertItemData } from './validate-item.js';

export type ParameterValues = Record<string, unknown>;

interface ParameterProblem {
  readonly path: string;
  readonly message: string;
}

const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

async function parameterProblems(db: store.Db, declared: readonly TemplateParameter[], values: ParameterValues, regionCode: string): Promise<ParameterProblem[]> {
  const problems: ParameterProblem[] = [];
  const known = new Set(declared.map((p) => p.name));
  for (const name of Object.keys(values)) if (!known.has(name)) problems.push({ path: `/parameters/${name}`, message: `模板没有参数“${name}”` });
  for (const p of declared) {
    const value = values[p.name];
    const at = `/parameters/${p.name}`;
    if (value === undefined || value === null || value === '') {
      if (p.required) problems.push({ path: at, message: `${p.label}：必填` });
      continue;
    }
    switch (p.type) {
      case 'text':
        if (typeof value !== 'string' || value.length > 2000) problems.push({ path: at, message: `${p.label}：应为文本（最多 2000 字）` });
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ path: at, message: `${p.label}：应为数字` });
        break;
      case 'boolean':
        if (typeof value !== 'boolean') problems.push({ path: at, message: `${p.label}：应为是或否` });
        break;
      case 'phone':
        if (typeof value !== 'string' || !(isMobileCn(value) || LANDLINE.test(value))) problems.push({ path: at, message: `${p.label}：应为手机号或带区号的固定电话` });
        break;
      case 'department':
        if (typeof value !== 'string' || !(await getDepartment(db, value))) problems.push({ path: at, message: `${p.label}：部门“${String(value)}”不存在` });
        break;
      case 'regionList': {
        const codes = Array.isArray(value) ? value : [];
        if (!Array.isArray(value) || codes.length === 0) {
          problems.push({ path: at, message: `${p.label}：应为行政区划代码列表` });
          break;
        }
        for (const code of codes) {
          if (typeof code !== 'string' || !regionContains(regionCode, code) || !(await getRegion(db, code))) {
            problems.push({ path: at, message: `${p.label}：“${String(code)}”不是本辖区内的行政区划` });
          }
        }
        break;
      }
    }
  }
  return problems;
}

const textOf = (value: unknown): string => (Array.isArray(value) ? value.join('、') : String(value ?? ''));

/** Replaces `{{name}}` in every string of a JSON value. */
function substitute<T>(value: T, values: ParameterValues): T {
  if (typeof value === 'string') return value.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g, (all, name: string) => (name in values ? textOf(values[name]) : all)) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => substitute(v, values)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)])) as T;
  return value;
}

/**
 * A derived item's data from a template version: texts with parameters filled in, the
 * template's pinned process and form, the first `department` parameter as the handling
 * department (实施主体), and no parameters of its own.
 */
async function derivedData(db: store.Db, template: VersionRow, values: ParameterValues, name: string | undefined): Promise<ItemData> {
  const { templateParameters, process: _process, form: _form, fieldPermissions, ...texts } = template.data;
  const form = template.formVersionId ? (await store.getFormVersion(db, template.formVersionId))?.definition : undefined;
  if (!form || !template.processDefinitionId) throw new ApiError(409, 'TEMPLATE_NOT_PUBLISHED', '模板没有已发布的版本。');
  const filled = substitute(texts, values);
  const department = (templateParameters ?? []).find((p) => p.type === 'department' && typeof values[p.name] === 'string');
  return assertItemData(
    {
      ...filled,
      ...(name === undefined ? {} : { name }),
      ...(department ? { departmentId: values[department.name] as string } : {}),
      process: { definitionId: template.processDefinitionId },
      form,
      fieldPermissions,
    },
    { isTemplate: false },
  );
}

async function publishedTemplate(db: store.Db, templateId: string): Promise<{ template: ItemRow; version: VersionRow }> {
  const template = await store.getItem(db, templateId);
  if (!template) throw notFound('Item', templateId);
  if (!template.isTemplate) throw new ApiError(422, 'NOT_A_TEMPLATE', `事项“${template.name}”不是模板（应规整下级事项）。`);
  const version = await store.publishedVersion(db, templateId);
  if (!version) throw new ApiError(409, 'TEMPLATE_NOT_PUBLISHED', `模板“${template.name}”尚未发布。`);
  return { template, version };
}

async function assertParameters(db: store.Db, version: VersionRow, values: ParameterValues, regionCode: string): Promise<void> {
  const problems = await parameterProblems(db, version.data.templateParameters ?? [], values, regionCode);
  if (problems.length > 0) throw new ApiError(422, 'PARAMETERS_INVALID', `模板参数有 ${problems.length} 处问题：${problems[0]!.message}`, { problems });
}

export interface DeriveInput {
  readonly regionCode: string;
  readonly parameters: ParameterValues;
  readonly implCode?: string;
  readonly name?: string;
}

/** Creates a derived item (version 1, a draft) below the template's region. */
export async function deriveItem(ctx: CatalogContext, templateId: string, input: DeriveInput, userId: string): Promise<string> {
  return ctx.knex.transaction(async (trx) => {
    const { template, version } = await publishedTemplate(trx, templateId);
    if (input.regionCode === template.regionCode || !regionContains(template.regionCode, input.regionCode)) {
      throw new ApiError(422, 'REGION_NOT_BELOW_TEMPLATE', `下级事项的行政区划应在模板（${template.regionCode}）之下。`, { regionCode: input.regionCode });
    }
    await assertParameters(trx, version, input.parameters, input.regionCode);
    const implCode = input.implCode ?? `${template.baseCode}-${input.regionCode}`;
    if (await store.findItem(trx, implCode)) throw new ApiError(409, 'IMPL_CODE_TAKEN', `实施编码“${implCode}”已被使用。`, { implCode });
    const data = await derivedData(trx, version, input.parameters, input.name);
    return insertNewItem(
      trx,
      { baseCode: template.baseCode, implCode, regionCode: input.regionCode, isTemplate: false, data, templateId, templateParams: input.parameters, templateVersionId: version.id },
      userId,
    );
  });
}

/** Changes a derived item's parameters: a draft re-made from the same template version. */
export async function updateParameters(ctx: CatalogContext, itemId: string, values: ParameterValues, name: string | undefined, userId: string): Promise<VersionRow> {
  return ctx.knex.transaction(async (trx) => {
    const item = await lockOrNotFound(trx, itemId);
    if (item.templateId === null) throw new ApiError(422, 'NOT_DERIVED', '只有由模板生成的事项有模板参数。');
    const latest = await store.latestVersion(trx, item.id);
    const templateVersion = latest?.templateVersionId ? await store.getVersionById(trx, latest.templateVersionId) : undefined;
    if (!templateVersion) throw new ApiError(409, 'TEMPLATE_NOT_PUBLISHED', '找不到生成该事项的模板版本。');
    await assertParameters(trx, templateVersion, values, item.regionCode);
    const data = await derivedData(trx, templateVersion, values, name);
    await store.setTemplateParams(trx, item.id, values);
    return saveDraft(trx, item, data, userId, templateVersion.id);
  });
}

/** Whether a derived item lags behind its template's published version. */
export async function upgradeOffer(db: store.Db, item: ItemRow): Promise<{ available: boolean; templateVersion: number | null; fromTemplateVersion: number | null }> {
  if (item.templateId === null) return { available: false, templateVersion: null, fromTemplateVersion: null };
  const published = await store.publishedVersion(db, item.templateId);
  const latest = await store.latestVersion(db, item.id);
  const from = latest?.templateVersionId ? await store.getVersionById(db, latest.templateVersionId) : undefined;
  return { available: published !== undefined && published.id !== from?.id, templateVersion: published?.version ?? null, fromTemplateVersion: from?.version ?? null };
}

/** A new draft from the template's published version, with the same parameter values. */
export async function upgradeItem(ctx: CatalogContext, itemId: string, userId: string): Promise<VersionRow> {
  return ctx.knex.transaction(async (trx) => {
    const item = await lockOrNotFound(trx, itemId);
    if (item.templateId === null) throw new ApiError(422, 'NOT_DERIVED', '只有由模板生成的事项可以升级。');
    const offer = await upgradeOffer(trx, item);
    if (!offer.available) throw new ApiError(409, 'NO_UPGRADE', '该事项已基于模板的最新发布版本。', offer);
    const open = await store.openVersion(trx, item.id);
    if (open?.status === 'in_review') throw new ApiError(409, 'VERSION_IN_REVIEW', `版本 ${open.version} 正在审核，审核后再升级。`, { version: open.version });
    const { version } = await publishedTemplate(trx, item.templateId);
    const values = item.templateParams ?? {};
    await assertParameters(trx, version, values, item.regionCode);
    const current = open ?? (await store.latestVersion(trx, item.id));
    const data = await derivedData(trx, version, values, current?.data.name);
    if (open) {
      await store.updateDraft(trx, open.id, data, userId);
      await store.setTemplateVersion(trx, open.id, version.id);
      return (await store.getVersionById(trx, open.id))!;
    }
    return saveDraft(trx, item, data, userId, version.id);
  });
}
