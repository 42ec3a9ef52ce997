/**
 * Case fixtures: the processes cases run (an `accept` step then a `review` step; an immediate
 * item with `accept` only), published items written straight through the catalogue's store
 * (the catalogue's own routes are tested elsewhere), valid applicants, and a staff principal
 * for driving the case services without HTTP when a test only needs a case in some state.
 */
import { randomBytes } from 'node:crypto';
import { idCardCheckChar, usccCheckChar, type FormDefinition } from '../../../../forms/src/index.js';
import type { RunningServer } from '../../../../runtime-api/src/index.js';
import * as catalog from '../../../../runtime-api/src/catalog/store.js';
import type { ItemData } from '../../../../runtime-api/src/catalog/types.js';
import { userPrincipal, type Principal } from '../../../../runtime-api/src/identity/principal.js';
import { getUser } from '../../../../runtime-api/src/store/sql.js';
import type { Applicant } from '../../../../runtime-api/src/cases/model.js';
import { definitionsXml } from '../../../support/bpmn.js';

export const DISTRICT = '440106';

/** Admin by id, clerks and approvers of the inside town by group: everyone the route table lets act. */
const WORKERS = 'tongban:candidateUsers="user-admin" tongban:candidateGroups="town-in:clerk,town-in:approver"';

/** One file per process: the step id `accept` is the convention, and ids are unique per file. */
export const CASE_PROCESSES = [
  definitionsXml(`
  <process id="case_basic" name="受理后审查" isExecutable="true">
    <startEvent id="cb_s"/><userTask id="accept" name="受理" ${WORKERS}/><userTask id="review" name="审查" ${WORKERS}/><endEvent id="cb_e"/>
    <sequenceFlow id="cb_1" sourceRef="cb_s" targetRef="accept"/><sequenceFlow id="cb_2" sourceRef="accept" targetRef="review"/>
    <sequenceFlow id="cb_3" sourceRef="review" targetRef="cb_e"/>
  </process>`),
  definitionsXml(`
  <process id="case_immediate" name="即办" isExecutable="true">
    <startEvent id="ci_s"/><userTask id="accept" name="受理并办结" ${WORKERS}/><endEvent id="ci_e"/>
    <sequenceFlow id="ci_1" sourceRef="ci_s" targetRef="accept"/><sequenceFlow id="ci_2" sourceRef="accept" targetRef="ci_e"/>
  </process>`),
];

export const CASE_FORM: FormDefinition = {
  id: 'case-test-form',
  title: '测试申请表',
  schema: {
    type: 'object',
    properties: {
      business: { type: 'object', title: '经营信息', properties: { name: { type: 'string', title: '名称' }, address: { type: 'string', title: '经营场所' } }, required: ['name'] },
      opinion: { type: 'string', title: '审查意见' },
      internalNote: { type: 'string', title: '内部备注' },
    },
    required: ['business'],
  },
  uiSchema: {
    type: 'VerticalLayout',
    elements: [
      { type: 'Control', scope: '#/properties/business/properties/name' },
      { type: 'Control', scope: '#/properties/business/properties/address' },
      { type: 'Control', scope: '#/properties/opinion' },
      { type: 'Control', scope: '#/properties/internalNote' },
    ],
  },
};

/** The applicant fills the business; the review step writes its opinion and never sees the internal note. */
export const FIELD_PERMISSIONS = {
  applicant: { '/opinion': 'hidden', '/internalNote': 'hidden' },
  review: { '/opinion': 'editable', '/internalNote': 'hidden' },
} as const;

export function itemData(overrides: Partial<ItemData> = {}): ItemData {
  return {
    name: '测试事项',
    itemType: '01',
    departmentId: 'district',
    legalLimit: { value: 20, unit: 'workingDays' },
    promisedLimit: { value: 5, unit: 'workingDays' },
    immediate: false,
    onSiteVisits: 1,
    onSiteReason: '核验原件',
    onlineDepth: 3,
    materials: [{ id: 'm1', name: '申请书', necessity: 'required', form: 'paper', copies: 1 }],
    situations: [{ id: 'chain', name: '连锁经营', materials: [], variables: { chain: true } }],
    fees: [],
    theme: '经营许可',
    applicantTypes: ['naturalPerson', 'legalPerson'],
    contact: '020-12345678 天河区政务服务中心二楼',
    process: { key: 'case_basic' },
    form: CASE_FORM,
    fieldPermissions: FIELD_PERMISSIONS as unknown as ItemData['fieldPermissions'],
    ...overrides,
  };
}

const unique = () => randomBytes(4).toString('hex');

/** Writes an item and publishes one version pinning `processKey:1`; returns the item id. */
export async function publishItem(server: RunningServer, options: { processKey?: string; data?: Partial<ItemData>; regionCode?: string; baseCode?: string } = {}): Promise<string> {
  const knex = server.context.knex;
  const id = `item-${unique()}`;
  const data = itemData({ ...options.data, process: { key: options.processKey ?? 'case_basic' } });
  await catalog.insertItem(knex, {
    id,
    baseCode: options.baseCode ?? '000101001000',
    implCode: `11440106MB${unique()}`,
    name: data.name,
    itemType: data.itemType,
    departmentId: data.departmentId,
    regionCode: options.regionCode ?? DISTRICT,
    level: 'county',
    isTemplate: false,
    templateId: null,
    templateParams: null,
    createdBy: 'test',
  });
  const formVersionId = `form-${unique()}`;
  // A form of its own per item: form versions are unique per (form id, version).
  await catalog.insertFormVersion(knex, { id: formVersionId, formId: `${CASE_FORM.id}-${id}`, version: 1, definition: { ...data.form, id: `${CASE_FORM.id}-${id}` } });
  const versionId = `ver-${unique()}`;
  await catalog.insertVersion(knex, { id: versionId, itemId: id, version: 1, data, createdBy: 'test', templateVersionId: null });
  await catalog.markSubmitted(knex, versionId, { processDefinitionId: `${options.processKey ?? 'case_basic'}:1`, formVersionId }, 'test');
  await catalog.markPublished(knex, versionId, 'test');
  return id;
}

/** A valid resident ID number (real check digit), different for each `n`. */
export function idNumber(n: number): string {
  const base = `44010619900101${String(n % 1000).padStart(3, '0')}`;
  return base + idCardCheckChar(base);
}

export function uscc(n: number): string {
  const base = `91440106MA${String(n % 100_000_000).padStart(7, '0')}`;
  return base + usccCheckChar(base);
}

export const person = (n: number): Applicant => ({ type: 'naturalPerson', name: `申请人${n}`, idNumber: idNumber(n), phone: '13800138000' });
export const company = (n: number): Applicant => ({
  type: 'legalPerson',
  name: `广州某某餐饮有限公司${n}`,
  uscc: uscc(n),
  legalRepresentative: '王五',
  agent: { name: '赵六', idNumber: idNumber(900 + (n % 99)) },
});

export const FORM_DATA = { business: { name: '某某小吃店', address: '天河路1号' } };

export async function principal(server: RunningServer, userId = 'user-admin'): Promise<Principal> {
  const user = await getUser(server.context.knex, userId);
  if (!user) throw new Error(`no user ${userId}`);
  return userPrincipal(user);
}
