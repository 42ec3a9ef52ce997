/**
 * Problems with a diagram, from two sources: the engine's validation on the server
 * (`{ elementId, elementType, message, resource }`, what would refuse a deployment) and bpmnlint
 * in the page (modelling advice, `lib/lint`). Grouped and described for people: the element's
 * kind in the UI language, its name when the diagram has one, and its id.
 */
export type ProblemSource = 'engine' | 'lint';

export interface ValidationProblem {
  elementId: string;
  elementType: string;
  message: string;
  resource?: string;
  /** Where it comes from; absent means the engine (the server's answers carry no source). */
  source?: ProblemSource;
  /** bpmnlint's rule name (lint problems). */
  rule?: string;
  /** Lint severity; engine problems are always errors (they refuse the deployment). */
  severity?: 'error' | 'warn';
}

export function sourceOf(problem: ValidationProblem): ProblemSource {
  return problem.source ?? 'engine';
}

export function isError(problem: ValidationProblem): boolean {
  return sourceOf(problem) === 'engine' || problem.severity !== 'warn';
}

/** Engine problems first (they block deployment), then lint errors, then lint warnings. */
export function mergeProblems(engine: readonly ValidationProblem[], lint: readonly ValidationProblem[]): ValidationProblem[] {
  const rank = (p: ValidationProblem): number => (sourceOf(p) === 'engine' ? 0 : isError(p) ? 1 : 2);
  return [...engine.map((p) => ({ ...p, source: sourceOf(p) })), ...lint].map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map((x) => x.p);
}

/** `bpmn:ExclusiveGateway` → `exclusiveGateway` (the i18n key under `bpmnType.`). */
export function typeKey(elementType: string): string {
  const local = elementType.includes(':') ? elementType.slice(elementType.indexOf(':') + 1) : elementType;
  return local.charAt(0).toLowerCase() + local.slice(1);
}

/** Problems by element id, in first-seen order. */
export function groupByElement(problems: readonly ValidationProblem[]): Map<string, ValidationProblem[]> {
  const map = new Map<string, ValidationProblem[]>();
  for (const p of problems) map.set(p.elementId, [...(map.get(p.elementId) ?? []), p]);
  return map;
}

/** Reads the problem list from a 422 error body or a validate response; [] when there is none. */
export function problemsFrom(body: unknown): ValidationProblem[] {
  const b = body as { problems?: unknown; error?: { details?: { problems?: unknown } } } | null;
  const list = b?.problems ?? b?.error?.details?.problems;
  if (!Array.isArray(list)) return [];
  return list
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
    .map((p) => ({
      elementId: String(p.elementId ?? ''),
      elementType: String(p.elementType ?? ''),
      message: String(p.message ?? ''),
      ...(typeof p.resource === 'string' ? { resource: p.resource } : {}),
    }));
}

/** A known engine message, recognised so the UI can say it in the user's language. */
export interface ProblemSummary {
  /** i18n key under `problem.`; undefined when the message is not one we know (show it as is). */
  key?: string;
  params: Record<string, string>;
}

const PATTERNS: readonly [RegExp, string, readonly string[]][] = [
  [/has the attribute (tongban:[\w-]+), which Tongban does not define/, 'pendingAttribute', ['attr']],
  [/has the attribute ([\w:-]+), which is not used on this kind of element/, 'misplacedAttribute', ['attr']],
  [/has the attribute ([\w:-]+), which BPMN 2\.0 does not define/, 'unknownAttribute', ['attr']],
  [/has no tongban:topic/, 'noTopic', []],
  [/has no outgoing sequence flow/, 'noOutgoing', []],
  [/cannot be reached from the start event/, 'unreachable', []],
  [/has no condition and is not the default flow/, 'noCondition', []],
  [/not valid FEEL/, 'feel', []],
  [/is a multi-instance activity/, 'multiInstance', []],
  [/is a (\w+) event.*(not supported yet|later)/, 'eventLater', ['event']],
  [/has no start event/, 'noStart', []],
  [/is another start event/, 'extraStart', []],
  [/cannot run: (.+)\.$/, 'cannotRun', ['why']],
  [/The file is not well-formed XML/, 'xml', []],
];

export function summarise(problem: ValidationProblem): ProblemSummary {
  for (const [re, key, names] of PATTERNS) {
    const m = re.exec(problem.message);
    if (!m) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = m[i + 1] ?? ''));
    return { key, params };
  }
  return { params: {} };
}
