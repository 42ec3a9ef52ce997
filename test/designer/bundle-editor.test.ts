/**
 * The bundle (一件事) editor's pure logic: editing the member list, which items may join, the
 * members' standing and warnings, the preview of what the server composed, and member changes
 * on the review screen.
 */
import { expect } from 'chai';
import type { BundleReport, ItemData } from '../../designer/src/api/types.js';
import en from '../../designer/src/i18n/screens.en.js';
import zh from '../../designer/src/i18n/screens.zh-CN.js';
import {
  addMember,
  bundleProblems,
  composedPreview,
  isMemberCandidate,
  memberRows,
  memberWarnings,
  moveMember,
  removeMember,
  type CompositionView,
} from '../../designer/src/lib/catalogue/bundle.js';
import { emptyItemData, itemChanges, normalizeItemData, showValue } from '../../designer/src/lib/catalogue/item.js';

const LICENCE = '11440106MB0001';
const FOOD = '11440106MB0002';
const OWN = 'YJS440106001';

const composition: CompositionView = {
  members: [
    { position: 1, implCode: LICENCE, name: '个体工商户设立登记', version: 1, issues: '营业执照' },
    { position: 2, implCode: FOOD, name: '食品经营许可（新办）', version: 3, issues: null },
  ],
  materials: [
    { id: 'jointForm', name: '联办申请表', necessity: 'required', form: 'paper', copies: 1, members: [OWN] },
    { id: 'idCard', name: '经营者身份证明', necessity: 'required', form: 'both', copies: 2, eCertificate: '居民身份证', members: [LICENCE, FOOD] },
    { id: 'layout', name: '经营场所平面图', necessity: 'required', form: 'paper', copies: 1, members: [FOOD] },
  ],
  replaced: [{ name: '营业执照', members: [FOOD], issuedBy: LICENCE }],
};

const report = (standings: Array<[string, BundleReport['members'][number]['standing'], number | null]>): BundleReport => ({
  members: standings.map(([implCode, standing, publishedVersion], i) => ({
    position: i + 1,
    itemId: `id-${implCode}`,
    implCode,
    name: composition.members.find((m) => m.implCode === implCode)!.name,
    version: composition.members.find((m) => m.implCode === implCode)!.version,
    departmentId: 'd',
    immediate: false,
    promisedLimit: { value: 5, unit: 'workingDays' },
    issues: null,
    standing,
    publishedVersion,
  })),
  retiredMembers: standings.filter(([, s]) => s === 'retired').map(([c]) => c),
  materials: [],
  situations: [],
  replaced: [],
});

describe('designer/bundle editor', () => {
  it('adds a member once, removes and reorders members, and keeps them on save', () => {
    let list = addMember([], LICENCE);
    list = addMember(list, ` ${FOOD} `);
    expect(addMember(list, LICENCE)).to.deep.equal(list);
    expect(addMember(list, '  ')).to.deep.equal(list);
    expect(list.map((m) => m.implCode)).to.deep.equal([LICENCE, FOOD]);
    expect(moveMember(list, 1, -1).map((m) => m.implCode)).to.deep.equal([FOOD, LICENCE]);
    expect(moveMember(list, 0, -1)).to.deep.equal(list);
    expect(moveMember(list, 1, 1)).to.deep.equal(list);
    expect(removeMember(list, 0)).to.deep.equal([{ implCode: FOOD }]);
    // Saving keeps the members (the server composes the bundle from them), an empty certificate left out.
    const saved = normalizeItemData({ ...emptyItemData('d'), bundle: { members: [{ implCode: LICENCE, issues: ' 营业执照 ' }, { implCode: FOOD, issues: '' }] } });
    expect(saved.bundle).to.deep.equal({ members: [{ implCode: LICENCE, issues: '营业执照' }, { implCode: FOOD }] });
    expect(normalizeItemData(emptyItemData('d'))).not.to.have.property('bundle');
  });

  it('asks for at least two members', () => {
    expect(bundleProblems({ bundle: { members: [{ implCode: LICENCE }] } })).to.deep.equal(['tooFew']);
    expect(bundleProblems({})).to.deep.equal(['tooFew']);
    expect(bundleProblems({ bundle: { members: [{ implCode: LICENCE }, { implCode: FOOD }] } })).to.deep.equal([]);
  });

  it('offers only published plain items implemented in the bundle’s region or above, not yet members', () => {
    const town = '440106001';
    const item = { implCode: FOOD, regionCode: '440106', isTemplate: false, kind: 'item' as const, publishedVersion: 2 };
    expect(isMemberCandidate(item, town, [])).to.equal(true);
    expect(isMemberCandidate(item, town, [FOOD])).to.equal(false);
    expect(isMemberCandidate({ ...item, publishedVersion: null }, town, [])).to.equal(false);
    expect(isMemberCandidate({ ...item, isTemplate: true }, town, [])).to.equal(false);
    expect(isMemberCandidate({ ...item, kind: 'bundle' }, town, [])).to.equal(false);
    // Another town's item, or a village's, does not serve the whole town.
    expect(isMemberCandidate({ ...item, regionCode: '440106002' }, town, [])).to.equal(false);
    expect(isMemberCandidate({ ...item, regionCode: '440106001001' }, town, [])).to.equal(false);
    expect(isMemberCandidate(item, '', [])).to.equal(false);
  });

  it('shows each member with its composed version and standing; unsaved members as such; warnings for retired and republished ones', () => {
    const specs = [{ implCode: LICENCE, issues: '营业执照' }, { implCode: FOOD }, { implCode: 'NEW1' }];
    const rows = memberRows(specs, composition, report([[LICENCE, 'retired', null], [FOOD, 'outdated', 4]]), { NEW1: '新成员' });
    expect(rows.map((r) => [r.name, r.issues, r.standing, r.version])).to.deep.equal([
      ['个体工商户设立登记', '营业执照', 'retired', 1],
      ['食品经营许可（新办）', '', 'outdated', 3],
      ['新成员', '', 'unsaved', null],
    ]);
    const warnings = memberWarnings(rows);
    expect(warnings.map((w) => w.key)).to.deep.equal(['bundle.warn.retired', 'bundle.warn.outdated']);
    expect(warnings[1]!.params).to.include({ name: '食品经营许可（新办）', version: 3, published: 4 });
    // The report describes the published composition: a draft that pinned another version is freshly composed.
    const fresh = memberRows([{ implCode: FOOD }], { ...composition, members: [{ ...composition.members[1]!, version: 4 }] }, report([[FOOD, 'outdated', 4]]));
    expect(fresh[0]).to.include({ standing: 'published', version: 4 });
    expect(memberWarnings(fresh)).to.deep.equal([]);
    // Every warning has a text in both languages.
    for (const key of ['retired', 'outdated', 'missing'] as const) expect([zh.bundle.warn[key], en.bundle.warn[key]].every(Boolean)).to.equal(true);
  });

  it('previews the composition: members in order, merged materials with who asks for each, replaced ones, form fields per member', () => {
    const form = {
      schema: { type: 'object', properties: { name: { type: 'string', title: '经营者姓名' }, shop: { type: 'object', properties: { address: { type: 'string', title: '经营场所' } } } } },
      uiSchema: {
        type: 'VerticalLayout',
        elements: [
          { type: 'Group', label: '个体工商户设立登记', elements: [{ type: 'Control', scope: '#/properties/name' }] },
          { type: 'Group', label: '食品经营许可（新办）', elements: [{ type: 'HorizontalLayout', elements: [{ type: 'Control', scope: '#/properties/shop/properties/address' }] }] },
        ],
      },
    };
    const p = composedPreview(composition, form, OWN, '一件事本身');
    expect(p.members).to.deep.equal(['个体工商户设立登记', '食品经营许可（新办）']);
    expect(p.materials.map((m) => [m.name, m.neededBy.join('、')])).to.deep.equal([
      ['联办申请表', '一件事本身'],
      ['经营者身份证明', '个体工商户设立登记、食品经营许可（新办）'],
      ['经营场所平面图', '食品经营许可（新办）'],
    ]);
    expect(p.replaced).to.deep.equal([{ name: '营业执照', neededBy: ['食品经营许可（新办）'], issuedBy: '个体工商户设立登记' }]);
    expect(p.fieldGroups).to.deep.equal([
      { label: '个体工商户设立登记', fields: [{ key: 'name', title: '经营者姓名' }] },
      { label: '食品经营许可（新办）', fields: [{ key: 'shop/address', title: '经营场所' }] },
    ]);
  });

  it('shows member changes on the review screen: added, removed, the certificate changed, the order changed', () => {
    const bundle = (members: ItemData['bundle']): ItemData => ({ ...emptyItemData('d'), name: '开办餐饮店', bundle: members });
    const before = bundle({ members: [{ implCode: LICENCE, issues: '营业执照' }, { implCode: FOOD }, { implCode: 'OLD' }] });
    const after = bundle({ members: [{ implCode: FOOD, issues: '食品经营许可证' }, { implCode: LICENCE, issues: '营业执照' }, { implCode: 'NEW1' }] });
    const changes = itemChanges(before, after).filter((c) => c.group === 'bundle');
    expect(changes.map((c) => [c.path, c.kind])).to.deep.equal([
      ['bundle.members[OLD]', 'removed'],
      [`bundle.members[${FOOD}].issues`, 'added'],
      ['bundle.members[NEW1]', 'added'],
      ['bundle.members', 'changed'],
    ]);
    expect(changes[3]).to.deep.include({ before: [LICENCE, FOOD], after: [FOOD, LICENCE] });
    expect(showValue({ implCode: LICENCE, issues: '营业执照' })).to.equal(`${LICENCE}（营业执照）`);
    expect(itemChanges(before, before).filter((c) => c.group === 'bundle')).to.deep.equal([]);
    // Nothing published yet: each member is listed as added, readably.
    const fresh = itemChanges(null, before).filter((c) => c.group === 'bundle');
    expect(fresh.map((c) => [c.path, showValue(c.after)])).to.deep.equal([
      [`bundle.members[${LICENCE}]`, `${LICENCE}（营业执照）`],
      [`bundle.members[${FOOD}]`, FOOD],
      ['bundle.members[OLD]', 'OLD'],
    ]);
  });
});
