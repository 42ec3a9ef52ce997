import { expect } from 'chai';
import fc from 'fast-check';
import { evaluateCondition, feelSyntaxError, toExpression } from '../../engine/src/expressions/feel.js';
import {
  type Condition,
  type ConditionRule,
  type ConditionValue,
  conditionProblems,
  conditionToFeel,
  feelString,
  isFieldName,
  isWritableNumber,
  parseFeelCondition,
  ruleToFeel,
} from '../../designer/src/lib/simple-builder/index.js';

const rules = (combinator: 'and' | 'or', ...r: ConditionRule[]): Condition => ({ kind: 'rules', combinator, rules: r });

describe('designer: condition editor → FEEL', () => {
  const written: [ConditionRule, string][] = [
    [{ field: 'amount', operator: 'gt', value: 100000 }, 'amount > 100000'],
    [{ field: 'amount', operator: 'ge', value: 1.5 }, 'amount >= 1.5'],
    [{ field: 'amount', operator: 'lt', value: -2 }, 'amount < -2'],
    [{ field: 'amount', operator: 'le', value: 0 }, 'amount <= 0'],
    [{ field: '申请类型', operator: 'eq', value: '新办' }, '申请类型 = "新办"'],
    [{ field: 'agreed', operator: 'ne', value: false }, 'agreed != false'],
    [{ field: 'applicant.type', operator: 'in', value: ['企业', '个体'] }, 'applicant.type in ["企业", "个体"]'],
    [{ field: 'level', operator: 'notIn', value: [1, 2] }, 'not(level in [1, 2])'],
    [{ field: 'address', operator: 'contains', value: '镇' }, 'contains(address, "镇")'],
    [{ field: 'note', operator: 'empty' }, 'note = null'],
    [{ field: 'note', operator: 'notEmpty' }, 'note != null'],
    [{ field: 'q', operator: 'eq', value: 'say "hi"\\\n' }, 'q = "say \\"hi\\"\\\\\\n"'],
  ];
  for (const [rule, feel] of written) {
    it(`${rule.operator}: ${feel}`, () => {
      expect(ruleToFeel(rule)).to.equal(feel);
      expect(feelSyntaxError(feel)).to.equal(undefined);
      expect(parseFeelCondition(feel)).to.deep.equal(rules('and', rule));
    });
  }

  it('joins rules with and / or and reads them back', () => {
    const c = rules('or', { field: 'a', operator: 'eq', value: 1 }, { field: 'b', operator: 'in', value: ['x and y', 'p or q'] });
    const feel = conditionToFeel(c);
    expect(feel).to.equal('a = 1 or b in ["x and y", "p or q"]');
    expect(parseFeelCondition(`=${feel}`)).to.deep.equal(c);
  });

  it('keeps other FEEL as hand-written text', () => {
    for (const text of ['a > 1 and b < 2 or c = 3', 'sum(items) > 10', '(a = 1)', 'a = b', 'a   =  1', 'x in (1..3)']) {
      expect(parseFeelCondition(text)).to.deep.equal({ kind: 'feel', text });
    }
  });

  it('means what the editor shows (evaluated by the engine’s FEEL, here in the test only)', () => {
    const ctx = { amount: 200000, kind: '企业', note: null, tags: '加急,特办', level: 3 };
    const holds = (c: Condition): boolean => evaluateCondition(toExpression(conditionToFeel(c)), ctx);
    expect(holds(rules('and', { field: 'amount', operator: 'gt', value: 100000 }, { field: 'kind', operator: 'in', value: ['企业'] }))).to.equal(true);
    expect(holds(rules('and', { field: 'amount', operator: 'gt', value: 100000 }, { field: 'kind', operator: 'eq', value: '个体' }))).to.equal(false);
    expect(holds(rules('or', { field: 'amount', operator: 'lt', value: 1 }, { field: 'tags', operator: 'contains', value: '加急' }))).to.equal(true);
    expect(holds(rules('and', { field: 'note', operator: 'empty' }, { field: 'level', operator: 'notIn', value: [1, 2] }))).to.equal(true);
    expect(holds(rules('and', { field: 'note', operator: 'notEmpty' }))).to.equal(false);
  });

  it('reports incomplete rules instead of writing broken FEEL', () => {
    expect(conditionProblems(rules('and', { field: '', operator: 'eq', value: 'x' }))).to.deep.equal(['condition.problem.field']);
    expect(conditionProblems(rules('and', { field: 'a', operator: 'eq', value: '' }))).to.deep.equal(['condition.problem.value']);
    expect(conditionProblems(rules('and', { field: 'a', operator: 'in', value: [] }))).to.deep.equal(['condition.problem.list']);
    expect(conditionProblems(rules('and', { field: 'a', operator: 'contains', value: 3 }))).to.deep.equal(['condition.problem.text']);
    expect(conditionProblems(rules('and', { field: 'a', operator: 'gt', value: 1e300 }))).to.deep.equal(['condition.problem.number']);
    expect(conditionProblems(rules('and'))).to.deep.equal(['condition.problem.empty']);
    expect(conditionProblems({ kind: 'feel', text: ' ' })).to.deep.equal(['condition.problem.empty']);
    expect(() => ruleToFeel({ field: 'a) or (true', operator: 'eq', value: 1 })).to.throw();
  });

  it('accepts FEEL names only as fields (no injection through the field)', () => {
    for (const ok of ['a', '申请人', 'applicant.type', '_x1']) expect(isFieldName(ok), ok).to.equal(true);
    for (const bad of ['', '1a', 'a b', 'a)', 'a.', 'true', 'x.null', 'a-b', 'a"b']) expect(isFieldName(bad), bad).to.equal(false);
  });

  /** Text XML can hold (the editor drops the rest). */
  // eslint-disable-next-line no-control-regex
  const storable = (min = 0): fc.Arbitrary<string> => fc.string({ unit: 'binary', minLength: min }).filter((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s));
  const field = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/).filter(isFieldName);
  const value: fc.Arbitrary<ConditionValue> = fc.oneof(storable(), fc.integer({ min: -1e9, max: 1e9 }), fc.boolean(), fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((d) => isWritableNumber(d) && !Object.is(d, -0)));
  const rule: fc.Arbitrary<ConditionRule> = fc.oneof(
    fc.record({ field, operator: fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le') as fc.Arbitrary<ConditionRule['operator']>, value: value.filter((v) => v !== '') }),
    fc.record({ field, operator: fc.constantFrom('in', 'notIn') as fc.Arbitrary<ConditionRule['operator']>, value: fc.array(value, { minLength: 1, maxLength: 4 }) }),
    fc.record({ field, operator: fc.constant('contains') as fc.Arbitrary<ConditionRule['operator']>, value: storable(1) }),
    fc.record({ field, operator: fc.constantFrom('empty', 'notEmpty') as fc.Arbitrary<ConditionRule['operator']> }),
  );

  it('property: any complete rule set → FEEL that parses → the same rules', () => {
    fc.assert(
      fc.property(fc.constantFrom('and', 'or') as fc.Arbitrary<'and' | 'or'>, fc.array(rule, { minLength: 1, maxLength: 4 }), (combinator, rs) => {
        const c = rules(combinator, ...rs);
        const feel = conditionToFeel(c);
        expect(feelSyntaxError(feel), feel).to.equal(undefined);
        // One rule reads back joined by "and": the joiner of a single rule does not matter.
        expect(parseFeelCondition(feel)).to.deep.equal(rs.length === 1 ? rules('and', ...rs) : c);
      }),
      { numRuns: 300 },
    );
  });

  it('property: any string literal evaluates back to itself', () => {
    fc.assert(
      fc.property(storable(), (s) => {
        expect(evaluateCondition(toExpression(`x = ${feelString(s)}`), { x: s })).to.equal(true);
      }),
      { numRuns: 200 },
    );
  });
});
