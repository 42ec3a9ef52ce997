import { expect } from 'chai';
import { PREFILL_KEYWORD, prefill, validateForm } from '@tongban/forms';
import { APPLICANT_ID, businessForm } from './fixtures.js';

describe('forms prefill', () => {
  const form = businessForm();
  const profile = { name: '张三', idNumber: APPLICANT_ID, mobile: '13800138000', age: 34 };
  const previousCases = [
    { business: { address: '' } }, // newest case had no address
    { business: { address: '深圳市福田区福华路1号' } },
    { business: { address: '深圳市南山区科技园' } },
  ];

  it('fills declared fields from the profile and the latest earlier case that has a value', () => {
    const result = prefill(form, { profile, previousCases });
    expect(result.data).to.deep.equal({
      applicant: { name: '张三', idNumber: APPLICANT_ID, mobile: '13800138000' },
      business: { address: '深圳市福田区福华路1号' },
    });
    expect(result.prefilled).to.deep.equal([
      { path: '/applicant/name', source: 'profile.name' },
      { path: '/applicant/idNumber', source: 'profile.idNumber' },
      { path: '/applicant/mobile', source: 'profile.mobile' },
      { path: '/business/address', source: 'lastCase.business.address' },
    ]);
    expect(result.skipped).to.deep.equal([]);
  });

  it('only fills empty fields (missing, null, blank) and never overwrites a value', () => {
    const current = { applicant: { name: '张三丰', mobile: '  ', idNumber: null } };
    const result = prefill(form, { profile }, {}, current);
    expect(result.data.applicant).to.deep.equal({ name: '张三丰', mobile: '13800138000', idNumber: APPLICANT_ID });
    expect(result.prefilled.map((p) => p.path)).to.deep.equal(['/applicant/idNumber', '/applicant/mobile']);
    expect(current.applicant.mobile).to.equal('  '); // input untouched
  });

  it('fills nothing when the sources have nothing', () => {
    expect(prefill(form, {})).to.deep.equal({ data: {}, prefilled: [], skipped: [] });
  });

  it('takes extra sources from the mapping, which also overrides the schema', () => {
    const result = prefill(form, { profile, previousCases }, { 'business.tradeName': 'lastCase.business.tradeName', '/applicant/name': 'profile.mobile' });
    expect(result.data.applicant).to.deep.include({ name: '13800138000' });
    expect(result.prefilled).to.deep.include({ path: '/applicant/name', source: 'profile.mobile' });
  });

  it('skips values whose type does not fit the field', () => {
    const result = prefill(form, { profile }, { '/business/capital': 'profile.name', '/business/tradeName': 'profile.age' });
    expect(result.skipped).to.deep.equal([
      { path: '/business/capital', source: 'profile.name', reason: 'type' },
      { path: '/business/tradeName', source: 'profile.age', reason: 'type' },
    ]);
  });

  it('registers x-prefill with ajv, so strict mode compiles the schema', () => {
    expect(form.schema.properties?.applicant?.properties?.name?.[PREFILL_KEYWORD]).to.equal('profile.name');
    expect(validateForm(form, {}).ok).to.equal(false); // compiled and validated, not thrown
  });
});
