/**
 * Catalogue fixtures for the API tests: valid item data over the harness's departments and
 * processes, and items brought to any lifecycle state directly through the catalogue's
 * functions (fast, and authored by someone other than the fixture users, so reviewers may
 * review them).
 */
import { randomBytes } from 'node:crypto';
import type { FormDefinition } from '../../../forms/src/index.js';
import { createItem, publishItem, reviewItem, submitItem } from '../../../runtime-api/src/catalog/lifecycle.js';
import type { ItemData } from '../../../runtime-api/src/catalog/types.js';
import { deriveItem } from '../../../runtime-api/src/catalog/templates.js';
import { updateItem } from '../../../runtime-api/src/catalog/lifecycle.js';
import { DISTRICT, type Harness } from '../support/harness.js';

export const AUTHOR = 'sample-author';
export const REVIEWER = 'sample-reviewer';

export const unique = (): string => randomBytes(4).toString('hex');

export const FORM: FormDefinition = {
  id: 'cat-test-form',
  title: '测试申请表',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', title: '申请人姓名', 'x-prefill': 'profile.name' },
      mobile: { type: 'string', title: '手机号码', format: 'mobile-cn', 'x-prefill': 'lastCase.mobile' },
      opinion: { type: 'string', title: '审批意见' },
      note: { type: 'string', title: '内部备注' },
    },
    required: ['name'],
  },
  uiSchema: {
    type: 'VerticalLayout',
    elements: [
      { type: 'Control', scope: '#/properties/name' },
      { type: 'Control', scope: '#/properties/mobile' },
      { type: 'Control', scope: '#/properties/opinion' },
      { type: 'Control', scope: '#/properties/note' },
    ],
  },
};

export function itemData(overrides: Partial<Record<keyof ItemData, unknown>> = {}): ItemData {
  return {
    name: '测试事项',
    itemType: '20',
    departmentId: 'town-in',
    legalLimit: { value: 20, unit: 'workingDays' },
    promisedLimit: { value: 10, unit: 'workingDays' },
    immediate: false,
    onSiteVisits: 0,
    onlineDepth: 4,
    materials: [{ id: 'idCard', name: '居民身份证', necessity: 'required', form: 'both', copies: 1, eCertificate: '居民身份证' }],
    situations: [{ id: 'agent', name: '委托代办', materials: [{ id: 'proxy', name: '授权委托书', necessity: 'required', form: 'paper', copies: 1 }], variables: { byAgent: true } }],
    fees: [],
    theme: '社会民生',
    applicantTypes: ['naturalPerson'],
    process: { key: 'api_task' },
    form: FORM,
    fieldPermissions: { work: { '/name': 'readonly', '/opinion': 'editable', '/note': 'hidden' } },
    ...overrides,
  } as ItemData;
}

export const TEMPLATE_PARAMETERS = [
  { name: 'handler', label: '经办部门', type: 'department', required: true },
  { name: 'phone', label: '咨询电话', type: 'phone', required: true },
  { name: 'villages', label: '服务村居', type: 'regionList', required: false },
];

export type State = 'draft' | 'in_review' | 'approved' | 'published';

const ctxOf = (h: Harness) => h.server.context;

/** An item in `regionCode` brought to `state`; returns its id. */
export async function makeItem(h: Harness, regionCode: string, state: State, options: { isTemplate?: boolean; data?: ItemData; implCode?: string } = {}): Promise<string> {
  const code = options.implCode ?? `T-${unique()}`;
  const id = await createItem(
    ctxOf(h),
    {
      baseCode: code.split('-')[0] === 'T' ? `B${code.slice(2)}` : code,
      implCode: code,
      regionCode,
      isTemplate: options.isTemplate ?? false,
      data: options.data ?? itemData(options.isTemplate ? { templateParameters: TEMPLATE_PARAMETERS, contact: '咨询电话 {{phone}}' } : {}),
    },
    AUTHOR,
  );
  await advance(h, id, 'draft', state);
  return id;
}

const ORDER: State[] = ['draft', 'in_review', 'approved', 'published'];

/** Moves the open version from one state to a later one. */
export async function advance(h: Harness, id: string, from: State, to: State): Promise<void> {
  for (const state of ORDER.slice(ORDER.indexOf(from) + 1, ORDER.indexOf(to) + 1)) {
    if (state === 'in_review') await submitItem(ctxOf(h), id, AUTHOR);
    if (state === 'approved') await reviewItem(ctxOf(h), id, 'approve', '同意', REVIEWER);
    if (state === 'published') await publishItem(ctxOf(h), id, REVIEWER);
  }
}

/** A published template in `regionCode` (default: the district). */
export async function makeTemplate(h: Harness, regionCode = DISTRICT): Promise<string> {
  return makeItem(h, regionCode, 'published', { isTemplate: true });
}

/** A village item derived from a (new) template; with `upgradable`, the template then publishes a new version. */
export async function makeDerived(h: Harness, regionCode: string, options: { upgradable?: boolean } = {}): Promise<{ templateId: string; itemId: string }> {
  const templateId = await makeTemplate(h);
  const itemId = await deriveItem(ctxOf(h), templateId, { regionCode, parameters: { handler: 'town-in', phone: '020-12345678' } }, AUTHOR);
  if (options.upgradable) {
    await updateItem(ctxOf(h), templateId, itemData({ templateParameters: TEMPLATE_PARAMETERS, contact: '新的咨询方式 {{phone}}', onlineDepth: 3 }), AUTHOR);
    await advance(h, templateId, 'draft', 'published');
  }
  return { templateId, itemId };
}
