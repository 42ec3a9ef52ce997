/**
 * The life of a service item: create (version 1, a draft) → edit the draft → submit for review
 * (pins process and form) → review (approve, or reject back to draft with a comment; never by
 * the version's author) → publish (retires the previous published version) → retire.
 * Each command locks the item row, so two editors or two publishers cannot interleave; the
 * partial unique indexes of migration 002 back the rules up in the database.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Engine } from '@tongban/engine';
import { ApiError, notFound } from '../errors.js';
import { regionLevel } from '../identity/regions.js';
import { getDepartment, getRegion } from '../store/sql.js';
import { assertMembersCurrent, prepareItemData } from './bundle.js';
import { pinForm, pinProcess } from './pinning.js';
import * as store from './store.js';
import type { ItemRow, VersionRow } from './store.js';
import type { ItemData, ItemKind } from './types.js';

export interface CatalogContext {
  readonly knex: Knex;
  readonly engine: Engine;
}

export interface NewItemInput {
  readonly baseCode: string;
  readonly implCode: string;
  readonly regionCode: string;
  readonly isTemplate?: boolean;
  /** `bundle`: a bundle (一件事) of published items, composed by the server (bundle.ts). */
  readonly kind?: ItemKind;
  readonly data: unknown;
}

const conflict = (code: string, message: string, details: Record<string, unknown> = {}) => new ApiError(409, code, message, details);

/** Region and department must exist: 422 naming the one that does not. */
export async function assertReferences(db: store.Db, regionCode: string, departmentId: string): Promise<void> {
  if (!(await getRegion(db, regionCode))) throw new ApiError(422, 'UNKNOWN_REGION', `行政区划“${regionCode}”不存在。`, { regionCode });
  if (!(await getDepartment(db, departmentId))) throw new ApiError(422, 'UNKNOWN_DEPARTMENT', `实施主体（部门）“${departmentId}”不存在。`, { departmentId });
}

/** Inserts the item and its first draft, inside the caller's transaction. */
export async function insertNewItem(
  trx: store.Db,
  input: { baseCode: string; implCode: string; regionCode: string; isTemplate: boolean; kind?: ItemKind; data: ItemData; templateId?: string; templateParams?: Record<string, unknown>; templateVersionId?: string },
  userId: string,
): Promise<string> {
  const level = regionLevel(input.regionCode);
  if (!level) throw new ApiError(422, 'UNKNOWN_REGION', `行政区划代码“${input.regionCode}”无效。`, { regionCode: input.regionCode });
  await assertReferences(trx, input.regionCode, input.data.departmentId);
  const id = randomUUID();
  await store.insertItem(trx, {
    id,
    baseCode: input.baseCode,
    implCode: input.implCode,
    name: input.data.name,
    itemType: input.data.itemType,
    departmentId: input.data.departmentId,
    regionCode: input.regionCode,
    level,
    isTemplate: input.isTemplate,
    kind: input.kind ?? 'item',
    templateId: input.templateId ?? null,
    templateParams: input.templateParams ?? null,
    createdBy: userId,
  });
  await store.insertVersion(trx, { id: randomUUID(), itemId: id, version: 1, data: input.data, createdBy: userId, templateVersionId: input.templateVersionId ?? null });
  return id;
}

export async function createItem(ctx: CatalogContext, input: NewItemInput, userId: string): Promise<string> {
  const isTemplate = input.isTemplate ?? false;
  const kind = input.kind ?? 'item';
  return ctx.knex.transaction(async (trx) => {
    if (await store.findItem(trx, input.implCode)) throw conflict('IMPL_CODE_TAKEN', `实施编码“${input.implCode}”已被使用。`, { implCode: input.implCode });
    const { data, composition } = await prepareItemData(trx, input.data, { kind, isTemplate, implCode: input.implCode, regionCode: input.regionCode });
    const id = await insertNewItem(trx, { baseCode: input.baseCode, implCode: input.implCode, regionCode: input.regionCode, isTemplate, kind, data }, userId);
    if (composition) await store.setComposition(trx, (await store.openVersion(trx, id))!.id, composition, data);
    return id;
  });
}

export async function lockOrNotFound(trx: store.Db, itemId: string): Promise<ItemRow> {
  const item = await store.lockItem(trx, itemId);
  if (!item) throw notFound('Item', itemId);
  return item;
}

/**
 * Saves the draft: the open draft is changed in place; with none, a new draft version is
 * made (next number). A version in review cannot change (409): reject or approve it first.
 */
export async function saveDraft(trx: store.Db, item: ItemRow, data: ItemData, userId: string, templateVersionId: string | null = null): Promise<VersionRow> {
  await assertReferences(trx, item.regionCode, data.departmentId);
  const open = await store.openVersion(trx, item.id);
  if (open?.status === 'in_review') throw conflict('VERSION_IN_REVIEW', `版本 ${open.version} 正在审核，不能修改；请先审核。`, { version: open.version });
  if (open) {
    await store.updateDraft(trx, open.id, data, userId);
  } else {
    const latest = await store.latestVersion(trx, item.id);
    await store.insertVersion(trx, { id: randomUUID(), itemId: item.id, version: (latest?.version ?? 0) + 1, data, createdBy: userId, templateVersionId });
  }
  if (!(await store.publishedVersion(trx, item.id))) await store.updateItemHeader(trx, item.id, data);
  return (await store.openVersion(trx, item.id))!;
}

export async function updateItem(ctx: CatalogContext, itemId: string, rawData: unknown, userId: string): Promise<VersionRow> {
  return ctx.knex.transaction(async (trx) => {
    const item = await lockOrNotFound(trx, itemId);
    if (item.templateId !== null) {
      throw new ApiError(422, 'DERIVED_ITEM', '由模板生成的事项只能修改模板参数（parameters），流程和表单来自模板。', { templateId: item.templateId });
    }
    const { data, composition } = await prepareItemData(trx, rawData, item);
    const saved = await saveDraft(trx, item, data, userId);
    if (!composition) return saved;
    await store.setComposition(trx, saved.id, composition, data);
    return (await store.getVersionById(trx, saved.id))!;
  });
}

async function openOrConflict(trx: store.Db, item: ItemRow, expected: VersionRow['status'], what: string): Promise<VersionRow> {
  const open = await store.openVersion(trx, item.id);
  if (!open || open.status !== expected) {
    throw conflict('VERSION_STATE', `没有可${what}的版本（需要状态：${expected}）。`, { expected, actual: open?.status ?? null, version: open?.version ?? null });
  }
  return open;
}

/** Draft → in review: checks the data again, pins the process (deploying inline BPMN) and the form. */
export async function submitItem(ctx: CatalogContext, itemId: string, userId: string): Promise<VersionRow> {
  // Deploying happens in the engine's own transaction; do it before locking the item.
  const preview = await store.openVersion(ctx.knex, itemId);
  const item0 = await store.getItem(ctx.knex, itemId);
  if (!item0) throw notFound('Item', itemId);
  if (!preview || preview.status !== 'draft') throw conflict('VERSION_STATE', '没有可提交审核的草稿。', { expected: 'draft', actual: preview?.status ?? null });
  // A bundle is composed again from its members' versions published now: reviewers approve what will run.
  const { data, composition } = await prepareItemData(ctx.knex, preview.data, item0);
  const processDefinitionId = await pinProcess(ctx.engine, data.process, item0.implCode);
  return ctx.knex.transaction(async (trx) => {
    const item = await lockOrNotFound(trx, itemId);
    const open = await openOrConflict(trx, item, 'draft', '提交审核');
    if (open.id !== preview.id || open.updatedAt.getTime() !== preview.updatedAt.getTime()) {
      throw conflict('VERSION_CHANGED', '草稿在提交时被修改，请重试。');
    }
    if (composition) await store.setComposition(trx, open.id, composition, data);
    const form = await pinForm(trx, data.form);
    await store.markSubmitted(trx, open.id, { processDefinitionId, formVersionId: form.id }, userId);
    return (await store.getVersionById(trx, open.id))!;
  });
}

/**
 * A reviewer's decision on the version in review. The author — whoever created, last edited or
 * submitted it — may not review it (四眼原则). Rejection needs a comment and returns the version to draft.
 */
export async function reviewItem(ctx: CatalogContext, itemId: string, decision: 'approve' | 'reject', comment: string | undefined, userId: string): Promise<VersionRow> {
  if (decision === 'reject' && (comment === undefined || comment.trim() === '')) {
    throw new ApiError(422, 'COMMENT_REQUIRED', '退回修改时必须填写审核意见。', { field: 'comment' });
  }
  return ctx.knex.transaction(async (trx) => {
    const item = await lockOrNotFound(trx, itemId);
    const open = await openOrConflict(trx, item, 'in_review', '审核');
    if (open.reviewDecision === 'approved') throw conflict('ALREADY_REVIEWED', `版本 ${open.version} 已审核通过，等待发布。`, { version: open.version });
    if ([open.createdBy, open.updatedBy, open.submittedBy].includes(userId)) {
      throw new ApiError(403, 'REVIEWER_IS_AUTHOR', '不能审核自己编辑或提交的版本。', { version: open.version });
    }
    await store.markReviewed(trx, open.id, decision === 'approve' ? 'approved' : 'rejected', userId, comment ?? null);
    return (await store.getVersionById(trx, open.id))!;
  });
}

/** Approved → published; the previously published version is retired in the same transaction. */
export async function publishItem(ctx: CatalogContext, itemId: string, userId: string): Promise<VersionRow> {
  return ctx.knex.transaction(async (trx) => {
    const item = await lockOrNotFound(trx, itemId);
    const open = await openOrConflict(trx, item, 'in_review', '发布');
    if (open.reviewDecision !== 'approved') throw conflict('NOT_APPROVED', `版本 ${open.version} 尚未审核通过，不能发布。`, { version: open.version });
    if (open.composition) await assertMembersCurrent(trx, open.composition, { allowOutdated: false });
    const previous = await store.publishedVersion(trx, item.id);
    if (previous) await store.markRetired(trx, previous.id);
    await store.markPublished(trx, open.id, userId);
    await store.updateItemHeader(trx, item.id, open.data);
    return (await store.getVersionById(trx, open.id))!;
  });
}

/** Published → retired: the item can no longer be applied for (cases already running go on). */
export async function retireItem(ctx: CatalogContext, itemId: string): Promise<VersionRow> {
  return ctx.knex.transaction(async (trx) => {
    const item = await lockOrNotFound(trx, itemId);
    const published = await store.publishedVersion(trx, item.id);
    if (!published) throw conflict('VERSION_STATE', '该事项没有已发布的版本。', { expected: 'published' });
    await store.markRetired(trx, published.id);
    return (await store.getVersionById(trx, published.id))!;
  });
}
