import type { FormDefinition } from '@tongban/forms';

/**
 * Independent check-digit computations for test samples, written from the standards' formulas
 * (not from the package's code): GB 11643 / ISO 7064 MOD 11-2 and GB 32100.
 */
export function idCardWithCheck(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return body17 + (check === 10 ? 'X' : String(check));
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function usccWithCheck(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(body17[i] ?? '') * (3 ** i % 31);
  return body17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** Replaces the last character with a different valid one (a wrong check digit). */
export function withWrongCheck(code: string, alphabet = '0123456789X'): string {
  const last = code[code.length - 1];
  const other = [...alphabet].find((c) => c !== last) ?? '0';
  return code.slice(0, -1) + other;
}

/** 个体工商户设立登记 (registration of an individual business), trimmed to what the tests need. */
export function businessForm(overrides: Partial<FormDefinition> = {}): FormDefinition {
  return {
    id: 'gtgsh-sldj',
    version: 1,
    title: '个体工商户设立登记申请表',
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        applicant: {
          type: 'object',
          title: '申请人',
          properties: {
            name: { type: 'string', title: '申请人姓名', minLength: 1, 'x-prefill': 'profile.name' },
            idNumber: { type: 'string', title: '身份证号', format: 'id-card', 'x-prefill': 'profile.idNumber' },
            mobile: { type: 'string', title: '手机号码', format: 'mobile-cn', 'x-prefill': 'profile.mobile' },
            email: { type: 'string', title: '电子邮箱', format: 'email' },
          },
          required: ['name', 'idNumber', 'mobile'],
        },
        business: {
          type: 'object',
          title: '经营信息',
          properties: {
            tradeName: { type: 'string', title: '字号名称' },
            address: { type: 'string', title: '经营场所', 'x-prefill': 'lastCase.business.address' },
            regionCode: { type: 'string', title: '所在区划', format: 'region-code' },
            capital: { type: 'number', title: '资金数额（万元）', minimum: 0 },
            openDate: { type: 'string', title: '开业日期', format: 'date' },
          },
          required: ['address', 'regionCode'],
        },
        members: {
          type: 'array',
          title: '家庭成员',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string', title: '成员姓名' },
              idNumber: { type: 'string', title: '成员身份证号', format: 'id-card' },
            },
            required: ['name'],
          },
        },
        review: {
          type: 'object',
          title: '审查意见',
          properties: {
            opinion: { type: 'string', title: '审批意见' },
            riskNote: { type: 'string', title: '内部风险提示' },
          },
        },
      },
      required: ['applicant', 'business'],
    },
    uiSchema: {
      type: 'VerticalLayout',
      elements: [
        {
          type: 'Group',
          label: '申请人',
          elements: [
            { type: 'Control', scope: '#/properties/applicant/properties/name' },
            { type: 'Control', scope: '#/properties/applicant/properties/idNumber' },
            { type: 'Control', scope: '#/properties/applicant/properties/mobile' },
          ],
        },
        {
          type: 'HorizontalLayout',
          elements: [
            { type: 'Control', scope: '#/properties/business/properties/address' },
            { type: 'Control', scope: '#/properties/business/properties/regionCode' },
          ],
        },
        { type: 'Control', scope: '#/properties/members' },
        {
          type: 'Group',
          label: '内部',
          elements: [{ type: 'Control', scope: '#/properties/review/properties/riskNote' }],
        },
        { type: 'Control', scope: '#/properties/review/properties/opinion', options: { multi: true } },
      ],
    },
    ...overrides,
  };
}

export const APPLICANT_ID = idCardWithCheck('44030419900307123');
export const MEMBER_ID = idCardWithCheck('44030419921111002');

/** Case data of the business form. */
export interface CaseData {
  applicant: Record<string, unknown>;
  business: Record<string, unknown>;
  members: Record<string, unknown>[];
  review?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Data as the applicant submitted it. */
export function submittedCase(): CaseData {
  return {
    applicant: { name: '张三', idNumber: APPLICANT_ID, mobile: '13800138000' },
    business: { tradeName: '张三便利店', address: '深圳市福田区福华路1号', regionCode: '440304', capital: 5 },
    members: [{ name: '李四', idNumber: MEMBER_ID }],
  };
}
