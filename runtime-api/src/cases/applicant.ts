/**
 * Applicants (申请人) are checked with the formats of @tongban/forms — the same check digits the
 * application form uses — so a case can never carry an ID number or credit code the form would
 * refuse. A natural person has a resident ID number; a legal person a unified social credit
 * code (USCC) and usually a legal representative; either may act through an agent (代理人), who
 * is a natural person. Every problem is reported at once, as a 422 with paths.
 */
import { explainIdCard, explainMobileCn, explainUscc } from '@tongban/forms';
import { ApiError } from '../errors.js';
import type { Applicant } from './model.js';

const ID_CARD_REASONS: Readonly<Record<string, string>> = {
  length: '身份证号应为18位',
  lowercaseX: '身份证号末位X应大写',
  charset: '身份证号只能包含数字和末位X',
  region: '身份证号地址码无效',
  birthDate: '身份证号出生日期无效',
  futureBirthDate: '身份证号出生日期晚于今天',
  checkDigit: '身份证号校验位不正确',
};

const USCC_REASONS: Readonly<Record<string, string>> = {
  length: '应为18位',
  charset: '含有不允许的字符',
  authority: '登记管理部门代码无效',
  category: '机构类别代码无效',
  region: '登记管理机关行政区划码无效',
  checkDigit: '校验位不正确',
};

function idCardProblem(value: string, now: Date): string | null {
  const reason = explainIdCard(value, now);
  return reason === null ? null : (ID_CARD_REASONS[reason] ?? `身份证号无效（${reason}）`);
}

/** Checks an applicant; throws 422 APPLICANT_INVALID listing every problem. */
export function checkApplicant(applicant: Applicant, allowedTypes: readonly string[], now: Date): void {
  const problems: Array<{ path: string; message: string }> = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (allowedTypes.length > 0 && !allowedTypes.includes(applicant.type)) {
    problem('/applicant/type', `本事项不受理此类申请人（可受理：${allowedTypes.join('、')}）`);
  }
  if (applicant.type === 'naturalPerson') {
    if (applicant.idNumber === undefined) problem('/applicant/idNumber', '自然人须提供身份证号');
    else {
      const reason = idCardProblem(applicant.idNumber, now);
      if (reason) problem('/applicant/idNumber', reason);
    }
    if (applicant.uscc !== undefined) problem('/applicant/uscc', '自然人不填统一社会信用代码');
  } else {
    if (applicant.uscc === undefined) problem('/applicant/uscc', '法人须提供统一社会信用代码');
    else {
      const reason = explainUscc(applicant.uscc);
      if (reason) problem('/applicant/uscc', `统一社会信用代码${USCC_REASONS[reason] ?? '无效'}`);
    }
    if (applicant.idNumber !== undefined) problem('/applicant/idNumber', '法人以统一社会信用代码标识，不填身份证号');
  }
  if (applicant.phone !== undefined && explainMobileCn(applicant.phone)) problem('/applicant/phone', '手机号码无效');
  if (applicant.agent) {
    const reason = idCardProblem(applicant.agent.idNumber, now);
    if (reason) problem('/applicant/agent/idNumber', `代理人${reason}`);
    if (applicant.agent.phone !== undefined && explainMobileCn(applicant.agent.phone)) problem('/applicant/agent/phone', '代理人手机号码无效');
  }
  if (problems.length > 0) throw new ApiError(422, 'APPLICANT_INVALID', 'The applicant is not valid.', { problems });
}

/** The number that identifies the applicant: ID number or USCC. */
export function applicantKey(applicant: Applicant): string {
  return (applicant.type === 'naturalPerson' ? applicant.idNumber : applicant.uscc) ?? '';
}

/** `440106199001011234` → `4401**********1234`: enough to recognise, not to reuse. */
export function maskId(value: string): string {
  return value.length <= 8 ? '*'.repeat(value.length) : `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}
