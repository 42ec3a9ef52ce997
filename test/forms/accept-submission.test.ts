import { expect } from 'chai';
import { type FieldPermissions, type FormError, type ValidationResult, acceptSubmission } from '@tongban/forms';
import { APPLICANT_ID, type CaseData, MEMBER_ID, businessForm, idCardWithCheck, submittedCase } from './fixtures.js';

const PERMS: FieldPermissions = {
  applicant: { '/review': 'hidden' },
  approve: { '/review': 'editable', '/review/riskNote': 'hidden', '/applicant/idNumber': 'hidden', 'members[].idNumber': 'hidden' },
  supplement: { '/members': 'editable', '/members/*/idNumber': 'readonly' },
};

type Data = CaseData;
const stored = (): Data => ({ ...submittedCase(), review: { opinion: '', riskNote: '经营场所需实地核查' } });
const errorsOf = (result: ValidationResult): FormError[] => (result.ok ? [] : result.errors);

describe('forms acceptSubmission', () => {
  const form = businessForm();

  describe('at the applicant step', () => {
    it('accepts editable fields, keeps hidden ones from the previous data whatever the page sent', () => {
      const sent: Data = { ...submittedCase(), review: { opinion: '自己批准', riskNote: '' } };
      sent.applicant.mobile = '13900139000';
      const result = acceptSubmission(form, PERMS, 'applicant', stored(), sent);
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.data.review).to.deep.equal(stored().review);
      expect((result.data.applicant as Data['applicant']).mobile).to.equal('13900139000');
    });

    it('strips hidden fields from a first submission (no previous data)', () => {
      const result = acceptSubmission(form, PERMS, 'applicant', undefined, { ...submittedCase(), review: { opinion: '同意' } });
      expect(result).to.deep.equal({ ok: true, data: submittedCase() });
    });

    it('returns schema errors (ajv, full schema) for editable fields', () => {
      const sent = submittedCase() as Data;
      sent.applicant.idNumber = '110105194912310021';
      const errors = errorsOf(acceptSubmission(form, PERMS, 'applicant', {}, sent));
      expect(errors.map((e) => e.message)).to.deep.equal(['身份证号：校验位不正确']);
    });
  });

  describe('at an approval step', () => {
    it('accepts the editable opinion and keeps everything else as it was', () => {
      const sent = { ...stored(), review: { opinion: '同意' } };
      const result = acceptSubmission(form, PERMS, 'approve', stored(), sent);
      expect(result).to.deep.equal({ ok: true, data: { ...stored(), review: { opinion: '同意', riskNote: '经营场所需实地核查' } } });
    });

    it('refuses a changed read-only field, naming it (Chinese and English)', () => {
      const sent = stored();
      sent.applicant.name = '李四';
      const zh = errorsOf(acceptSubmission(form, PERMS, 'approve', stored(), sent));
      expect(zh).to.deep.equal([{ path: '/applicant/name', keyword: 'readOnly', label: '申请人姓名', message: '字段“申请人姓名”为只读，不能修改' }]);
      const en = errorsOf(acceptSubmission(form, PERMS, 'approve', stored(), sent, { locale: 'en' }));
      expect(en[0]?.message).to.equal('Field "申请人姓名" is read-only and cannot be changed');
    });

    it('accepts read-only fields left out of the submission', () => {
      const result = acceptSubmission(form, PERMS, 'approve', stored(), { review: { opinion: '不同意' } });
      expect(result.ok).to.equal(true);
      if (result.ok) expect(result.data).to.deep.equal({ ...stored(), review: { opinion: '不同意', riskNote: '经营场所需实地核查' } });
    });

    it('ignores hidden fields sent by a cheating page, nested and in array items', () => {
      const sent = stored();
      sent.applicant.idNumber = idCardWithCheck('11010519800101001');
      sent.members[0] = { ...sent.members[0], idNumber: idCardWithCheck('11010519800101002') };
      sent.review = { opinion: '同意', riskNote: '无' };
      const result = acceptSubmission(form, PERMS, 'approve', stored(), sent);
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect((result.data.applicant as Data['applicant']).idNumber).to.equal(APPLICANT_ID);
      expect((result.data.members as Data['members'])[0]?.idNumber).to.equal(MEMBER_ID);
      expect((result.data.review as Data['review'])?.riskNote).to.equal('经营场所需实地核查');
    });

    it('refuses adding items to a read-only list, and changing a field inside an item', () => {
      const added = stored();
      added.members.push({ name: '王五' });
      expect(errorsOf(acceptSubmission(form, PERMS, 'approve', stored(), added))).to.deep.equal([
        { path: '/members', keyword: 'readOnly', label: '家庭成员', message: '字段“家庭成员”为只读，不能修改' },
      ]);
      const renamed = stored();
      renamed.members[0] = { ...renamed.members[0], name: '李四四' };
      expect(errorsOf(acceptSubmission(form, PERMS, 'approve', stored(), renamed)).map((e) => [e.path, e.label])).to.deep.equal([
        ['/members/0/name', '成员姓名'],
      ]);
    });

    it('refuses a scalar sent in place of an object holding read-only fields', () => {
      const errors = errorsOf(acceptSubmission(form, PERMS, 'approve', stored(), { ...stored(), applicant: 'x' }));
      expect(errors.map((e) => [e.path, e.keyword])).to.deep.equal([['/applicant', 'readOnly']]);
    });

    it('refuses a property the schema does not declare under a read-only parent', () => {
      const errors = errorsOf(acceptSubmission(form, PERMS, 'approve', stored(), { ...stored(), approved: true }));
      expect(errors.map((e) => [e.path, e.message])).to.deep.equal([['/approved', '字段“approved”为只读，不能修改']]);
    });

    it('refuses any change at a step with no configuration (read-only by default)', () => {
      const sent = stored();
      (sent.business as Record<string, unknown>).capital = 50;
      expect(errorsOf(acceptSubmission(form, PERMS, 'archive', stored(), sent)).map((e) => e.path)).to.deep.equal(['/business/capital']);
      expect(acceptSubmission(form, PERMS, 'archive', stored(), stored())).to.deep.equal({ ok: true, data: stored() });
    });
  });

  describe('an editable list with a read-only field in its items (补正)', () => {
    it('allows adding, removing and editing items but not the read-only field', () => {
      const wang = { name: '王五', idNumber: idCardWithCheck('44030419950505002') };
      const previous = stored();
      previous.members.push(wang);
      const sent = stored();
      sent.members = [{ name: '李四（更正）', idNumber: MEMBER_ID }, { name: '赵六' }];
      const result = acceptSubmission(form, PERMS, 'supplement', previous, sent);
      expect(result.ok).to.equal(true);
      if (result.ok) expect(result.data.members).to.deep.equal([{ name: '李四（更正）', idNumber: MEMBER_ID }, { name: '赵六' }]);
    });

    it('matches items by their read-only values, so removing one from the middle is fine', () => {
      const wang = { name: '王五', idNumber: idCardWithCheck('44030419950505002') };
      const previous = stored();
      previous.members.push(wang);
      const sent = stored();
      sent.members = [wang, { name: '赵六' }]; // 李四 removed, 王五 moves up, 赵六 added
      const result = acceptSubmission(form, PERMS, 'supplement', previous, sent);
      expect(result.ok).to.equal(true);
      if (result.ok) expect(result.data.members).to.deep.equal([wang, { name: '赵六' }]);
    });

    it('refuses setting the read-only field on a new item or changing it on an old one', () => {
      const sent = stored();
      sent.members = [{ name: '李四', idNumber: idCardWithCheck('44030419921111004') }, { name: '赵六', idNumber: idCardWithCheck('44030419921111005') }];
      const errors = errorsOf(acceptSubmission(form, PERMS, 'supplement', stored(), sent));
      expect(errors.map((e) => [e.path, e.message])).to.deep.equal([
        ['/members/0/idNumber', '字段“成员身份证号”为只读，不能修改'],
        ['/members/1/idNumber', '字段“成员身份证号”为只读，不能修改'],
      ]);
    });
  });

  it('does not alias or modify its inputs', () => {
    const previous = stored();
    const sent = { ...stored(), review: { opinion: '同意' } };
    const snapshot = JSON.stringify([previous, sent]);
    const result = acceptSubmission(form, PERMS, 'approve', previous, sent);
    expect(JSON.stringify([previous, sent])).to.equal(snapshot);
    if (result.ok) expect(result.data.applicant).to.not.equal(previous.applicant);
  });
});
