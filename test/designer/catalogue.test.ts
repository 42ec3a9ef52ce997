import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { ItemData } from '../../designer/src/api/types.js';
import zhCN from '../../designer/src/i18n/zh-CN.js';
import {
  cleanParameters,
  emptyItemData,
  ensureFormIdentity,
  fillTemplate,
  flattenSchema,
  formChanges,
  formatVariables,
  guideMaterials,
  itemChanges,
  itemProblems,
  listStatus,
  materialIds,
  newMaterial,
  newSituation,
  normalizeItemData,
  parameterProblems,
  parseVariables,
  previewDerived,
  processSource,
  showValue,
  suggestImplCode,
  templateTitle,
  versionLabel,
} from '../../designer/src/lib/catalogue/item.js';

const read = (p: string): { data: Record<string, unknown> } & Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../examples/${p}`, import.meta.url), 'utf8'));
/** An example's item data with its form, as the editor holds it (the JSON files are the seed's). */
const example = (dir: string): ItemData => ({ ...read(`${dir}/item.json`).data, form: read(`${dir}/form.json`) }) as unknown as ItemData;
const food = (): ItemData => example('food-business-licence');
const village = (): ItemData => example('village-residence-certificate');

describe('designer: catalogue items', () => {
  it('starts a new item with valid limits and nothing the editor must not see', () => {
    const d = emptyItemData('market');
    expect(d.departmentId).to.equal('market');
    expect(d.promisedLimit.value).to.be.at.most(d.legalLimit.value);
    expect(itemProblems({ ...d, name: '个体工商户登记' })).to.deep.equal([]);
    expect(itemProblems(d).map((p) => p.key)).to.deep.equal(['nameRequired']);
  });

  it('finds what the server would refuse, with keys that have Chinese text', () => {
    const d = emptyItemData('');
    d.promisedLimit = { value: 30, unit: 'workingDays' };
    d.onSiteVisits = 2;
    d.applicantTypes = [];
    d.materials = [{ id: 'M1', name: '', necessity: 'conditional', form: 'paper', copies: 1 }];
    d.situations = [{ id: 'S1', name: '', materials: [{ id: 'M1', name: '说明', necessity: 'required', form: 'paper', copies: 1 }], variables: {} }];
    const keys = itemProblems(d).map((p) => p.key);
    expect(keys).to.have.members(['nameRequired', 'departmentRequired', 'promisedOverLegal', 'onSiteReasonRequired', 'applicantTypeRequired', 'duplicateMaterial', 'materialNameRequired', 'conditionRequired', 'situationNameRequired']);
    const texts = (zhCN as unknown as { item: { problem: Record<string, unknown> } }).item.problem;
    for (const k of keys) expect(texts[k], k).to.be.a('string');
    // 即办件: promised 0 is right, no "at least one day".
    expect(itemProblems({ ...emptyItemData('x'), name: 'n', immediate: true, promisedLimit: { value: 0, unit: 'workingDays' } })).to.deep.equal([]);
    expect(itemProblems({ ...emptyItemData('x'), name: 'n', promisedLimit: { value: 0, unit: 'workingDays' } }).map((p) => p.key)).to.deep.equal(['promisedAtLeastOne']);
  });

  it('normalizes before saving: immediate items promise 0, empty optional texts go, no reason without visits', () => {
    const d = emptyItemData('m');
    d.immediate = true;
    d.onSiteReason = '核验';
    d.legalBasis = '';
    d.materials = [{ id: 'M1', name: 'a', necessity: 'required', condition: 'x', form: 'paper', copies: 1, eCertificate: '' }];
    d.fees = [{ name: '工本费', amount: 10, basis: '' }];
    const n = normalizeItemData(d);
    expect(n.promisedLimit.value).to.equal(0);
    expect(n).not.to.have.property('onSiteReason');
    expect(n).not.to.have.property('legalBasis');
    expect(n.materials[0]).to.deep.equal({ id: 'M1', name: 'a', necessity: 'required', form: 'paper', copies: 1 });
    expect(n.fees[0]).to.deep.equal({ name: '工本费', amount: 10 });
    expect(d.promisedLimit.value).to.equal(10); // a copy
  });

  it('gives new materials and situations free ids across the whole item', () => {
    const d = food();
    const m = newMaterial(materialIds(d));
    expect(materialIds(d)).not.to.include(m.id);
    expect(newSituation(d.situations.map((s) => s.id)).id).to.match(/^S\d+$/);
    expect(ensureFormIdentity({ ...emptyItemData('m'), name: '个体工商户登记' }, '114401X').form).to.include({ id: '114401X-form', title: '个体工商户登记申请表' });
    expect(ensureFormIdentity(food(), 'x').form.id).to.equal(food().form.id);
  });

  it('reads situation variables as typed values and writes them back', () => {
    const r = parseVariables('shortResidence=true; area=120；note=夜间');
    expect(r).to.deep.equal({ vars: { shortResidence: true, area: 120, note: '夜间' } });
    expect(formatVariables({ shortResidence: true, area: 120 })).to.equal('shortResidence=true; area=120');
    expect(parseVariables('1bad=3')).to.deep.equal({ bad: '1bad=3' });
    expect(parseVariables('')).to.deep.equal({ vars: {} });
  });

  it('shows list state and versions', () => {
    expect(listStatus({ openStatus: 'in_review', publishedVersion: 1 })).to.equal('in_review');
    expect(listStatus({ openStatus: null, publishedVersion: 2 })).to.equal('published');
    expect(listStatus({ openStatus: null, publishedVersion: null })).to.equal('retired');
    expect(versionLabel({ openVersion: 3, publishedVersion: 2 })).to.equal('v3 (v2)');
    expect(versionLabel({ openVersion: null, publishedVersion: 2 })).to.equal('v2');
  });
});

describe('designer: review — what changed since the published version', () => {
  it('lists nothing for the same data, and field changes grouped as the editor groups them', () => {
    expect(itemChanges(food(), food())).to.deep.equal([]);
    const after = food();
    after.promisedLimit = { ...after.promisedLimit, value: after.promisedLimit.value - 1 };
    after.materials = [...after.materials.slice(1), { id: 'M999', name: '新增材料', necessity: 'required', form: 'paper', copies: 1 }];
    after.materials[0] = { ...after.materials[0]!, copies: 3 };
    after.legalBasis = undefined;
    const changes = itemChanges(food(), after);
    const byPath = new Map(changes.map((c) => [c.path, c]));
    expect(byPath.get('promisedLimit.value')).to.include({ group: 'limits', field: 'promisedLimit', kind: 'changed' });
    expect(byPath.get('materials[M999]')).to.include({ group: 'materials', kind: 'added' });
    expect(byPath.get(`materials[${food().materials[0]!.id}]`)).to.include({ kind: 'removed' });
    expect(byPath.get(`materials[${food().materials[1]!.id}].copies`)).to.include({ kind: 'changed', after: 3 });
    expect(byPath.get('legalBasis')).to.include({ group: 'basic', kind: 'removed' });
    // groups in the editor's order
    const groups = changes.map((c) => c.group);
    expect(groups.indexOf('basic')).to.be.lessThan(groups.indexOf('limits'));
  });

  it('treats everything as added when nothing is published, and the form as one line', () => {
    const changes = itemChanges(null, food());
    expect(changes.every((c) => c.kind === 'added')).to.equal(true);
    expect(changes.filter((c) => c.field === 'form')).to.have.length(1);
  });

  it('writes values readably', () => {
    expect(showValue({ value: 5, unit: 'workingDays' })).to.equal('5 个工作日');
    expect(showValue(true)).to.equal('是');
    expect(showValue(['naturalPerson', 'legalPerson'])).to.equal('naturalPerson、legalPerson');
    expect(showValue({ id: 'M1', name: '身份证' })).to.equal('身份证');
    expect(showValue(undefined)).to.equal('—');
  });

  it('finds form fields added, removed and changed, nested ones too', () => {
    const before = food().form;
    const after = JSON.parse(JSON.stringify(before));
    after.schema.properties.premises.properties.area.maximum = 5000;
    delete after.schema.properties.internalNote;
    after.schema.properties.email = { type: 'string', title: '电子邮箱' };
    const flat = flattenSchema(before.schema);
    expect(flat.has('applicant/uscc')).to.equal(true);
    const changes = formChanges(before, after);
    expect(changes.find((c) => c.key === 'premises/area')).to.deep.include({ kind: 'changed', props: ['maximum'] });
    expect(changes.find((c) => c.key === 'internalNote')).to.include({ kind: 'removed' });
    expect(changes.find((c) => c.key === 'email')).to.include({ kind: 'added', label: '电子邮箱' });
    expect(formChanges(before, before)).to.deep.equal([]);
    // through the model when it reads both
    expect(formChanges(before, after, () => [{ key: 'k', label: 'l', kind: 'moved' }])).to.deep.equal([{ key: 'k', label: 'l', kind: 'moved' }]);
  });

  it('draws the pinned process, else what the data names', () => {
    expect(processSource({ processDefinitionId: 'food:2', data: food() })).to.deep.equal({ definitionId: 'food:2' });
    expect(processSource({ processDefinitionId: null, data: { ...food(), process: { key: 'food' } } })).to.deep.equal({ key: 'food' });
    expect(processSource({ processDefinitionId: null, data: { ...food(), process: { bpmn: '<x/>' } } })).to.deep.equal({ bpmn: '<x/>' });
    expect(processSource(null)).to.equal(undefined);
  });
});

describe('designer: service guide and templates', () => {
  it('narrows the materials by the situations the applicant chooses', () => {
    const d = village();
    const all = guideMaterials(d);
    expect(all.map((m) => m.id)).to.deep.equal(['idCard', 'tenancy', 'neighbourStatement']);
    expect(all[2]!.situation).to.equal('居住不满六个月');
    expect(guideMaterials(d, []).map((m) => m.id)).to.deep.equal(['idCard', 'tenancy']);
    expect(guideMaterials(d, ['shortResidence'])).to.have.length(3);
  });

  it('fills template texts as the server does when deriving, and keeps unknown placeholders', () => {
    expect(fillTemplate('{{village}}党群服务站，{{phone}}', { village: '五山社区', phone: '020-1' })).to.equal('五山社区党群服务站，020-1');
    expect(fillTemplate('{{village}}', {})).to.equal('{{village}}');
    expect(fillTemplate('{{villages}}', { villages: ['a', 'b'] })).to.equal('a、b');
    const p = previewDerived(village(), { handler: 'wushan', village: '五山社区', phone: '020-87110001' });
    expect(p.name).to.equal('五山社区开具居住证明');
    expect(p.contact).to.equal('五山社区党群服务站，020-87110001');
    expect(p.departmentId).to.equal('wushan');
    expect(p).not.to.have.property('templateParameters');
    expect(templateTitle('{{village}}开具居住证明', village().templateParameters)).to.equal('〈村（社区）名称〉开具居住证明');
    expect(templateTitle('{{x}}办理')).to.equal('〈x〉办理');
  });

  it('asks for required parameters and checks phones and numbers', () => {
    const params = village().templateParameters!;
    expect(parameterProblems(params, {})).to.deep.equal({ handler: 'required', village: 'required', phone: 'required' });
    expect(parameterProblems(params, { handler: 'wushan', village: '五山', phone: '12345' })).to.deep.equal({ phone: 'phone' });
    expect(parameterProblems(params, { handler: 'wushan', village: '五山', phone: '13800138000' })).to.deep.equal({});
    expect(parameterProblems(params, { handler: 'wushan', village: '五山', phone: '020-87110001' })).to.deep.equal({});
    expect(parameterProblems([{ name: 'n', label: 'n', type: 'number', required: false }], { n: 'x' })).to.deep.equal({ n: 'number' });
    for (const k of ['required', 'phone', 'number']) expect((zhCN as unknown as { town: { problem: Record<string, unknown> } }).town.problem[k]).to.be.a('string');
    expect(cleanParameters(params, { handler: 'wushan', village: '五山', phone: '', villages: [] })).to.deep.equal({ handler: 'wushan', village: '五山' });
  });

  it('suggests a free 实施编码 for a derived item', () => {
    expect(suggestImplCode('20440106CJ0001', '440106001001', [])).to.equal('20440106CJ0001-440106001001');
    expect(suggestImplCode('20440106CJ0001', '440106001001', ['20440106CJ0001-440106001001', '20440106CJ0001-440106001001-2'])).to.equal('20440106CJ0001-440106001001-3');
  });
});
