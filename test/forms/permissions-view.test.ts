import { expect } from 'chai';
import { type FieldPermissions, type UISchemaElement, defaultAccessForStep, viewForStep, checkFieldPermissions } from '@tongban/forms';
import { businessForm, submittedCase } from './fixtures.js';

const PERMS: FieldPermissions = {
  applicant: { '/review': 'hidden' },
  approve: {
    '/review': 'editable',
    '/applicant/idNumber': 'hidden',
    'members[].idNumber': 'hidden',
  },
  window: { review: 'hidden', '/review/opinion': 'readonly' },
};

/** Every control scope in a UI schema, with its readonly flag. */
function controls(element: UISchemaElement): [string, boolean][] {
  if (element.type === 'Control') return [[element.scope, element.options?.readonly === true]];
  if (element.type === 'Label') return [];
  return element.elements.flatMap(controls);
}

describe('forms viewForStep', () => {
  const form = businessForm();
  const data = { ...submittedCase(), review: { opinion: '同意', riskNote: '注意核实经营场所' } };

  it('defaults: editable at the applicant step, read-only at any other step', () => {
    expect(defaultAccessForStep('applicant')).to.equal('editable');
    expect(defaultAccessForStep('approve')).to.equal('readonly');
    expect(defaultAccessForStep('start', { applicantSteps: ['start', 'supplement'] })).to.equal('editable');

    const view = viewForStep(form, {}, 'someStep', data);
    expect(view.schema.readOnly).to.equal(true);
    expect(view.schema.properties?.applicant?.properties?.name?.readOnly).to.equal(true);
    expect(controls(view.uiSchema).every(([, readonly]) => readonly)).to.equal(true);
    expect(view.data).to.deep.equal(data);
  });

  it('shows the applicant everything editable except what is hidden from them', () => {
    const view = viewForStep(form, PERMS, 'applicant', data);
    expect(Object.keys(view.schema.properties ?? {})).to.deep.equal(['applicant', 'business', 'members']);
    expect(view.schema.properties?.applicant?.readOnly).to.equal(undefined);
    expect(view.data).to.not.have.property('review');
    expect(controls(view.uiSchema)).to.deep.equal([
      ['#/properties/applicant/properties/name', false],
      ['#/properties/applicant/properties/idNumber', false],
      ['#/properties/applicant/properties/mobile', false],
      ['#/properties/business/properties/address', false],
      ['#/properties/business/properties/regionCode', false],
      ['#/properties/members', false],
    ]);
    // the "内部" group lost its only control and is gone, so is the opinion control; the root stays
    expect(view.uiSchema.type).to.equal('VerticalLayout');
    expect((view.uiSchema as { elements: UISchemaElement[] }).elements.map((e) => e.type)).to.deep.equal(['Group', 'HorizontalLayout', 'Control']);
  });

  it('hides nested fields and array item fields from schema, UI schema and data', () => {
    const view = viewForStep(form, PERMS, 'approve', data);
    const applicant = view.schema.properties?.applicant;
    expect(Object.keys(applicant?.properties ?? {})).to.deep.equal(['name', 'mobile', 'email']);
    expect(applicant?.required).to.deep.equal(['name', 'mobile']);
    const memberItem = view.schema.properties?.members?.items as { properties?: object; required?: string[] };
    expect(Object.keys(memberItem.properties ?? {})).to.deep.equal(['name']);
    expect(view.data).to.deep.equal({
      applicant: { name: '张三', mobile: '13800138000' },
      business: data.business,
      members: [{ name: '李四' }],
      review: data.review,
    });
    expect(JSON.stringify(view)).to.not.contain((data.applicant as { idNumber: string }).idNumber);
  });

  it('marks read-only fields in the schema and the UI, leaving editable ones alone', () => {
    const view = viewForStep(form, PERMS, 'approve', data);
    expect(view.schema.properties?.applicant?.readOnly).to.equal(true);
    expect(view.schema.properties?.applicant?.properties?.name?.readOnly).to.equal(true);
    expect(view.schema.properties?.review?.readOnly).to.equal(undefined);
    expect(view.schema.readOnly).to.equal(undefined); // has an editable descendant
    expect(controls(view.uiSchema)).to.deep.equal([
      ['#/properties/applicant/properties/name', true],
      ['#/properties/applicant/properties/mobile', true],
      ['#/properties/business/properties/address', true],
      ['#/properties/business/properties/regionCode', true],
      ['#/properties/members', true],
      ['#/properties/review/properties/riskNote', false],
      ['#/properties/review/properties/opinion', false],
    ]);
  });

  it('lets a child override a hidden parent', () => {
    const view = viewForStep(form, PERMS, 'window', data);
    expect(view.schema.properties?.review?.properties).to.have.keys(['opinion']);
    expect(view.schema.properties?.review?.properties?.opinion?.readOnly).to.equal(true);
    expect(view.data.review).to.deep.equal({ opinion: '同意' });
    expect(controls(view.uiSchema).map(([scope]) => scope)).to.not.include('#/properties/review/properties/riskNote');
  });

  it('keeps existing control options and does not alter the definition', () => {
    const before = JSON.stringify(form);
    const view = viewForStep(form, PERMS, 'approve', data);
    const last = (view.uiSchema as { elements: UISchemaElement[] }).elements.at(-1);
    expect(last).to.deep.equal({ type: 'Control', scope: '#/properties/review/properties/opinion', options: { multi: true } });
    expect(JSON.stringify(form)).to.equal(before);
  });

  it('checkFieldPermissions reports paths that name no field and bad access values', () => {
    expect(checkFieldPermissions(form, PERMS)).to.deep.equal([]);
    const problems = checkFieldPermissions(form, { approve: { '/applicant/idNo': 'hidden', '/review': 'write' } });
    expect(problems.map((p) => [p.path, p.code])).to.deep.equal([
      ['/approve/~1applicant~1idNo', 'permission-field'],
      ['/approve/~1review', 'permission-value'],
    ]);
    expect(problems[0]?.message.zh).to.equal('字段“/applicant/idNo”不存在');
  });
});
