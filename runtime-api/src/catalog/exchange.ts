/**
 * Import and export of the catalogue as JSON (`ExchangeItem`: codes, region and one version's
 * data). Import creates new items or saves a new draft of existing ones (matched by 实施编码);
 * it never publishes. Every row is checked; when any row fails nothing is saved, unless the
 * caller asked for a partial import, in which case each row runs in its own savepoint.
 */
import type { Knex } from 'knex';
import type { FormDefinition } from '@tongban/forms';
import { ApiError } from '../errors.js';
import { scopeReaches } from '../identity/principal.js';
import { REGION_CODE_PATTERN } from '../identity/regions.js';
import { prepareItemData } from './bundle.js';
import { type CatalogContext, insertNewItem, saveDraft } from './lifecycle.js';
import * as store from './store.js';
import type { ItemData, ItemKind } from './types.js';
import { itemProblems, type ItemProblem } from './validate-item.js';

export interface ExchangeItem {
  readonly baseCode: string;
  readonly implCode: string;
  readonly regionCode: string;
  readonly isTemplate?: boolean;
  /** `bundle` for a bundle (一件事); absent for a service item. */
  readonly kind?: ItemKind;
  readonly data: ItemData;
}

export interface ImportRowReport {
  readonly row: number;
  readonly implCode: string | null;
  readonly status: 'created' | 'updated' | 'failed' | 'skipped';
  readonly problems: ItemProblem[];
}

export interface ImportReport {
  readonly saved: boolean;
  readonly created: number;
  readonly updated: number;
  readonly failed: number;
  readonly rows: ImportRowReport[];
}

/** One row to import: the item, or the problems found while reading it (Excel cells). */
export interface ImportRow {
  readonly row: number;
  readonly input: unknown;
  readonly problems?: ItemProblem[];
  /** Turns a data path into where the user should look (an Excel sheet row). */
  readonly locate?: (problem: ItemProblem) => ItemProblem;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function headerProblems(input: unknown): ItemProblem[] {
  const x = (input ?? {}) as Record<string, unknown>;
  const problems: ItemProblem[] = [];
  if (typeof x.baseCode !== 'string' || !CODE.test(x.baseCode)) problems.push({ path: '/baseCode', message: '基本编码：必填，字母、数字、点、横线或下划线' });
  if (typeof x.implCode !== 'string' || !CODE.test(x.implCode)) problems.push({ path: '/implCode', message: '实施编码：必填，字母、数字、点、横线或下划线' });
  if (typeof x.regionCode !== 'string' || !new RegExp(REGION_CODE_PATTERN).test(x.regionCode)) problems.push({ path: '/regionCode', message: '行政区划代码：应为 2、4、6、9 或 12 位数字' });
  if (x.isTemplate !== undefined && typeof x.isTemplate !== 'boolean') problems.push({ path: '/isTemplate', message: '是否模板：应为是或否' });
  if (x.kind !== undefined && x.kind !== 'item' && x.kind !== 'bundle') problems.push({ path: '/kind', message: '事项种类：应为 item 或 bundle（一件事）' });
  if (typeof x.data !== 'object' || x.data === null) problems.push({ path: '/data', message: '事项内容：必填' });
  return problems;
}

/**
 * Everything wrong with a row at once (region and data), so a department fixes its sheet in one
 * pass. A form or process the reader could not find is reported once, not again as data noise.
 */
function contentProblems(row: ImportRow, scope: readonly string[] | null): ItemProblem[] {
  const x = (row.input ?? {}) as Record<string, unknown>;
  const problems: ItemProblem[] = [];
  if (typeof x.regionCode === 'string' && !scopeReaches(scope, x.regionCode)) {
    problems.push({ path: '/regionCode', message: `行政区划代码：${x.regionCode} 不在您的管辖范围内` });
  }
  // A bundle's form and process are composed when it is saved (importOne), not read from the row.
  if (typeof x.data !== 'object' || x.data === null || x.kind === 'bundle') return problems;
  const missing = new Set((row.problems ?? []).map((p) => p.path));
  // The reader's own word on a cell (a unit or type it could not read) stands for the schema's there.
  const readerSaid = (path: string) => [...missing].some((m) => m.startsWith('/data/') && (`/data${path}` === m || `/data${path}`.startsWith(`${m}/`)));
  const noisy = (path: string) =>
    readerSaid(path) || (missing.has('/data/form') && /^\/(form|fieldPermissions)\b/.test(path)) || (missing.has('/data/process') && path.startsWith('/process'));
  for (const p of itemProblems(x.data, { isTemplate: x.isTemplate === true })) if (!noisy(p.path)) problems.push({ path: `/data${p.path}`, message: p.message });
  return problems;
}

class RowFailed extends Error {
  constructor(readonly problems: ItemProblem[]) {
    super('row failed');
  }
}

/** Where a refusal of the catalogue's own checks points in the row, so the report names the column. */
const PATH_OF_CODE: Record<string, string> = { UNKNOWN_DEPARTMENT: '/data/departmentId', UNKNOWN_REGION: '/regionCode' };

/** A refusal as row problems (its own list when it has one). */
function rowProblems(error: ApiError): ItemProblem[] {
  const listed = (error.details as { problems?: ItemProblem[] } | undefined)?.problems;
  return listed ? listed.map((p) => ({ path: `/data${p.path}`, message: p.message })) : [{ path: PATH_OF_CODE[error.code] ?? '', message: error.message }];
}

/** Saves one row inside `trx`; throws RowFailed with what is wrong. */
async function importOne(trx: store.Db, input: ExchangeItem, scope: readonly string[] | null, userId: string): Promise<'created' | 'updated'> {
  if (!scopeReaches(scope, input.regionCode)) throw new RowFailed([{ path: '/regionCode', message: `行政区划代码：${input.regionCode} 不在您的管辖范围内` }]);
  const existing = await store.findItem(trx, input.implCode);
  const isTemplate = existing?.isTemplate ?? input.isTemplate ?? false;
  const kind = existing?.kind ?? input.kind ?? 'item';
  try {
    // Bundles are composed again from their members' published versions, like any save.
    const { data, composition } = await prepareItemData(trx, input.data, { kind, isTemplate, implCode: input.implCode, regionCode: input.regionCode });
    if (!existing) {
      const id = await insertNewItem(trx, { baseCode: input.baseCode, implCode: input.implCode, regionCode: input.regionCode, isTemplate, kind, data }, userId);
      if (composition) await store.setComposition(trx, (await store.openVersion(trx, id))!.id, composition, data);
      return 'created';
    }
    if (existing.regionCode !== input.regionCode || existing.baseCode !== input.baseCode) {
      throw new RowFailed([{ path: '/implCode', message: `实施编码：${input.implCode} 已属于 ${existing.regionCode} 的事项（基本编码 ${existing.baseCode}），不能改变区划或基本编码` }]);
    }
    if (existing.templateId !== null) throw new RowFailed([{ path: '/implCode', message: '实施编码：由模板生成的事项只能修改模板参数，不能导入' }]);
    const locked = (await store.lockItem(trx, existing.id))!;
    const saved = await saveDraft(trx, locked, data, userId);
    if (composition) await store.setComposition(trx, saved.id, composition, data);
    return 'updated';
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) throw new RowFailed(rowProblems(error));
    throw error;
  }
}

export async function importItems(ctx: CatalogContext, rows: readonly ImportRow[], options: { scope: readonly string[] | null; userId: string; partial: boolean }): Promise<ImportReport> {
  const seen = new Map<string, number>();
  const reports: ImportRowReport[] = [];
  const attempt = async (trx: store.Db) => {
    for (const row of rows) {
      const x = (row.input ?? {}) as Record<string, unknown>;
      const implCode = typeof x.implCode === 'string' ? x.implCode : null;
      const problems = [...(row.problems ?? []), ...headerProblems(row.input), ...contentProblems(row, options.scope)];
      if (implCode !== null && seen.has(implCode)) problems.push({ path: '/implCode', message: `实施编码：与第 ${seen.get(implCode)} 行重复` });
      if (implCode !== null && !seen.has(implCode)) seen.set(implCode, row.row);
      const locate = row.locate ?? ((p: ItemProblem) => p);
      if (problems.length > 0) {
        reports.push({ row: row.row, implCode, status: 'failed', problems: problems.map(locate) });
        continue;
      }
      try {
        // A savepoint per row: a failed row leaves the others (and the transaction) intact.
        const status = await (trx as Knex.Transaction).transaction((sp) => importOne(sp, row.input as ExchangeItem, options.scope, options.userId));
        reports.push({ row: row.row, implCode, status, problems: [] });
      } catch (error) {
        if (!(error instanceof RowFailed)) throw error;
        reports.push({ row: row.row, implCode, status: 'failed', problems: error.problems.map(locate) });
      }
    }
    const failed = reports.filter((r) => r.status === 'failed').length;
    if (failed > 0 && !options.partial) throw new RowFailed([]);
  };
  const summary = (saved: boolean): ImportReport => {
    const count = (status: ImportRowReport['status']) => reports.filter((r) => r.status === status).length;
    return { saved, created: saved ? count('created') : 0, updated: saved ? count('updated') : 0, failed: count('failed'), rows: saved ? reports : reports.map((r) => (r.status === 'failed' ? r : { ...r, status: 'skipped' as const })) };
  };
  try {
    await ctx.knex.transaction(attempt);
  } catch (error) {
    if (!(error instanceof RowFailed)) throw error;
    const report = summary(false);
    throw new ApiError(422, 'IMPORT_FAILED', `导入失败：${report.failed} 行有问题，未保存任何事项（可加 ?partial=true 只导入正确的行）。`, report);
  }
  return summary(true);
}

/** Items for export: each with its newest version's data (the pinned process when pinned). */
export async function exportItems(db: store.Db, filter: store.ItemFilter): Promise<ExchangeItem[]> {
  const out: ExchangeItem[] = [];
  for (let offset = 0; ; offset += 200) {
    const { items } = await store.listItems(db, { ...filter, limit: 200, offset });
    for (const item of items) {
      const latest = await store.latestVersion(db, item.id);
      if (!latest) continue;
      const data: ItemData = latest.processDefinitionId ? { ...latest.data, process: { definitionId: latest.processDefinitionId } } : latest.data;
      out.push({ baseCode: item.baseCode, implCode: item.implCode, regionCode: item.regionCode, isTemplate: item.isTemplate, ...(item.kind === 'bundle' ? { kind: 'bundle' as const } : {}), data });
    }
    if (items.length < 200) return out;
  }
}

/** The latest stored version of a form (Excel rows name forms by id). */
export async function formById(db: store.Db, formId: string): Promise<FormDefinition | undefined> {
  return (await store.latestFormVersion(db, formId))?.definition;
}
