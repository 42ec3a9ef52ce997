/**
 * The JSON Schema (2020-12) of `ItemData` — one version of a service item. Validated with ajv
 * through @tongban/forms (`formErrors`), so editors get the same Chinese messages, labelled by
 * each property's `title`, as applicants do for their forms. Rules one schema cannot say
 * (promised ≤ statutory limit, unique ids, the form itself) are in `validate-item.ts`.
 */
import type { JSONSchema } from '@tongban/forms';
import { ITEM_TYPE_CODES, THEMES, TEMPLATE_PARAMETER_TYPES } from './types.js';

const text = (title: string, maxLength: number, extra: JSONSchema = {}): JSONSchema => ({ type: 'string', title, minLength: 1, maxLength, ...extra });
const closed = (title: string, properties: Record<string, JSONSchema>, required: string[], extra: JSONSchema = {}): JSONSchema => ({
  type: 'object',
  title,
  properties,
  required,
  additionalProperties: false,
  ...extra,
});
/** Identifiers used as keys (material ids, situation ids, parameter and variable names). */
const IDENT = '^[A-Za-z][A-Za-z0-9_]{0,62}$';

const limit = (title: string): JSONSchema =>
  closed(title, { value: { type: 'integer', title: `${title}（数值）`, minimum: 0, maximum: 3650 }, unit: { type: 'string', title: `${title}（单位）`, enum: ['workingDays', 'calendarDays'] } }, ['value', 'unit']);

const material: JSONSchema = closed(
  '申请材料',
  {
    id: text('材料编号', 63, { pattern: IDENT }),
    name: text('材料名称', 200),
    necessity: { type: 'string', title: '必要性', enum: ['required', 'conditional', 'optional'] },
    condition: text('需要的情形', 500),
    form: { type: 'string', title: '材料形式', enum: ['paper', 'electronic', 'both'] },
    copies: { type: 'integer', title: '份数', minimum: 1, maximum: 99 },
    eCertificate: text('可替代的电子证照', 100),
    source: text('来源渠道', 200),
    note: text('备注', 1000),
  },
  ['id', 'name', 'necessity', 'form', 'copies'],
  // 容缺/按情形: say when.
  { if: { properties: { necessity: { type: 'string', const: 'conditional' } }, required: ['necessity'] }, then: { properties: { condition: { type: 'string', title: '需要的情形' } }, required: ['condition'] } },
);

const situation: JSONSchema = closed(
  '情形',
  {
    id: text('情形编号', 63, { pattern: IDENT }),
    name: text('情形名称', 200),
    description: text('情形说明', 2000),
    materials: { type: 'array', title: '情形材料', items: material, maxItems: 100 },
    variables: {
      type: 'object',
      title: '流程变量',
      propertyNames: { pattern: IDENT },
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
      maxProperties: 50,
    },
  },
  ['id', 'name', 'materials', 'variables'],
);

const parameter: JSONSchema = closed(
  '模板参数',
  {
    name: text('参数名', 63, { pattern: IDENT }),
    label: text('参数名称', 100),
    type: { type: 'string', title: '参数类型', enum: [...TEMPLATE_PARAMETER_TYPES] },
    required: { type: 'boolean', title: '是否必填' },
    description: text('参数说明', 500),
  },
  ['name', 'label', 'type', 'required'],
);

export const ITEM_DATA_SCHEMA: JSONSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  ...closed(
    '事项',
    {
      name: text('事项名称', 200),
      itemType: { type: 'string', title: '事项类型', enum: [...ITEM_TYPE_CODES] },
      departmentId: text('实施主体', 63),
      legalLimit: limit('法定时限'),
      promisedLimit: limit('承诺时限'),
      immediate: { type: 'boolean', title: '即办件' },
      onSiteVisits: { type: 'integer', title: '到现场次数', minimum: 0, maximum: 10 },
      onSiteReason: text('到现场理由', 1000),
      onlineDepth: { type: 'integer', title: '网上办理深度', minimum: 1, maximum: 4 },
      materials: { type: 'array', title: '申请材料', items: material, maxItems: 200 },
      situations: { type: 'array', title: '情形', items: situation, maxItems: 100 },
      fees: {
        type: 'array',
        title: '收费',
        maxItems: 50,
        items: closed('收费项目', { name: text('收费项目名称', 200), amount: { type: 'number', title: '收费金额（元）', minimum: 0, maximum: 100000000 }, basis: text('收费依据', 1000) }, ['name', 'amount']),
      },
      theme: { type: 'string', title: '主题', enum: [...THEMES] },
      applicantTypes: { type: 'array', title: '服务对象', items: { type: 'string', enum: ['naturalPerson', 'legalPerson'] }, minItems: 1, uniqueItems: true },
      legalBasis: text('设定依据', 4000),
      contact: text('咨询方式', 500),
      process: {
        ...closed(
          '办理流程',
          {
            key: text('流程标识', 255, { pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' }),
            definitionId: text('流程定义', 255),
            bpmn: { type: 'string', title: '流程 BPMN', minLength: 1, maxLength: 5_000_000 },
          },
          [],
        ),
        minProperties: 1,
        maxProperties: 1,
      },
      form: { type: 'object', title: '申请表单' },
      fieldPermissions: {
        type: 'object',
        title: '环节字段权限',
        additionalProperties: { type: 'object', additionalProperties: { type: 'string', enum: ['editable', 'readonly', 'hidden'] } },
      },
      templateParameters: { type: 'array', title: '模板参数', items: parameter, maxItems: 50 },
      bundle: closed(
        '一件事',
        {
          members: {
            type: 'array',
            title: '成员事项',
            maxItems: 20,
            items: closed('成员事项', { implCode: text('成员事项实施编码', 64), issues: text('成员事项核发的电子证照', 100) }, ['implCode']),
          },
        },
        ['members'],
      ),
    },
    ['name', 'itemType', 'departmentId', 'legalLimit', 'promisedLimit', 'immediate', 'onSiteVisits', 'onlineDepth', 'materials', 'situations', 'fees', 'theme', 'applicantTypes', 'process', 'form', 'fieldPermissions'],
    // 到现场次数 > 0 needs a reason (最多跑一次 reform: every visit must be justified).
    { if: { properties: { onSiteVisits: { type: 'integer', minimum: 1 } }, required: ['onSiteVisits'] }, then: { properties: { onSiteReason: { type: 'string', title: '到现场理由' } }, required: ['onSiteReason'] } },
  ),
};
