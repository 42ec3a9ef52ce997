import { expect } from 'chai';
import { FormDefinitionError, checkFormDefinition, compileForm, type DefinitionProblem } from '@tongban/forms';
import { businessForm } from './fixtures.js';

const codes = (problems: DefinitionProblem[]): [string, string][] => problems.map((p) => [p.path, p.code]);

describe('forms checkFormDefinition', () => {
  it('finds nothing wrong in a sound definition', () => {
    expect(checkFormDefinition(businessForm())).to.deep.equal([]);
  });

  it('reports header problems', () => {
    expect(codes(checkFormDefinition({ ...businessForm(), id: '', version: 1.5, title: ' ' }))).to.deep.equal([
      ['/id', 'id'], ['/version', 'version'], ['/title', 'title'],
    ]);
    expect(codes(checkFormDefinition('form'))).to.deep.equal([['', 'definition']]);
  });

  it('reports a schema that breaks the 2020-12 meta-schema, in Chinese and English', () => {
    const form = businessForm({ id: 'meta-broken' });
    form.schema.properties = { age: { type: 'whole number' }, tags: { type: 'array', minItems: -1 } };
    const problems = checkFormDefinition(form);
    expect(problems.map((p) => p.path)).to.include.members(['/schema/properties/age/type', '/schema/properties/tags/minItems']);
    const minItems = problems.find((p) => p.path === '/schema/properties/tags/minItems');
    expect(minItems?.code).to.equal('schema-invalid');
    expect(minItems?.message.zh).to.match(/^不符合 JSON Schema 2020-12：应当 >= 0|^不符合 JSON Schema 2020-12：应当为 >= 0/);
    expect(minItems?.message.en).to.equal('Not valid JSON Schema 2020-12: must be >= 0');
  });

  it('accepts only the 2020-12 dialect', () => {
    const form = businessForm({ id: 'draft7' });
    form.schema.$schema = 'http://json-schema.org/draft-07/schema#';
    expect(codes(checkFormDefinition(form))).to.deep.equal([['/schema/$schema', 'schema-dialect']]);
  });

  it('reports unknown formats and keywords with their paths', () => {
    const form = businessForm({ id: 'unknown-things' });
    form.schema.properties = {
      ...form.schema.properties,
      passport: { type: 'string', title: '护照号', format: 'passport-cn' },
      note: { type: 'string', placeholder: '请填写' },
    };
    const problems = checkFormDefinition(form);
    expect(codes(problems)).to.deep.equal([
      ['/schema/properties/passport/format', 'unknown-format'],
      ['/schema/properties/note/placeholder', 'unknown-keyword'],
    ]);
    expect(problems[0]?.message.zh).to.contain('未知的格式“passport-cn”');
    expect(problems[0]?.message.en).to.contain('Unknown format "passport-cn"');
  });

  it('reports unresolved refs and malformed prefill sources', () => {
    const form = businessForm({ id: 'refs' });
    form.schema.properties = {
      address: { $ref: '#/$defs/address' },
      name: { type: 'string', 'x-prefill': 'wechat.nickname' },
      members: { type: 'array', items: { type: 'object', properties: { name: { type: 'string', 'x-prefill': 'profile.name' } } } },
    };
    form.schema.required = [];
    form.uiSchema = { type: 'VerticalLayout', elements: [] };
    expect(codes(checkFormDefinition(form))).to.deep.equal([
      ['/schema/properties/address/$ref', 'ref-unresolved'],
      ['/schema/properties/name/x-prefill', 'prefill-source'],
      ['/schema/properties/members/items/properties/name/x-prefill', 'prefill-location'],
    ]);
  });

  it('reports what only ajv strict-mode compilation finds (required naming an undeclared property)', () => {
    const form = businessForm({ id: 'strict' });
    form.schema.required = ['applicant', 'business', 'signature'];
    const problems = checkFormDefinition(form);
    expect(codes(problems)).to.deep.equal([['/schema', 'schema-compile']]);
    expect(problems[0]?.message.en).to.contain('required property "signature" is not defined');
  });

  it('requires an object at the root', () => {
    const form = businessForm({ id: 'root' });
    form.schema = { type: 'string' };
    form.uiSchema = { type: 'VerticalLayout', elements: [] };
    expect(codes(checkFormDefinition(form))).to.deep.equal([['/schema/type', 'schema-root-type']]);
  });

  it('reports UI controls pointing to missing properties, bad scopes and unknown elements', () => {
    const form = businessForm({ id: 'ui' });
    form.uiSchema = {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/applicant/properties/nickname' },
        { type: 'Control', scope: 'applicant.name' },
        { type: 'Group', label: 'x', elements: [{ type: 'Control', scope: '#/properties/members/items/properties/age' }] },
        { type: 'Control', scope: '#/properties/members', options: { detail: { type: 'VerticalLayout', elements: [
          { type: 'Control', scope: '#/properties/name' },
          { type: 'Control', scope: '#/properties/phone' },
        ] } } },
        { type: 'Control', scope: '#/properties/review/properties/opinion', rule: { effect: 'HIDE', condition: { scope: '#/properties/decision', schema: { const: 'x' } } } },
        { type: 'Table', elements: [] },
      ],
    } as never;
    const problems = checkFormDefinition(form);
    expect(codes(problems)).to.deep.equal([
      ['/uiSchema/elements/0/scope', 'control-scope-missing'],
      ['/uiSchema/elements/1/scope', 'control-scope'],
      ['/uiSchema/elements/2/elements/0/scope', 'control-scope-missing'],
      ['/uiSchema/elements/3/options/detail/elements/1/scope', 'control-scope-missing'],
      ['/uiSchema/elements/4/rule/condition/scope', 'control-scope-missing'],
      ['/uiSchema/elements/5/type', 'ui-element-type'],
    ]);
    expect(problems[0]?.message).to.deep.equal({
      zh: '控件指向的字段不存在：#/properties/applicant/properties/nickname',
      en: 'The control points to a property that does not exist: #/properties/applicant/properties/nickname',
    });
  });

  it('follows local refs when resolving control scopes', () => {
    const form = businessForm({ id: 'ref-scope' });
    form.schema.$defs = { address: { type: 'object', properties: { city: { type: 'string' } } } };
    form.schema.properties = { ...form.schema.properties, home: { $ref: '#/$defs/address', title: '住址' } };
    form.uiSchema = { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/home/properties/city' }] };
    expect(checkFormDefinition(form)).to.deep.equal([]);
  });

  it('compileForm refuses a broken schema with FormDefinitionError carrying the problems', () => {
    const form = businessForm({ id: 'broken' });
    form.schema.properties = { x: { type: 'string', format: 'nope' } };
    form.schema.required = [];
    expect(() => compileForm(form)).to.throw(FormDefinitionError).with.property('problems').that.has.length(1);
  });
});
