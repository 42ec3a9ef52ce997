/**
 * What a case needs to know about an item: its published version, flattened — the one read
 * the cases code makes when it accepts an application. Cases pin `versionId`,
 * `processDefinitionId` and the form's `id@version`, so a later publication never changes a
 * running case.
 */
import type { Knex } from 'knex';
import type { FieldPermissions, FormDefinition } from '@tongban/forms';
import type { BundleComposition } from './bundle-types.js';
import { publishedWithForm } from './store.js';
import type { ItemKind, ApplicantType, Fee, ItemLevel, ItemTypeCode, Material, OnlineDepth, Situation, Theme, TimeLimit } from './types.js';

export interface PublishedItemVersion {
  readonly itemId: string;
  readonly versionId: string;
  readonly version: number;
  readonly implCode: string;
  readonly baseCode: string;
  readonly name: string;
  /** `bundle` (一件事): `composition` says its members; materials and situations are the composed ones. */
  readonly kind: ItemKind;
  readonly composition: BundleComposition | null;
  readonly itemType: ItemTypeCode;
  readonly level: ItemLevel;
  readonly regionCode: string;
  readonly departmentId: string;
  /** The engine's definition id (`key:version`) this version pins. */
  readonly processDefinitionId: string;
  readonly processKey: string;
  /** The pinned form, with `version` set to its form version (immutable). */
  readonly form: FormDefinition;
  readonly formVersionId: string;
  readonly fieldPermissions: FieldPermissions;
  readonly legalLimit: TimeLimit;
  readonly promisedLimit: TimeLimit;
  readonly immediate: boolean;
  readonly materials: readonly Material[];
  readonly situations: readonly Situation[];
  readonly onSiteVisits: number;
  readonly onlineDepth: OnlineDepth;
  readonly fees: readonly Fee[];
  readonly theme: Theme;
  readonly applicantTypes: readonly ApplicantType[];
  /** Derived items (from a template): the parameter values, also meant as process variables. */
  readonly templateParams: Readonly<Record<string, unknown>> | null;
  readonly publishedAt: Date;
}

/** `key:version` → `key` (BPMN ids cannot contain a colon, so the last one separates). */
export function processKeyOf(definitionId: string): string {
  const colon = definitionId.lastIndexOf(':');
  return colon < 0 ? definitionId : definitionId.slice(0, colon);
}

/**
 * The published version of an item, by item id or implementation code (实施编码); undefined
 * when the item does not exist or has no published version (never published, or retired).
 */
export async function publishedItemVersion(db: Knex | Knex.Transaction | { knex: Knex }, itemIdOrImplCode: string): Promise<PublishedItemVersion | undefined> {
  // A knex instance or transaction is a function; a Database (engine) or AppContext holds one.
  const knex = typeof db === 'function' ? db : db.knex;
  const found = await publishedWithForm(knex, itemIdOrImplCode);
  const processDefinitionId = found?.version.processDefinitionId;
  if (!found?.form || !processDefinitionId) return undefined;
  const { item, version, form } = found;
  const data = version.data;
  return {
    itemId: item.id,
    versionId: version.id,
    version: version.version,
    implCode: item.implCode,
    baseCode: item.baseCode,
    name: item.name,
    kind: item.kind,
    composition: version.composition,
    itemType: item.itemType as ItemTypeCode,
    level: item.level,
    regionCode: item.regionCode,
    departmentId: item.departmentId,
    processDefinitionId,
    processKey: processKeyOf(processDefinitionId),
    form: form.definition,
    formVersionId: form.id,
    fieldPermissions: version.fieldPermissions,
    legalLimit: data.legalLimit,
    promisedLimit: data.promisedLimit,
    immediate: data.immediate,
    materials: version.composition?.materials ?? data.materials,
    situations: version.composition?.situations ?? data.situations,
    onSiteVisits: data.onSiteVisits,
    onlineDepth: data.onlineDepth,
    fees: data.fees,
    theme: data.theme,
    applicantTypes: data.applicantTypes,
    templateParams: item.templateParams,
    publishedAt: version.publishedAt ?? version.updatedAt,
  };
}
