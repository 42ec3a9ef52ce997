/**
 * bpmnlint over a diagram's moddle definitions, with the rules of `rules.ts` resolved from
 * memory (no file system, no packed config). Results come out as problems like the engine's,
 * marked `source: 'lint'` with the rule's name and severity.
 */
/// <reference path="./bpmnlint.d.ts" />
import { Linter } from 'bpmnlint';
import type { ValidationProblem } from '../problems.js';
import { LINT_RULES } from './rules.js';

export { LINT_RULES, type LintSeverity } from './rules.js';

const resolver = {
  resolveRule(pkg: string, ruleName: string): unknown {
    const rule = pkg === 'bpmnlint' ? LINT_RULES[ruleName] : undefined;
    if (!rule) throw new Error(`unknown lint rule ${pkg}/${ruleName}`);
    return rule.factory;
  },
  resolveConfig(pkg: string, configName: string): unknown {
    throw new Error(`no lint config ${pkg}/${configName}: the designer lists its rules itself`);
  },
};

const config = { rules: Object.fromEntries(Object.entries(LINT_RULES).map(([name, r]) => [name, r.severity])) };

interface Element {
  $type?: string;
  id?: string;
  [key: string]: unknown;
}

/** Element types by id, to name each problem's kind like the engine does. */
function typesById(root: unknown): Map<string, string> {
  const types = new Map<string, string>();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) return value.forEach(visit);
    const el = value as Element;
    if (typeof el.$type !== 'string') return;
    if (el.id && !types.has(el.id)) types.set(el.id, el.$type);
    for (const key of ['rootElements', 'flowElements', 'artifacts', 'eventDefinitions', 'participants', 'laneSets', 'lanes']) visit(el[key]);
  };
  visit(root);
  return types;
}

/** Lints moddle definitions (as the modeler or bpmn-moddle's fromXML gives them). */
export async function lintDefinitions(definitions: unknown): Promise<ValidationProblem[]> {
  const results = await new Linter({ config, resolver }).lint(definitions);
  const types = typesById(definitions);
  const problems: ValidationProblem[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      const elementId = r.id ?? '';
      problems.push({
        elementId,
        elementType: types.get(elementId) ?? '',
        message: r.message,
        source: 'lint',
        rule,
        severity: r.category === 'warn' ? 'warn' : 'error',
      });
    }
  }
  return problems;
}

/**
 * Fills each flow node's `incoming`/`outgoing` from the sequence flows' `sourceRef`/`targetRef`,
 * as bpmn-js does when it imports: the rules read those lists, and files written by other tools
 * (or by hand) may leave them out. Only for definitions parsed here, never the modeler's own.
 */
function linkFlows(element: Element): void {
  const flowElements = (element.flowElements as Element[] | undefined) ?? [];
  for (const flow of flowElements) {
    if (flow.$type === 'bpmn:SequenceFlow') {
      for (const [end, list] of [['sourceRef', 'outgoing'], ['targetRef', 'incoming']] as const) {
        const node = flow[end] as Element | undefined;
        if (!node) continue;
        const refs = ((node[list] as Element[] | undefined) ??= []);
        if (!refs.includes(flow)) refs.push(flow);
      }
    }
    if (flow.flowElements) linkFlows(flow);
  }
  for (const root of (element.rootElements as Element[] | undefined) ?? []) linkFlows(root);
}

/** Lints BPMN XML; a file that does not parse gives one problem naming the parser's complaint. */
export async function lintXml(xml: string, moddle: { fromXML(xml: string): Promise<unknown> }): Promise<ValidationProblem[]> {
  let root: Element;
  try {
    root = ((await moddle.fromXML(xml)) as { rootElement: Element }).rootElement;
  } catch (err) {
    return [{ elementId: '', elementType: '', message: (err as Error).message, source: 'lint', rule: 'xml', severity: 'error' }];
  }
  linkFlows(root);
  return lintDefinitions(root);
}
