import { expect } from 'chai';
import { validateForm, type FormError } from '@tongban/forms';
import { APPLICANT_ID, businessForm, submittedCase } from './fixtures.js';

function errorsOf(data: unknown, locale?: 'zh' | 'en'): FormError[] {
  const result = validateForm(businessForm(), data, locale === undefined ? {} : { locale });
  return result.ok ? [] : result.errors;
}

describe('forms validation messages', () => {
  it('accepts a complete, valid case', () => {
    const data = submittedCase();
    expect(validateForm(businessForm(), data)).to.deep.equal({ ok: true, data });
  });

  it('reports every error at once (allErrors), located by JSON pointer, Chinese by default', () => {
    const data = submittedCase();
    (data.applicant as Record<string, unknown>).idNumber = APPLICANT_ID.slice(0, 17) + (APPLICANT_ID.endsWith('0') ? '1' : '0');
    (data.applicant as Record<string, unknown>).mobile = '12800138000';
    (data.business as Record<string, unknown>).capital = -1;
    const errors = errorsOf(data);
    expect(errors.map((e) => e.path)).to.deep.equal(['/applicant/idNumber', '/applicant/mobile', '/business/capital']);
    expect(errors[0]).to.deep.include({ keyword: 'format', label: '身份证号', message: '身份证号：校验位不正确' });
    expect(errors[0]?.params).to.deep.include({ format: 'id-card', reason: 'checkDigit' });
    expect(errors[1]?.message).to.equal('手机号码：号段不正确，应以13至19开头');
    expect(errors[2]?.message).to.equal('资金数额（万元）：应当为 >= 0');
  });

  it('gives the same errors in English on request', () => {
    const data = submittedCase();
    (data.applicant as Record<string, unknown>).idNumber = '1101051949123100';
    (data.business as Record<string, unknown>).capital = 'five';
    const errors = errorsOf(data, 'en');
    expect(errors.map((e) => e.message)).to.deep.equal([
      '身份证号: must be 18 characters long',
      '资金数额（万元）: must be number',
    ]);
  });

  it('locates a missing required field at the field itself and labels it with its title', () => {
    const data = submittedCase();
    delete (data.applicant as Record<string, unknown>).name;
    const [zh] = errorsOf(data);
    expect(zh).to.deep.include({ path: '/applicant/name', keyword: 'required', label: '申请人姓名', message: '申请人姓名：必填' });
    expect(errorsOf(data, 'en')[0]?.message).to.equal('申请人姓名: required');
  });

  it('uses ajv-i18n messages for the other keywords, and no label where the schema has no title', () => {
    const data = { ...submittedCase(), extra: 1, members: 'none' };
    const form = businessForm({ id: 'gtgsh-sldj-closed' }); // a new id: versioned forms are cached as immutable
    form.schema.additionalProperties = false;
    const result = validateForm(form, data);
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path, e.keyword, e.message, e.label])).to.deep.equal([
      ['/extra', 'additionalProperties', '不允许有额外的属性“extra”', undefined],
      ['/members', 'type', '家庭成员：应当是 array 类型', '家庭成员'],
    ]);
  });

  it('labels errors inside array items with the item field title', () => {
    const data = submittedCase();
    data.members = [{ name: '李四', idNumber: '11010519491231002X' }, { idNumber: '123' }];
    const errors = errorsOf(data);
    expect(errors.map((e) => [e.path, e.message])).to.deep.equal([
      ['/members/1/name', '成员姓名：必填'],
      ['/members/1/idNumber', '成员身份证号：应为18位'],
    ]);
  });

  it('names the standard formats in words', () => {
    const data = submittedCase();
    (data.applicant as Record<string, unknown>).email = 'zhangsan@';
    (data.business as Record<string, unknown>).openDate = '2024-13-01';
    expect(errorsOf(data).map((e) => e.message)).to.deep.equal([
      '电子邮箱：应为有效的电子邮箱地址',
      '开业日期：应为日期，格式为YYYY-MM-DD',
    ]);
    expect(errorsOf(data, 'en').map((e) => e.message)).to.deep.equal([
      '电子邮箱: must be a valid e-mail address',
      '开业日期: must be a date as YYYY-MM-DD',
    ]);
  });

  it('does not leak the submitted value into errors', () => {
    const data = submittedCase();
    (data.applicant as Record<string, unknown>).idNumber = '110105194912310021';
    expect(JSON.stringify(errorsOf(data))).to.not.contain('110105194912310021');
  });
});
