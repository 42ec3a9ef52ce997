import { expect } from 'chai';
import en from '../../designer/src/i18n/en.js';
import zhCN from '../../designer/src/i18n/zh-CN.js';
import { groupByElement, problemsFrom, summarise, typeKey } from '../../designer/src/lib/problems.js';
import { canSwitchRegion, regionContains, regionLevel } from '../../designer/src/lib/region.js';
import { MENU, ROLES, canOpen, menuFor } from '../../designer/src/lib/roles.js';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function lookup(obj: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

describe('designer: UI text', () => {
  it('has the same keys in Chinese and English', () => {
    expect(keys(en).sort()).to.deep.equal(keys(zhCN).sort());
  });

  it('names every role, menu item, node type and builder problem in both languages', () => {
    for (const messages of [zhCN, en]) {
      for (const r of ROLES) expect(lookup(messages, `role.${r}`), r).to.be.a('string');
      for (const m of MENU) expect(lookup(messages, `menu.${m.key}`), m.key).to.be.a('string');
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: unknown): string[] => (typeof s === 'string' ? [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort() : []);
    for (const k of keys(zhCN)) expect(placeholders(lookup(en, k)), k).to.deep.equal(placeholders(lookup(zhCN, k)));
  });
});

describe('designer: navigation by role', () => {
  const visible = (roles: string[]): string[] => menuFor(roles).map((m) => m.key);

  it('gives the admin everything', () => {
    expect(visible(['admin'])).to.deep.equal(MENU.map((m) => m.key));
  });

  it('gives each role its screens', () => {
    expect(visible(['editor'])).to.deep.equal(['home', 'catalogue', 'processDesigner', 'definitions', 'formDesigner']);
    expect(visible(['reviewer'])).to.deep.equal(['home', 'catalogue', 'definitions', 'audit']);
    expect(visible(['townEditor'])).to.deep.equal(['home', 'townWorkspace']);
    expect(visible(['clerk'])).to.deep.equal(['home', 'workbench']);
    expect(visible(['approver'])).to.deep.equal(['home', 'workbench']);
    expect(visible(['supervisor'])).to.deep.equal(['home', 'supervision', 'audit']);
  });

  it('unions several roles and ignores unknown ones', () => {
    expect(visible(['clerk', 'supervisor'])).to.deep.equal(['home', 'workbench', 'supervision', 'audit']);
    expect(visible(['root'])).to.deep.equal([]);
    expect(canOpen('processDesigner', ['clerk'])).to.equal(false);
    expect(canOpen('processDesigner', ['editor'])).to.equal(true);
  });
});

describe('designer: regions', () => {
  it('reads the level from the code length', () => {
    expect(['44', '4401', '440106', '440106001', '440106001001', '4401x', '440'].map(regionLevel)).to.deep.equal(['province', 'city', 'county', 'town', 'village', undefined, undefined]);
    expect(regionContains('4401', '440106001')).to.equal(true);
    expect(regionContains('4402', '440106001')).to.equal(false);
  });

  it('offers the region switcher above town level only', () => {
    expect([null, '44', '4401', '440106', '440106001', '440106001001'].map(canSwitchRegion)).to.deep.equal([true, true, true, true, false, false]);
  });
});

describe('designer: server problems', () => {
  const p = (elementId: string, message: string, elementType = 'bpmn:UserTask') => ({ elementId, elementType, message, resource: 'a.bpmn' });

  it('reads problems from a validate answer and from a 422 error body', () => {
    expect(problemsFrom({ valid: false, problems: [p('A', 'x')] })).to.deep.equal([p('A', 'x')]);
    expect(problemsFrom({ error: { code: 'INVALID_BPMN', message: 'm', details: { problems: [p('B', 'y')] } } })).to.deep.equal([p('B', 'y')]);
    expect(problemsFrom({ error: { code: 'X' } })).to.deep.equal([]);
    expect(problemsFrom(null)).to.deep.equal([]);
  });

  it('groups by element and recognises the engine’s sentences', () => {
    expect([...groupByElement([p('A', '1'), p('B', '2'), p('A', '3')]).keys()]).to.deep.equal(['A', 'B']);
    expect(typeKey('bpmn:ExclusiveGateway')).to.equal('exclusiveGateway');
    expect(summarise(p('S', 'Service task "x" (S) has no tongban:topic; a service task needs one.'))).to.deep.equal({ key: 'noTopic', params: {} });
    expect(summarise(p('U', 'User task U has the attribute tongban:approvalMode, which Tongban does not define.'))).to.deep.equal({ key: 'pendingAttribute', params: { attr: 'tongban:approvalMode' } });
    expect(summarise(p('F', 'Sequence flow F leaves Exclusive gateway G, which has several outgoing flows, but has no condition and is not the default flow.'))).to.deep.equal({ key: 'noCondition', params: {} });
    expect(summarise(p('Z', 'Something new.'))).to.deep.equal({ params: {} });
  });
});
