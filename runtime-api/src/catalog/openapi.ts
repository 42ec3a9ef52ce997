/**
 * The catalogue's part of the OpenAPI document: operations and schemas, spread into
 * `openapi/operations.ts` and `openapi/schemas.ts`. Item *data* is an open object here on
 * purpose: the catalogue validates it itself (item-schema.ts) and answers 422 ITEM_INVALID
 * with a Chinese message per problem, which the generic 400 could not give.
 */
import { REGION_CODE_PATTERN } from '../identity/regions.js';
import type { OperationSpec } from '../openapi/operations.js';
import { ITEM_TYPE_CODES, THEMES } from './types.js';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const ID_PATTERN = '^[^\\u0000-\\u001f\\u007f]+$';
const idParam = (description: string): Schema => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string', minLength: 1, maxLength: 255, pattern: ID_PATTERN } });
const query = (name: string, description: string, schema: Schema = { type: 'string', minLength: 1, maxLength: 255, pattern: ID_PATTERN }): Schema => ({ name, in: 'query', required: false, description, schema });
const PAGING: readonly Schema[] = [
  query('limit', 'Page size (default 50, at most 200)', { type: 'integer', minimum: 1, maximum: 200, default: 50 }),
  query('offset', 'Items to skip', { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 }),
];
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullableDateTime: Schema = { type: ['string', 'null'], format: 'date-time' };
const text = (maxLength: number, extra: Schema = {}): Schema => ({ type: 'string', minLength: 1, maxLength, ...extra });
function object(properties: Record<string, Schema>, required: readonly string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required: [...required], additionalProperties: false };
}

const REGION: Schema = { type: 'string', pattern: REGION_CODE_PATTERN };
const CODE = text(64, { pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });
const FILTERS: readonly Schema[] = [
  query('regionCode', 'Only this region and below (within your own scope)', REGION),
  query('departmentId', 'Implementing department'),
  query('itemType', 'Item type code (01 … 10, 20)', { type: 'string', enum: ITEM_TYPE_CODES }),
  query('theme', 'Theme', { type: 'string', enum: [...THEMES] }),
  query('status', 'Items having a version in this state', { type: 'string', enum: ['draft', 'in_review', 'published', 'retired'] }),
  query('q', 'Name or code contains', text(100, { pattern: ID_PATTERN })),
  query('isTemplate', 'Templates only (true) or no templates (false)', { type: 'boolean' }),
  query('templateId', 'Items derived from this template'),
  query('upgradable', 'Derived items whose template has published a newer version', { type: 'boolean' }),
];

export const CATALOG_TAG = 'catalogue';

export const CATALOG_OPERATIONS = {
  listItems: {
    tag: CATALOG_TAG,
    summary: 'Service items (事项) in your regions, with templates above them',
    parameters: [...FILTERS, ...PAGING],
    responses: { 200: 'ItemPage' },
  },
  createItem: {
    tag: CATALOG_TAG,
    summary: 'Create a service item, or a bundle (一件事, kind: bundle): version 1, a draft',
    description:
      'Item data is validated with Chinese messages: 422 ITEM_INVALID with details.problems [{ path, message }]. A bundle lists published members in data.bundle.members; ' +
      'refusals: 422 BUNDLE_TOO_FEW_MEMBERS, BUNDLE_DUPLICATE_MEMBER, BUNDLE_MEMBER_NOT_FOUND, BUNDLE_MEMBER_NOT_PUBLISHED, BUNDLE_MEMBER_IS_BUNDLE, BUNDLE_MEMBER_IS_TEMPLATE, ' +
      'BUNDLE_MEMBER_OUTSIDE_REGION, BUNDLE_LIMIT_INVALID, BUNDLE_COMPOSITION_CONFLICT.',
    body: 'NewItem',
    responses: { 201: 'ItemDetail' },
  },
  getPublicItem: {
    tag: CATALOG_TAG,
    summary: 'The published version of an item, for the public service guide (办事指南); no sign-in',
    description: 'Only what is published: no draft, no review state. An item without a published version is 404.',
    parameters: [idParam('Item id or implementation code')],
    responses: { 200: 'PublicItem' },
  },
  getItem: { tag: CATALOG_TAG, summary: 'One item with its published and open (draft or in review) versions', parameters: [idParam('Item id')], responses: { 200: 'ItemDetail' } },
  updateItem: {
    tag: CATALOG_TAG,
    summary: 'Save the draft (a new draft version when none is open); derived items change only their parameters',
    description: 'A version in review cannot change (409 VERSION_IN_REVIEW).',
    parameters: [idParam('Item id')],
    body: 'ItemChange',
    responses: { 200: 'ItemVersion' },
  },
  listItemVersions: { tag: CATALOG_TAG, summary: 'Every version, newest first, with review comments', parameters: [idParam('Item id')], responses: { 200: 'ItemVersionList' } },
  submitItem: {
    tag: CATALOG_TAG,
    summary: 'Submit the draft for review: pins the process definition (deploying inline BPMN) and the form version',
    parameters: [idParam('Item id')],
    responses: { 200: 'ItemVersion' },
  },
  reviewItem: {
    tag: CATALOG_TAG,
    summary: 'Approve or reject (back to draft, comment required) the version in review — not by its author',
    parameters: [idParam('Item id')],
    body: 'ReviewRequest',
    responses: { 200: 'ItemVersion' },
  },
  publishItem: {
    tag: CATALOG_TAG,
    summary: 'Publish the approved version; the previous published version is retired',
    description: 'A bundle is refused while a member is retired (409 BUNDLE_MEMBER_RETIRED) or has published a newer version than the one composed (409 BUNDLE_MEMBER_CHANGED: submit again).',
    parameters: [idParam('Item id')],
    responses: { 200: 'ItemVersion' },
  },
  retireItem: { tag: CATALOG_TAG, summary: 'Retire the published version: the item can no longer be applied for', parameters: [idParam('Item id')], responses: { 200: 'ItemVersion' } },
  diffItem: {
    tag: CATALOG_TAG,
    summary: 'What a version (default: the open one) changes against the published version',
    parameters: [idParam('Item id'), query('version', 'Version number', { type: 'integer', minimum: 1 })],
    responses: { 200: 'ItemDiff' },
  },
  deriveItem: {
    tag: CATALOG_TAG,
    summary: 'Create a lower-level item from a template by filling its parameters (process and form come from the template)',
    parameters: [idParam('Template item id')],
    body: 'DeriveRequest',
    responses: { 201: 'ItemDetail' },
  },
  listDerivedItems: {
    tag: CATALOG_TAG,
    summary: 'Items derived from a template (in your regions), with whether an upgrade is offered',
    parameters: [idParam('Template item id')],
    responses: { 200: 'DerivedItemList' },
  },
  upgradeItem: {
    tag: CATALOG_TAG,
    summary: 'A new draft of a derived item from its template’s published version, same parameters',
    parameters: [idParam('Derived item id')],
    responses: { 200: 'ItemVersion' },
  },
  exportCatalogue: {
    tag: CATALOG_TAG,
    summary: 'Export items (latest version of each) as JSON',
    parameters: [...FILTERS],
    responses: { 200: 'CatalogueExport' },
  },
  exportCatalogueXlsx: {
    tag: CATALOG_TAG,
    summary: 'Export items as an Excel workbook in the departments’ column layout (sheets 事项, 申请材料, 情形)',
    parameters: [...FILTERS],
    responses: { 200: 'xlsx' },
  },
  importCatalogue: {
    tag: CATALOG_TAG,
    summary: 'Import items from JSON or an Excel workbook (base64): drafts are created or updated',
    description: 'Every row is checked; any failure → 422 IMPORT_FAILED with the row-by-row report and nothing saved, unless partial=true (good rows saved, 200 with the report).',
    parameters: [query('partial', 'Save the good rows even when some fail', { type: 'boolean' })],
    body: 'ImportRequest',
    responses: { 200: 'ImportReport' },
  },
} as const satisfies Record<string, OperationSpec>;

const VERSION_STATUS: Schema = { type: 'string', enum: ['draft', 'in_review', 'published', 'retired'] };
const itemHeader: Record<string, Schema> = {
  id: { type: 'string' },
  baseCode: { type: 'string' },
  implCode: { type: 'string' },
  name: { type: 'string' },
  itemType: { type: 'string' },
  itemTypeName: { type: 'string' },
  departmentId: { type: 'string' },
  regionCode: { type: 'string' },
  level: { type: 'string', enum: ['province', 'city', 'county', 'town', 'village'] },
  isTemplate: { type: 'boolean' },
  kind: { type: 'string', enum: ['item', 'bundle'], description: 'bundle: 一件事, several items applied for together in one case' },
  templateId: nullable('string'),
  templateParams: { type: ['object', 'null'] },
  createdBy: nullable('string'),
  createdAt: dateTime,
};
const problemList: Schema = { type: 'array', items: object({ path: { type: 'string' }, message: { type: 'string' } }) };
const ITEM_DATA: Schema = { type: 'object', description: 'ItemData: name, itemType, departmentId, legalLimit, promisedLimit, immediate, onSiteVisits, onSiteReason, onlineDepth, materials, situations, fees, theme, applicantTypes, process, form, fieldPermissions, templateParameters, bundle { members: [{ implCode, issues }] } (see the catalogue README)' };
const KIND: Schema = { type: 'string', enum: ['item', 'bundle'], description: 'bundle (一件事): data.bundle.members lists published items by 实施编码; process, form and permissions are composed by the server' };
const LIMIT: Schema = object({ value: { type: 'integer' }, unit: { type: 'string', enum: ['workingDays', 'calendarDays'] } });
/** A bundle's members with their standing now, the combined materials and the situations carried over. */
const BUNDLE_REPORT: Schema = {
  type: ['object', 'null'],
  properties: {
    members: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          position: { type: 'integer' },
          itemId: { type: 'string' },
          implCode: { type: 'string' },
          name: { type: 'string' },
          version: { type: 'integer' },
          departmentId: { type: 'string' },
          departmentName: { type: ['string', 'null'] },
          immediate: { type: 'boolean' },
          promisedLimit: LIMIT,
          issues: nullable('string'),
          standing: { type: 'string', enum: ['published', 'outdated', 'retired', 'missing'] },
          publishedVersion: nullable('integer'),
        },
        required: ['position', 'itemId', 'implCode', 'name', 'version', 'departmentId', 'standing', 'publishedVersion'],
      },
    },
    retiredMembers: { type: 'array', items: { type: 'string' }, description: 'Members retired since: the bundle cannot be published or applied for' },
    materials: { type: 'array', items: { type: 'object' }, description: 'Materials of all members, each asked once, with `members` (实施编码) that need it' },
    situations: { type: 'array', items: { type: 'object' } },
    replaced: { type: 'array', items: { type: 'object' }, description: 'Materials not asked because another member issues them' },
  },
  required: ['members', 'retiredMembers', 'materials', 'situations', 'replaced'],
};
const IN_BUNDLES: Schema = { type: 'array', items: object({ id: { type: 'string' }, implCode: { type: 'string' }, name: { type: 'string' } }), description: 'Bundles (一件事) this item is a member of' };

export const CATALOG_SCHEMAS: Record<string, Schema> = {
  ItemData: ITEM_DATA,
  NewItem: object({ baseCode: CODE, implCode: CODE, regionCode: REGION, isTemplate: { type: 'boolean' }, kind: KIND, data: ITEM_DATA }, ['baseCode', 'implCode', 'regionCode', 'data']),
  ItemChange: { ...object({ data: ITEM_DATA, parameters: { type: 'object', description: 'Derived items: template parameter values' }, name: text(200) }, []), minProperties: 1 },
  ReviewRequest: object({ decision: { type: 'string', enum: ['approve', 'reject'] }, comment: text(2000) }, ['decision']),
  DeriveRequest: object({ regionCode: REGION, parameters: { type: 'object' }, implCode: CODE, name: text(200) }, ['regionCode', 'parameters']),
  ItemVersion: object({
    id: { type: 'string' },
    itemId: { type: 'string' },
    version: { type: 'integer' },
    status: VERSION_STATUS,
    data: ITEM_DATA,
    processDefinitionId: nullable('string'),
    formVersionId: nullable('string'),
    templateVersionId: nullable('string'),
    composition: { type: ['object', 'null'], description: 'Bundles: the members’ pinned versions, combined materials and situations' },
    createdBy: { type: 'string' },
    createdAt: dateTime,
    updatedBy: nullable('string'),
    updatedAt: dateTime,
    submittedBy: nullable('string'),
    submittedAt: nullableDateTime,
    reviewDecision: { type: ['string', 'null'], enum: ['approved', 'rejected', null] },
    reviewedBy: nullable('string'),
    reviewComment: nullable('string'),
    reviewedAt: nullableDateTime,
    publishedBy: nullable('string'),
    publishedAt: nullableDateTime,
    retiredAt: nullableDateTime,
  }),
  UpgradeOffer: object({ available: { type: 'boolean' }, templateVersion: nullable('integer'), fromTemplateVersion: nullable('integer') }),
  ItemDetail: object({
    ...itemHeader,
    published: { oneOf: [ref('ItemVersion'), { type: 'null' }] },
    open: { oneOf: [ref('ItemVersion'), { type: 'null' }] },
    upgrade: ref('UpgradeOffer'),
    bundle: BUNDLE_REPORT,
    inBundles: IN_BUNDLES,
  }),
  /** The public guide's item: the published version, with the names an applicant reads. */
  PublicItem: object({
    ...itemHeader,
    published: { oneOf: [ref('ItemVersion'), { type: 'null' }] },
    open: { type: 'null' },
    upgrade: ref('UpgradeOffer'),
    bundle: BUNDLE_REPORT,
    inBundles: IN_BUNDLES,
    departmentName: { type: ['string', 'null'] },
    regionName: { type: ['string', 'null'] },
  }),
  ItemSummary: object({
    ...itemHeader,
    theme: nullable('string'),
    publishedVersion: nullable('integer'),
    openVersion: nullable('integer'),
    openStatus: { type: ['string', 'null'], enum: ['draft', 'in_review', null] },
    upgradeAvailable: { type: 'boolean' },
  }),
  ItemPage: object({ items: { type: 'array', items: ref('ItemSummary') }, total: { type: 'integer', minimum: 0 }, limit: { type: 'integer' }, offset: { type: 'integer' } }),
  ItemVersionList: object({ items: { type: 'array', items: ref('ItemVersion') } }),
  DerivedItemList: object({ items: { type: 'array', items: ref('ItemSummary') } }),
  ItemDiff: object({
    version: { type: 'integer' },
    publishedVersion: nullable('integer'),
    changedFields: { type: 'array', items: { type: 'string' } },
    materials: object({ added: { type: 'array', items: { type: 'string' } }, removed: { type: 'array', items: { type: 'string' } }, changed: { type: 'array', items: { type: 'string' } } }),
    formChanged: { type: 'boolean' },
    fieldPermissionsChanged: { type: 'boolean' },
    processDefinitionIds: object({ version: nullable('string'), published: nullable('string') }),
    processChanged: { type: 'boolean' },
  }),
  ExchangeItem: object(
    { baseCode: CODE, implCode: CODE, regionCode: REGION, isTemplate: { type: 'boolean' }, kind: KIND, data: ITEM_DATA },
    ['baseCode', 'implCode', 'regionCode', 'data'],
  ),
  CatalogueExport: object({ format: { type: 'string', enum: ['tongban-catalogue'] }, version: { type: 'integer' }, items: { type: 'array', items: ref('ExchangeItem') } }),
  ImportRequest: {
    ...object(
      {
        items: { type: 'array', items: { type: 'object' }, maxItems: 5000, description: 'ExchangeItem objects, as the JSON export writes them' },
        xlsxBase64: { type: 'string', minLength: 1, maxLength: 20_000_000, description: 'An Excel workbook (.xlsx) in the export’s column layout, base64' },
      },
      [],
    ),
    minProperties: 1,
    maxProperties: 1,
  },
  ImportRow: object({
    row: { type: 'integer', description: 'Position: the JSON array index + 1, or the Excel row number on sheet 事项' },
    implCode: nullable('string'),
    status: { type: 'string', enum: ['created', 'updated', 'failed', 'skipped'] },
    problems: problemList,
  }),
  ImportReport: object({
    saved: { type: 'boolean', description: 'False when nothing was saved' },
    created: { type: 'integer' },
    updated: { type: 'integer' },
    failed: { type: 'integer' },
    rows: { type: 'array', items: ref('ImportRow') },
  }),
};
