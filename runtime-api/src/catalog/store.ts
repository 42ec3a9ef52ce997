/**
 * The catalogue's SQL, as small typed functions (same rules as `store/sql.ts`: plain SQL with
 * `?` bindings, explicit columns, one round trip each). jsonb is written as text with a cast
 * and read back whether the driver parsed it (pg) or not.
 */
import type { Knex } from 'knex';
import type { FieldPermissions, FormDefinition } from '@tongban/forms';
import type { BundleComposition } from './bundle-types.js';
import type { ItemData, ItemKind, ItemLevel, VersionStatus } from './types.js';

export type Db = Knex | Knex.Transaction;
type Rec = Record<string, unknown>;

async function rows(db: Db, sql: string, bindings: readonly unknown[] = []): Promise<Rec[]> {
  const result = await db.raw<{ rows: Rec[] }>(sql, bindings as Knex.RawBinding[]);
  return result.rows;
}

async function first(db: Db, sql: string, bindings: readonly unknown[] = []): Promise<Rec | undefined> {
  return (await rows(db, sql, bindings))[0];
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
const str = (value: unknown): string | null => (value == null ? null : String(value));
const date = (value: unknown): Date | null => (value == null ? null : value instanceof Date ? value : new Date(String(value)));

// ── items ──────────────────────────────────────────────────────────────────────────────────

export interface ItemRow {
  readonly id: string;
  readonly baseCode: string;
  readonly implCode: string;
  readonly name: string;
  readonly itemType: string;
  readonly departmentId: string;
  readonly regionCode: string;
  readonly level: ItemLevel;
  readonly isTemplate: boolean;
  readonly kind: ItemKind;
  readonly templateId: string | null;
  readonly templateParams: Record<string, unknown> | null;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

const ITEM = 'i.id, i.base_code, i.impl_code, i.name, i.item_type, i.department_id, i.region_code, i.level, i.is_template, i.kind, i.template_id, i.template_params, i.created_by, i.created_at';

const itemFromDb = (r: Rec): ItemRow => ({
  id: String(r.id),
  baseCode: String(r.base_code),
  implCode: String(r.impl_code),
  name: String(r.name),
  itemType: String(r.item_type),
  departmentId: String(r.department_id),
  regionCode: String(r.region_code),
  level: String(r.level) as ItemLevel,
  isTemplate: Boolean(r.is_template),
  kind: (str(r.kind) ?? 'item') as ItemKind,
  templateId: str(r.template_id),
  templateParams: r.template_params == null ? null : json<Record<string, unknown>>(r.template_params),
  createdBy: str(r.created_by),
  createdAt: date(r.created_at)!,
});

export type NewItem = Omit<ItemRow, 'createdAt' | 'kind'> & { readonly kind?: ItemKind };

export async function insertItem(db: Db, item: NewItem): Promise<void> {
  await db.raw(
    `insert into tb_item (id, base_code, impl_code, name, item_type, department_id, region_code, level, is_template, kind, template_id, template_params, created_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)`,
    [
      item.id, item.baseCode, item.implCode, item.name, item.itemType, item.departmentId, item.regionCode, item.level,
      item.isTemplate, item.kind ?? 'item', item.templateId, item.templateParams === null ? null : JSON.stringify(item.templateParams), item.createdBy,
    ],
  );
}

/** Name, type and department follow the version being published (or the only draft). */
export async function updateItemHeader(db: Db, id: string, header: { name: string; itemType: string; departmentId: string }): Promise<void> {
  await db.raw('update tb_item set name = ?, item_type = ?, department_id = ? where id = ?', [header.name, header.itemType, header.departmentId, id]);
}

export async function setTemplateParams(db: Db, id: string, params: Record<string, unknown>): Promise<void> {
  await db.raw('update tb_item set template_params = ?::jsonb where id = ?', [JSON.stringify(params), id]);
}

export async function getItem(db: Db, id: string): Promise<ItemRow | undefined> {
  const r = await first(db, `select ${ITEM} from tb_item i where i.id = ?`, [id]);
  return r && itemFromDb(r);
}

/** By id or by implementation code (实施编码). */
export async function findItem(db: Db, idOrImplCode: string): Promise<ItemRow | undefined> {
  const r = await first(db, `select ${ITEM} from tb_item i where i.id = ? or i.impl_code = ? order by (i.id = ?) desc limit 1`, [idOrImplCode, idOrImplCode, idOrImplCode]);
  return r && itemFromDb(r);
}

/** Locks the item row: lifecycle commands on one item run one at a time. */
export async function lockItem(db: Db, id: string): Promise<ItemRow | undefined> {
  const r = await first(db, `select ${ITEM} from tb_item i where i.id = ? for update`, [id]);
  return r && itemFromDb(r);
}

export async function derivedItems(db: Db, templateId: string): Promise<ItemRow[]> {
  return (await rows(db, `select ${ITEM} from tb_item i where i.template_id = ? order by i.region_code, i.impl_code`, [templateId])).map(itemFromDb);
}

export interface ItemFilter {
  /** Region prefixes the caller reaches; null = all. */
  readonly scope: readonly string[] | null;
  /** Templates above the caller's regions are readable too (to derive from them). */
  readonly templatesAbove: boolean;
  readonly regionCode?: string;
  readonly departmentId?: string;
  readonly itemType?: string;
  readonly theme?: string;
  readonly status?: VersionStatus;
  readonly q?: string;
  readonly isTemplate?: boolean;
  readonly templateId?: string;
  readonly upgradable?: boolean;
  readonly limit: number;
  readonly offset: number;
}

export interface ItemListRow extends ItemRow {
  readonly publishedVersion: number | null;
  readonly openVersion: number | null;
  readonly openStatus: VersionStatus | null;
  readonly theme: string | null;
  readonly upgradeAvailable: boolean;
}

/** The derived item's newest version was made from an older template version than the published one. */
const UPGRADE = `(i.template_id is not null and exists (
    select 1 from tb_item_version tp where tp.item_id = i.template_id and tp.status = 'published'
    and tp.id is distinct from (select lv.template_version_id from tb_item_version lv where lv.item_id = i.id order by lv.version desc limit 1)))`;

function itemConditions(filter: ItemFilter, bindings: unknown[]): string[] {
  const conditions: string[] = [];
  if (filter.scope !== null) {
    const prefixes = filter.scope.map((p) => `${p}%`);
    if (filter.templatesAbove && filter.scope.length > 0) {
      // A template is readable below its region: the caller's region starts with the template's.
      bindings.push(prefixes, filter.scope);
      conditions.push(`(i.region_code like any(?::text[]) or (i.is_template and exists (select 1 from unnest(?::text[]) s(code) where s.code like i.region_code || '%')))`);
    } else if (filter.scope.length === 0) {
      conditions.push('false');
    } else {
      bindings.push(prefixes);
      conditions.push('i.region_code like any(?::text[])');
    }
  }
  if (filter.regionCode !== undefined) {
    bindings.push(`${filter.regionCode}%`);
    conditions.push('i.region_code like ?');
  }
  const equal = (column: string, value: unknown) => {
    if (value === undefined) return;
    bindings.push(value);
    conditions.push(`${column} = ?`);
  };
  equal('i.department_id', filter.departmentId);
  equal('i.item_type', filter.itemType);
  equal('i.is_template', filter.isTemplate);
  equal('i.template_id', filter.templateId);
  if (filter.theme !== undefined) {
    bindings.push(filter.theme);
    conditions.push('coalesce(pv.data, ov.data) ->> \'theme\' = ?');
  }
  if (filter.status !== undefined) {
    bindings.push(filter.status);
    conditions.push('exists (select 1 from tb_item_version sv where sv.item_id = i.id and sv.status = ?)');
  }
  if (filter.q !== undefined) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    bindings.push(like, like, like);
    conditions.push('(i.name ilike ? or i.impl_code ilike ? or i.base_code ilike ?)');
  }
  if (filter.upgradable !== undefined) conditions.push(filter.upgradable ? UPGRADE : `not ${UPGRADE}`);
  return conditions;
}

const LIST_FROM = `from tb_item i
  left join tb_item_version pv on pv.item_id = i.id and pv.status = 'published'
  left join tb_item_version ov on ov.item_id = i.id and ov.status in ('draft', 'in_review')`;

export async function listItems(db: Db, filter: ItemFilter): Promise<{ items: ItemListRow[]; total: number }> {
  const bindings: unknown[] = [];
  const conditions = itemConditions(filter, bindings);
  const where = conditions.length ? ` where ${conditions.join(' and ')}` : '';
  const total = Number((await first(db, `select count(*) as n ${LIST_FROM}${where}`, bindings))?.n ?? 0);
  const list = await rows(
    db,
    `select ${ITEM}, pv.version as published_version, ov.version as open_version, ov.status as open_status,
       coalesce(pv.data, ov.data) ->> 'theme' as theme, ${UPGRADE} as upgrade_available
     ${LIST_FROM}${where} order by i.region_code, i.impl_code limit ? offset ?`,
    [...bindings, filter.limit, filter.offset],
  );
  return {
    total,
    items: list.map((r) => ({
      ...itemFromDb(r),
      publishedVersion: r.published_version == null ? null : Number(r.published_version),
      openVersion: r.open_version == null ? null : Number(r.open_version),
      openStatus: (str(r.open_status) as VersionStatus | null) ?? null,
      theme: str(r.theme),
      upgradeAvailable: Boolean(r.upgrade_available),
    })),
  };
}

// ── versions ───────────────────────────────────────────────────────────────────────────────

export interface VersionRow {
  readonly id: string;
  readonly itemId: string;
  readonly version: number;
  readonly status: VersionStatus;
  readonly data: ItemData;
  readonly processDefinitionId: string | null;
  readonly formVersionId: string | null;
  readonly fieldPermissions: FieldPermissions;
  readonly templateVersionId: string | null;
  /** Bundles: the members' versions, materials and situations this version composed (null for items). */
  readonly composition: BundleComposition | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedBy: string | null;
  readonly updatedAt: Date;
  readonly submittedBy: string | null;
  readonly submittedAt: Date | null;
  readonly reviewDecision: 'approved' | 'rejected' | null;
  readonly reviewedBy: string | null;
  readonly reviewComment: string | null;
  readonly reviewedAt: Date | null;
  readonly publishedBy: string | null;
  readonly publishedAt: Date | null;
  readonly retiredAt: Date | null;
}

const VERSION = `v.id, v.item_id, v.version, v.status, v.data, v.process_definition_id, v.form_version_id, v.field_permissions,
  v.template_version_id, v.composition, v.created_by, v.created_at, v.updated_by, v.updated_at, v.submitted_by, v.submitted_at, v.review_decision,
  v.reviewed_by, v.review_comment, v.reviewed_at, v.published_by, v.published_at, v.retired_at`;

const versionFromDb = (r: Rec): VersionRow => ({
  id: String(r.id),
  itemId: String(r.item_id),
  version: Number(r.version),
  status: String(r.status) as VersionStatus,
  data: json<ItemData>(r.data),
  processDefinitionId: str(r.process_definition_id),
  formVersionId: str(r.form_version_id),
  fieldPermissions: json<FieldPermissions>(r.field_permissions) ?? {},
  templateVersionId: str(r.template_version_id),
  composition: r.composition == null ? null : json<BundleComposition>(r.composition),
  createdBy: String(r.created_by),
  createdAt: date(r.created_at)!,
  updatedBy: str(r.updated_by),
  updatedAt: date(r.updated_at)!,
  submittedBy: str(r.submitted_by),
  submittedAt: date(r.submitted_at),
  reviewDecision: str(r.review_decision) as VersionRow['reviewDecision'],
  reviewedBy: str(r.reviewed_by),
  reviewComment: str(r.review_comment),
  reviewedAt: date(r.reviewed_at),
  publishedBy: str(r.published_by),
  publishedAt: date(r.published_at),
  retiredAt: date(r.retired_at),
});

export async function listVersions(db: Db, itemId: string): Promise<VersionRow[]> {
  return (await rows(db, `select ${VERSION} from tb_item_version v where v.item_id = ? order by v.version desc`, [itemId])).map(versionFromDb);
}

export async function getVersion(db: Db, itemId: string, version: number): Promise<VersionRow | undefined> {
  const r = await first(db, `select ${VERSION} from tb_item_version v where v.item_id = ? and v.version = ?`, [itemId, version]);
  return r && versionFromDb(r);
}

export async function getVersionById(db: Db, id: string): Promise<VersionRow | undefined> {
  const r = await first(db, `select ${VERSION} from tb_item_version v where v.id = ?`, [id]);
  return r && versionFromDb(r);
}

export async function publishedVersion(db: Db, itemId: string): Promise<VersionRow | undefined> {
  const r = await first(db, `select ${VERSION} from tb_item_version v where v.item_id = ? and v.status = 'published'`, [itemId]);
  return r && versionFromDb(r);
}

/** The version being edited or reviewed (draft or in_review), if any. */
export async function openVersion(db: Db, itemId: string): Promise<VersionRow | undefined> {
  const r = await first(db, `select ${VERSION} from tb_item_version v where v.item_id = ? and v.status in ('draft', 'in_review')`, [itemId]);
  return r && versionFromDb(r);
}

export async function latestVersion(db: Db, itemId: string): Promise<VersionRow | undefined> {
  const r = await first(db, `select ${VERSION} from tb_item_version v where v.item_id = ? order by v.version desc limit 1`, [itemId]);
  return r && versionFromDb(r);
}

export async function insertVersion(
  db: Db,
  v: { id: string; itemId: string; version: number; data: ItemData; createdBy: string; templateVersionId: string | null },
): Promise<void> {
  await db.raw(
    `insert into tb_item_version (id, item_id, version, status, data, field_permissions, template_version_id, created_by, updated_by)
     values (?, ?, ?, 'draft', ?::jsonb, ?::jsonb, ?, ?, ?)`,
    [v.id, v.itemId, v.version, JSON.stringify(v.data), JSON.stringify(v.data.fieldPermissions ?? {}), v.templateVersionId, v.createdBy, v.createdBy],
  );
}

export async function updateDraft(db: Db, id: string, data: ItemData, userId: string): Promise<void> {
  await db.raw(
    `update tb_item_version set data = ?::jsonb, field_permissions = ?::jsonb, updated_by = ?, updated_at = now(),
       review_decision = null where id = ? and status = 'draft'`,
    [JSON.stringify(data), JSON.stringify(data.fieldPermissions ?? {}), userId, id],
  );
}

/**
 * A bundle version's composition with the data composed from it (form, permissions, process),
 * written with its draft and again when it is submitted (what reviewers approve). Not an edit:
 * who last edited the version stays as it was.
 */
export async function setComposition(db: Db, id: string, composition: BundleComposition, data: ItemData): Promise<void> {
  await db.raw('update tb_item_version set composition = ?::jsonb, data = ?::jsonb, field_permissions = ?::jsonb where id = ?', [
    JSON.stringify(composition), JSON.stringify(data), JSON.stringify(data.fieldPermissions ?? {}), id,
  ]);
}

/** Bundles listing this member (by 实施编码) in a published version, or — unless `publishedOnly` — an open one. */
export async function bundlesWithMember(db: Db, implCode: string, publishedOnly = false): Promise<Array<{ id: string; implCode: string; name: string }>> {
  const found = await rows(
    db,
    `select i.id, i.impl_code, i.name from tb_item i join tb_item_version v on v.item_id = i.id and v.status = any(?::text[])
     where i.kind = 'bundle' and v.composition -> 'members' @> ?::jsonb group by i.id, i.impl_code, i.name order by i.impl_code`,
    [publishedOnly ? ['published'] : ['published', 'draft', 'in_review'], JSON.stringify([{ implCode }])],
  );
  return found.map((r) => ({ id: String(r.id), implCode: String(r.impl_code), name: String(r.name) }));
}

export async function setTemplateVersion(db: Db, id: string, templateVersionId: string): Promise<void> {
  await db.raw('update tb_item_version set template_version_id = ? where id = ?', [templateVersionId, id]);
}

export async function markSubmitted(db: Db, id: string, pins: { processDefinitionId: string; formVersionId: string }, userId: string): Promise<void> {
  await db.raw(
    `update tb_item_version set status = 'in_review', process_definition_id = ?, form_version_id = ?, submitted_by = ?, submitted_at = now(),
       review_decision = null, reviewed_by = null, reviewed_at = null, review_comment = null where id = ?`,
    [pins.processDefinitionId, pins.formVersionId, userId, id],
  );
}

export async function markReviewed(db: Db, id: string, decision: 'approved' | 'rejected', userId: string, comment: string | null): Promise<void> {
  await db.raw(
    `update tb_item_version set status = ?, review_decision = ?, reviewed_by = ?, reviewed_at = now(), review_comment = ? where id = ?`,
    [decision === 'approved' ? 'in_review' : 'draft', decision, userId, comment, id],
  );
}

export async function markPublished(db: Db, id: string, userId: string): Promise<void> {
  await db.raw(`update tb_item_version set status = 'published', published_by = ?, published_at = now() where id = ?`, [userId, id]);
}

export async function markRetired(db: Db, id: string): Promise<void> {
  await db.raw(`update tb_item_version set status = 'retired', retired_at = now() where id = ?`, [id]);
}

// ── form versions ──────────────────────────────────────────────────────────────────────────

export interface FormVersionRow {
  readonly id: string;
  readonly formId: string;
  readonly version: number;
  readonly definition: FormDefinition;
  readonly createdAt: Date;
}

const formVersionFromDb = (r: Rec): FormVersionRow => ({
  id: String(r.id),
  formId: String(r.form_id),
  version: Number(r.version),
  definition: json<FormDefinition>(r.definition),
  createdAt: date(r.created_at)!,
});

export async function getFormVersion(db: Db, id: string): Promise<FormVersionRow | undefined> {
  const r = await first(db, 'select id, form_id, version, definition, created_at from tb_form_version where id = ?', [id]);
  return r && formVersionFromDb(r);
}

export async function latestFormVersion(db: Db, formId: string): Promise<FormVersionRow | undefined> {
  const r = await first(db, 'select id, form_id, version, definition, created_at from tb_form_version where form_id = ? order by version desc limit 1', [formId]);
  return r && formVersionFromDb(r);
}

export async function insertFormVersion(db: Db, row: { id: string; formId: string; version: number; definition: FormDefinition }): Promise<void> {
  await db.raw('insert into tb_form_version (id, form_id, version, definition) values (?, ?, ?, ?::jsonb)', [row.id, row.formId, row.version, JSON.stringify(row.definition)]);
}

// ── published, joined (for cases) ──────────────────────────────────────────────────────────

export interface PublishedRow {
  readonly item: ItemRow;
  readonly version: VersionRow;
  readonly form: FormVersionRow | undefined;
}

/** The item (by id or implementation code) with its published version and pinned form, in one query. */
export async function publishedWithForm(db: Db, idOrImplCode: string): Promise<PublishedRow | undefined> {
  const r = await first(
    db,
    `select ${ITEM}, ${VERSION.replace(/v\.(\w+)/g, 'v.$1 as v_$1')},
       f.id as f_id, f.form_id as f_form_id, f.version as f_version, f.definition as f_definition, f.created_at as f_created_at
     from tb_item i
     join tb_item_version v on v.item_id = i.id and v.status = 'published'
     left join tb_form_version f on f.id = v.form_version_id
     where i.id = ? or i.impl_code = ?
     order by (i.id = ?) desc limit 1`,
    [idOrImplCode, idOrImplCode, idOrImplCode],
  );
  if (!r) return undefined;
  const prefixed = (prefix: string) => Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  return {
    item: itemFromDb(r),
    version: versionFromDb(prefixed('v_')),
    form: r.f_id == null ? undefined : formVersionFromDb(prefixed('f_')),
  };
}
