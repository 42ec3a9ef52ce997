import { expect } from 'chai';
import { evaluate as feelin } from 'feelin';
import { evaluateFeel, ExpressionError, toExpression } from '../../../engine/src/expressions/feel.js';
import { resultKey, variablesNamedIn } from '../../../engine/src/expressions/remembered-results.js';

/** What feelin itself says, with every variable offered: the reference. */
function reference(feel: string, context: Record<string, unknown>): { value?: unknown; error?: true } {
  try {
    return { value: feelin(feel, context).value };
  } catch {
    return { error: true };
  }
}

function ours(feel: string, context: Record<string, unknown>): { value?: unknown; error?: true } {
  try {
    return { value: evaluateFeel(toExpression(feel), context) };
  } catch (err) {
    expect(err).to.be.instanceOf(ExpressionError);
    return { error: true };
  }
}

describe('FEEL: only named variables offered, plain results remembered', () => {
  const expressions = [
    'approved = true',
    'amount > 10000',
    'amount * 0.1',
    'if approved then "yes" else "no"',
    'order total > 5',
    'order   total > 5',
    'a - b',
    'a-b + 1',
    'applicant.name',
    'count(items) > 1',
    'string length(applicant.name)',
    'decision in ["approve", "reject"]',
    'items[2]',
    'missing = null',
    'date(submitted) < date("2026-01-01")',
    '{total: amount}',
    'amount +',
  ];
  const contexts: Record<string, unknown>[] = [
    { approved: true, amount: 20000, 'order total': 10, a: 5, b: 1, applicant: { name: '张三' }, items: [1, 2, 3] },
    { approved: false, amount: 500, 'order total': 1, 'a-b': 3, a: 5, b: 1, applicant: { name: 'Li' }, items: [1] },
    { approved: 'true', amount: -0, decision: 'approve', submitted: '2025-12-31', items: [] },
    { approved: null, amount: 0, decision: 'withdraw', submitted: '2026-02-01', applicant: null },
    {},
  ];

  it('gives exactly what feelin gives with every variable, the first time and from memory', () => {
    for (const feel of expressions) {
      for (const context of contexts) {
        const expected = reference(feel, context);
        const label = `${feel} over ${JSON.stringify(context)}`;
        expect(ours(feel, context), label).to.eql(expected);
        expect(ours(feel, context), `${label} (again)`).to.eql(expected);
      }
    }
  });

  it('follows the current values of a remembered condition', () => {
    const condition = toExpression('=amount > 10000');
    expect(evaluateFeel(condition, { amount: 20000 })).to.equal(true);
    expect(evaluateFeel(condition, { amount: 500 })).to.equal(false);
    expect(evaluateFeel(condition, { amount: 20000 })).to.equal(true);
    expect(evaluateFeel(condition, {})).to.equal(null);
  });

  it('offers a variable whenever the expression can name it, blanks and operators included', () => {
    const context = { 'order total': 1, 'k-v': 2, 'x.y': 3, unrelated: 4, applicant: { name: 'n' } };
    expect(Object.keys(variablesNamedIn('order   total > 5', context))).to.eql(['order total']);
    expect(Object.keys(variablesNamedIn('k - v', context))).to.eql(['k-v']);
    expect(Object.keys(variablesNamedIn('x . y', context))).to.eql(['x.y']);
    expect(Object.keys(variablesNamedIn('applicant.name', context))).to.eql(['applicant']);
  });

  it('never remembers what may read the clock or is not plain JSON', () => {
    expect(resultKey('now() > deadline', { deadline: 'x' })).to.equal(undefined);
    expect(resultKey('today()', {})).to.equal(undefined);
    expect(resultKey('submitted < x', { submitted: new Date() })).to.equal(undefined);
    expect(resultKey('m', { m: new Map() })).to.equal(undefined);
    expect(resultKey('s', { s: 'x'.repeat(2000) })).to.equal(undefined);
    expect(resultKey('x > 1', { x: 2 })).to.be.a('string');
  });

  it('keys values by type and shape, so that no two values FEEL tells apart share a result', () => {
    const keys = [
      { v: 0 },
      { v: -0 },
      { v: '0' },
      { v: true },
      { v: 't' },
      { v: null },
      { v: 'n' },
      { v: undefined },
      { v: [1, 2] },
      // eslint-disable-next-line no-sparse-arrays
      { v: [1, , 2] },
      { v: [[1], 2] },
      { v: [[1, 2]] },
      { v: { a: 1 } },
      { v: { a: '1' } },
      { v: { 'a"': 1 } },
    ].map((variables) => resultKey('v', variables));
    expect(new Set(keys).size).to.equal(keys.length);
    expect(resultKey('v', { v: 1 })).to.not.equal(resultKey('w', { v: 1 }));
  });

  it('does not remember a list or context: a caller changing one does not change the next', () => {
    const mapping = toExpression('={total: amount, parts: [amount]}');
    const first = evaluateFeel(mapping, { amount: 3 }) as { total: number; parts: number[] };
    first.total = 99;
    first.parts.push(4);
    expect(evaluateFeel(mapping, { amount: 3 })).to.eql({ total: 3, parts: [3] });
  });
});
