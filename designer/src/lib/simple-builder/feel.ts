/**
 * The visual condition editor's rules ⇄ FEEL text. This module writes and reads FEEL *text*
 * only; nothing here evaluates it (the engine does, with feelin).
 *
 * Written forms, one per operator (`f` a variable name or dotted path, `v` a literal):
 *   eq `f = v` · ne `f != v` · gt `f > v` · ge `f >= v` · lt `f < v` · le `f <= v`
 *   in `f in [v, …]` · notIn `not(f in [v, …])` · contains `contains(f, "text")`
 *   empty `f = null` · notEmpty `f != null`
 * Several rules are joined by ` and ` or ` or `. `parseFeelCondition` reads exactly these forms
 * back; any other FEEL is kept as text (`{ kind: 'feel' }`).
 */
import type { Condition, ConditionOperator, ConditionRule, ConditionValue } from './model.js';

/** A FEEL name or dotted path of names: letters (any script), digits, `_`; not a keyword. */
const NAME = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;
const KEYWORDS = new Set(['and', 'or', 'not', 'null', 'true', 'false', 'in', 'if', 'then', 'else', 'for', 'return', 'some', 'every', 'satisfies', 'between', 'instance', 'of', 'function']);

export function isFieldName(field: string): boolean {
  return NAME.test(field) && field.split('.').every((part) => !KEYWORDS.has(part));
}

const COMPARATORS: Partial<Record<ConditionOperator, string>> = { eq: '=', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' };
const LIST_OPERATORS: ReadonlySet<ConditionOperator> = new Set(['in', 'notIn']);
const NO_VALUE_OPERATORS: ReadonlySet<ConditionOperator> = new Set(['empty', 'notEmpty']);

export function operatorTakesList(op: ConditionOperator): boolean {
  return LIST_OPERATORS.has(op);
}
export function operatorTakesValue(op: ConditionOperator): boolean {
  return !NO_VALUE_OPERATORS.has(op);
}

/** Control characters XML 1.0 cannot hold at all: dropped from literals. */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * FEEL string literal: double quotes, with `\` escapes for quote, backslash and line breaks.
 * (No `\u` escapes: feelin reads more than four hex digits after `\u`.)
 */
export function feelString(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (!XML_FORBIDDEN.test(ch)) out += ch;
  }
  return `${out}"`;
}

/** Largest magnitude the editor writes (integers stay exact below it). */
const MAX_NUMBER = 1e15;

/** Numbers written exactly as plain decimals: finite, below MAX_NUMBER, no exponent form. */
export function isWritableNumber(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) < MAX_NUMBER && !/e/i.test(String(value));
}

export function feelLiteral(value: ConditionValue): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!isWritableNumber(value)) throw new RangeError(`number out of range: ${value}`);
    return String(value);
  }
  return feelString(value);
}

/** Problems of one rule, as message keys (the UI translates them); empty when it is complete. */
export function ruleProblems(rule: ConditionRule): string[] {
  const problems: string[] = [];
  if (!isFieldName(rule.field)) problems.push('condition.problem.field');
  if (operatorTakesValue(rule.operator)) {
    const v = rule.value;
    if (operatorTakesList(rule.operator)) {
      if (!Array.isArray(v) || v.length === 0) problems.push('condition.problem.list');
    } else if (v === undefined || Array.isArray(v) || v === '') {
      problems.push('condition.problem.value');
    } else if (rule.operator === 'contains' && typeof v !== 'string') {
      problems.push('condition.problem.text');
    }
    const values = Array.isArray(v) ? v : v === undefined ? [] : [v];
    if (values.some((x) => typeof x === 'number' && !isWritableNumber(x))) {
      problems.push('condition.problem.number');
    }
  }
  return problems;
}

export function conditionProblems(condition: Condition): string[] {
  if (condition.kind === 'feel') return condition.text.trim() === '' ? ['condition.problem.empty'] : [];
  if (condition.rules.length === 0) return ['condition.problem.empty'];
  return [...new Set(condition.rules.flatMap(ruleProblems))];
}

/** One rule as FEEL. Throws on an incomplete rule (check with `ruleProblems` first). */
export function ruleToFeel(rule: ConditionRule): string {
  const problems = ruleProblems(rule);
  if (problems.length > 0) throw new Error(`incomplete condition rule on "${rule.field}": ${problems.join(', ')}`);
  const f = rule.field;
  const comparator = COMPARATORS[rule.operator];
  if (comparator) return `${f} ${comparator} ${feelLiteral(rule.value as ConditionValue)}`;
  switch (rule.operator) {
    case 'in':
      return `${f} in [${(rule.value as ConditionValue[]).map(feelLiteral).join(', ')}]`;
    case 'notIn':
      return `not(${f} in [${(rule.value as ConditionValue[]).map(feelLiteral).join(', ')}])`;
    case 'contains':
      return `contains(${f}, ${feelLiteral(rule.value as string)})`;
    case 'empty':
      return `${f} = null`;
    case 'notEmpty':
      return `${f} != null`;
    default:
      throw new Error(`unknown operator ${String(rule.operator)}`);
  }
}

/** A condition as FEEL text, without the leading `=`. */
export function conditionToFeel(condition: Condition): string {
  if (condition.kind === 'feel') return condition.text.trim();
  if (condition.rules.length === 0) throw new Error('a condition needs at least one rule');
  return condition.rules.map(ruleToFeel).join(` ${condition.combinator} `);
}

// ---- reading our own forms back -----------------------------------------------------------

/** Splits at top-level occurrences of ` and ` / ` or ` (outside strings, brackets, parens). */
function splitTopLevel(text: string): { parts: string[]; joins: Set<string> } {
  const parts: string[] = [];
  const joins = new Set<string>();
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && ch === ' ') {
      const m = /^ (and|or) /.exec(text.slice(i, i + 5));
      if (m) {
        parts.push(text.slice(start, i));
        joins.add(m[1]!);
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return { parts, joins };
}

/** Reads one literal as written by `feelLiteral`; undefined if it is not one. */
export function parseFeelLiteral(text: string): ConditionValue | undefined {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^-?\d+(?:\.\d+)?$/.test(t)) return Number(t);
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    let out = '';
    for (let i = 1; i < t.length - 1; i++) {
      const ch = t[i]!;
      if (ch === '"') return undefined;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const next = t[++i];
      if (next === 'n') out += '\n';
      else if (next === 'r') out += '\r';
      else if (next === 't') out += '\t';
      else if (next === '"' || next === '\\') out += next;
      else return undefined;
    }
    return out;
  }
  return undefined;
}

function parseList(text: string): ConditionValue[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const inner = t.slice(1, -1);
  const items: string[] = [];
  let inString = false;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === ',') {
      items.push(inner.slice(start, i));
      start = i + 1;
    } else if (ch === '[' || ch === ']' || ch === '(' || ch === ')') return undefined;
  }
  items.push(inner.slice(start));
  const values = items.map(parseFeelLiteral);
  return values.every((v) => v !== undefined) && values.length > 0 ? (values as ConditionValue[]) : undefined;
}

const FIELD = String.raw`([\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)`;
const COMPARISON = new RegExp(`^${FIELD} (=|!=|>=|<=|>|<) (.+)$`, 'u');
const IN = new RegExp(`^${FIELD} in (\\[.*\\])$`, 'u');
const NOT_IN = new RegExp(`^not\\(${FIELD} in (\\[.*\\])\\)$`, 'u');
const CONTAINS = new RegExp(`^contains\\(${FIELD}, (".*")\\)$`, 'u');
const OPERATOR_OF: Readonly<Record<string, ConditionOperator>> = { '=': 'eq', '!=': 'ne', '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };

export function parseFeelRule(text: string): ConditionRule | undefined {
  const t = text.trim();
  let m = NOT_IN.exec(t);
  if (m) {
    const list = parseList(m[2]!);
    return list && isFieldName(m[1]!) ? { field: m[1]!, operator: 'notIn', value: list } : undefined;
  }
  m = IN.exec(t);
  if (m) {
    const list = parseList(m[2]!);
    return list && isFieldName(m[1]!) ? { field: m[1]!, operator: 'in', value: list } : undefined;
  }
  m = CONTAINS.exec(t);
  if (m) {
    const v = parseFeelLiteral(m[2]!);
    return typeof v === 'string' && isFieldName(m[1]!) ? { field: m[1]!, operator: 'contains', value: v } : undefined;
  }
  m = COMPARISON.exec(t);
  if (m && isFieldName(m[1]!)) {
    const [, field, op, rest] = m as unknown as [string, string, string, string];
    if (rest === 'null' && (op === '=' || op === '!=')) return { field, operator: op === '=' ? 'empty' : 'notEmpty' };
    const v = parseFeelLiteral(rest);
    if (v === undefined) return undefined;
    return { field, operator: OPERATOR_OF[op]!, value: v };
  }
  return undefined;
}

/**
 * FEEL text (with or without the leading `=`) → the visual editor's rules when it has exactly
 * the forms `conditionToFeel` writes, and those rules write it back unchanged; otherwise the
 * text itself as a hand-written condition.
 */
export function parseFeelCondition(feel: string): Condition {
  const text = feel.trim().replace(/^=\s*/, '');
  const asText: Condition = { kind: 'feel', text };
  if (text === '') return asText;
  const { parts, joins } = splitTopLevel(text);
  if (joins.size > 1) return asText;
  const rules = parts.map(parseFeelRule);
  if (rules.some((r) => r === undefined)) return asText;
  const condition: Condition = { kind: 'rules', combinator: joins.has('or') ? 'or' : 'and', rules: rules as ConditionRule[] };
  try {
    return conditionToFeel(condition) === text ? condition : asText;
  } catch {
    return asText;
  }
}
