/**
 * FEEL expressions through feelin, the FEEL of DMN and Camunda 8.
 *
 * User text is never evaluated as JavaScript: conditions, assignments and mappings are FEEL,
 * interpreted by feelin. We accept both Camunda 8's `=expr` and plain FEEL.
 */
import { evaluate as feelEvaluate, parseExpression } from 'feelin';
import type { Expression } from '../model/types.js';
import { rememberedResult, rememberResult, resultKey, variablesNamedIn } from './remembered-results.js';

/** Builds an `Expression` from the text of a BPMN attribute or body. */
export function toExpression(raw: string): Expression {
  const trimmed = raw.trim();
  const feel = trimmed.startsWith('=') ? trimmed.slice(1).trim() : trimmed;
  return { raw, feel };
}

/** Returns a sentence describing the syntax error, or undefined when the expression parses. */
export function feelSyntaxError(raw: string): string | undefined {
  const { feel } = toExpression(raw);
  if (feel === '') return 'the expression is empty';
  let problemAt: number | undefined;
  try {
    const tree = parseExpression(feel, {}, undefined);
    tree.iterate({
      enter(node) {
        if (problemAt === undefined && node.type.isError) problemAt = node.from;
      },
    });
  } catch (err) {
    return `the expression "${feel}" does not parse: ${(err as Error).message}`;
  }
  if (problemAt === undefined) return undefined;
  return `the FEEL expression "${feel}" has a syntax error at character ${problemAt + 1}`;
}

/** Raised when an expression cannot be evaluated against the given variables. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/**
 * Evaluates a FEEL expression against a variable context. Only the variables the expression
 * can name are handed to feelin, and plain results are remembered (remembered-results.ts).
 */
export function evaluateFeel(expression: Expression, context: Record<string, unknown>): unknown {
  const variables = variablesNamedIn(expression.feel, context);
  const key = resultKey(expression.feel, variables);
  if (key !== undefined) {
    const remembered = rememberedResult(key);
    if (remembered !== undefined) return remembered;
  }
  try {
    const { value } = feelEvaluate(expression.feel, variables);
    if (key !== undefined) rememberResult(key, value);
    return value;
  } catch (err) {
    throw new ExpressionError(`cannot evaluate "${expression.feel}": ${(err as Error).message}`, expression.feel);
  }
}

/**
 * Evaluates a condition. Per FEEL semantics a condition holds only when it is `true`;
 * `null` (for example a missing variable) and any non-boolean do not take the flow.
 */
export function evaluateCondition(expression: Expression, context: Record<string, unknown>): boolean {
  return evaluateFeel(expression, context) === true;
}
