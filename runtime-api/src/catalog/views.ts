/** Items and versions as the API shows them (dates as ISO text, type names beside codes). */
import type { ItemListRow, ItemRow, VersionRow } from './store.js';
import { ITEM_TYPES, type ItemTypeCode } from './types.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function itemHeaderView(item: ItemRow) {
  return {
    id: item.id,
    baseCode: item.baseCode,
    implCode: item.implCode,
    name: item.name,
    itemType: item.itemType,
    itemTypeName: ITEM_TYPES[item.itemType as ItemTypeCode] ?? item.itemType,
    departmentId: item.departmentId,
    regionCode: item.regionCode,
    level: item.level,
    isTemplate: item.isTemplate,
    kind: item.kind,
    templateId: item.templateId,
    templateParams: item.templateParams,
    createdBy: item.createdBy,
    createdAt: item.createdAt.toISOString(),
  };
}

export function itemSummaryView(row: ItemListRow) {
  return {
    ...itemHeaderView(row),
    theme: row.theme,
    publishedVersion: row.publishedVersion,
    openVersion: row.openVersion,
    openStatus: row.openStatus,
    upgradeAvailable: row.upgradeAvailable,
  };
}

export function versionView(v: VersionRow) {
  return {
    id: v.id,
    itemId: v.itemId,
    version: v.version,
    status: v.status,
    data: v.data,
    processDefinitionId: v.processDefinitionId,
    formVersionId: v.formVersionId,
    templateVersionId: v.templateVersionId,
    composition: v.composition,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    updatedBy: v.updatedBy,
    updatedAt: v.updatedAt.toISOString(),
    submittedBy: v.submittedBy,
    submittedAt: iso(v.submittedAt),
    reviewDecision: v.reviewDecision,
    reviewedBy: v.reviewedBy,
    reviewComment: v.reviewComment,
    reviewedAt: iso(v.reviewedAt),
    publishedBy: v.publishedBy,
    publishedAt: iso(v.publishedAt),
    retiredAt: iso(v.retiredAt),
  };
}
