/**
 * chai for these tests. chai 6 ships no type declarations and @types/chai is not installed, so
 * chai is loaded through a non-literal specifier (which TypeScript leaves untyped) and the few
 * assertions used here are typed by hand. Property assertions (`.to.be.true`) are left out:
 * they trip no-unused-expressions; use `.to.equal(true)`.
 */
export interface Assertion {
  readonly to: Assertion;
  readonly be: Assertion;
  readonly been: Assertion;
  readonly have: Assertion;
  readonly has: Assertion;
  readonly that: Assertion;
  readonly and: Assertion;
  readonly not: Assertion;
  readonly deep: Assertion;
  equal(value: unknown, message?: string): Assertion;
  eql(value: unknown, message?: string): Assertion;
  include(value: unknown, message?: string): Assertion;
  members(values: readonly unknown[], message?: string): Assertion;
  lengthOf(length: number, message?: string): Assertion;
  match(pattern: RegExp, message?: string): Assertion;
  a(type: string, message?: string): Assertion;
  property(name: string, value?: unknown): Assertion;
  above(value: number, message?: string): Assertion;
  throw(pattern?: RegExp | string): Assertion;
}

const chaiSpecifier: string = 'chai';
const chai = (await import(chaiSpecifier)) as { expect: (value: unknown, message?: string) => Assertion };

export const expect = chai.expect;
