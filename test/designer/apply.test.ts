import { expect } from 'chai';
import { applicantForm, applicantOf } from '../../designer/src/lib/catalogue/apply.js';

describe('designer: the online application', () => {
  const form = {
    schema: {
      type: 'object',
      properties: {
        applicant: { type: 'object', properties: { name: { type: 'string' }, secretId: { type: 'string' } }, required: ['name', 'secretId'] },
        note: { type: 'string' },
        opinion: { type: 'string' },
      },
      required: ['applicant', 'opinion'],
    },
    uiSchema: {
      type: 'VerticalLayout',
      elements: [
        { type: 'Group', label: '申请人', elements: [{ type: 'Control', scope: '#/properties/applicant/properties/name' }, { type: 'Control', scope: '#/properties/applicant/properties/secretId' }] },
        { type: 'Group', label: '内部', elements: [{ type: 'Control', scope: '#/properties/opinion' }] },
        { type: 'Control', scope: '#/properties/note' },
      ],
    },
  };

  it('leaves out the fields hidden at the applicant step, nested ones too, and groups left empty', () => {
    const view = applicantForm(form, { applicant: { '/opinion': 'hidden', '/applicant/secretId': 'hidden', '/note': 'readonly' }, review: { '/note': 'hidden' } });
    const props = view.schema.properties as Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
    expect(Object.keys(props)).to.deep.equal(['applicant', 'note']);
    expect(Object.keys(props.applicant!.properties!)).to.deep.equal(['name']);
    expect(props.applicant!.required).to.deep.equal(['name']);
    expect(view.schema.required).to.deep.equal(['applicant']);
    expect(JSON.stringify(view.uiSchema)).not.to.include('secretId');
    expect((view.uiSchema!.elements as Array<{ label?: string }>).map((e) => e.label ?? 'note')).to.deep.equal(['申请人', 'note']);
  });

  it('keeps the form whole without permissions', () => {
    expect(applicantForm(form, undefined)).to.deep.equal(form);
  });

  it('sends only what applies to the applicant type, and the agent when named', () => {
    const base = { name: ' 某公司 ', idNumber: '11010519491231002X', uscc: '91440106MA5D0E1F2Y', legalRepresentative: '赵六', phone: '', agentName: '', agentIdNumber: '' };
    expect(applicantOf({ ...base, type: 'legalPerson' })).to.deep.equal({ type: 'legalPerson', name: '某公司', uscc: '91440106MA5D0E1F2Y', legalRepresentative: '赵六' });
    expect(applicantOf({ ...base, type: 'naturalPerson', agentName: '王五', agentIdNumber: '440106199001010013' })).to.deep.equal({
      type: 'naturalPerson',
      name: '某公司',
      idNumber: '11010519491231002X',
      agent: { name: '王五', idNumber: '440106199001010013' },
    });
  });
});
