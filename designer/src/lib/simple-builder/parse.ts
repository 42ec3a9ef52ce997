/**
 * BPMN → simple model: recognises a diagram of the shape the builder writes and returns its
 * chain, or the reason it no longer fits the simple form (with the element concerned).
 *
 * Works on the object tree bpmn-moddle reads (the modeler's `getDefinitions()`, or
 * `moddle.fromXML`): the caller brings a moddle that knows the `tongban:` package, so this
 * module imports neither bpmn-moddle nor the descriptor and runs anywhere.
 */
import type { Attributes } from './encoding.js';
import { ALLOWED_ATTRIBUTES, CC_TOPIC, readApproval, readAssignees, readCcRecipients, readTimeLimit } from './encoding.js';
import { parseFeelCondition } from './feel.js';
import type { Branch, ConditionBranch, SimpleNode, SimpleProcess } from './model.js';

/** The part of a bpmn-moddle element this module reads. */
export interface ModdleElement {
  readonly $type: string;
  readonly id?: string;
  readonly name?: string;
  readonly $attrs?: Record<string, string>;
  readonly [key: string]: unknown;
}

export type NotSimpleCode =
  | 'noProcess'
  | 'severalProcesses'
  | 'otherRootElement'
  | 'startEvents'
  | 'endEvents'
  | 'unsupportedElement'
  | 'unsupportedProperty'
  | 'unsupportedAttribute'
  | 'badAttribute'
  | 'fanIn'
  | 'fanOut'
  | 'unmatchedBranches'
  | 'condition'
  | 'defaultBranch'
  | 'loop'
  | 'unreachable';

export interface NotSimpleReason {
  code: NotSimpleCode;
  elementId?: string;
  elementType?: string;
  /** Property or attribute name concerned, when there is one. */
  detail?: string;
  /** English explanation for logs and tests; the UI translates `code`. */
  message: string;
}

export type ParseResult = { process: SimpleProcess; reason?: undefined } | { process?: undefined; reason: NotSimpleReason };

class NotSimple extends Error {
  constructor(readonly reason: NotSimpleReason) {
    super(reason.message);
  }
}

function fail(code: NotSimpleCode, message: string, el?: ModdleElement, detail?: string): never {
  throw new NotSimple({
    code,
    message,
    ...(el?.id !== undefined ? { elementId: el.id } : {}),
    ...(el ? { elementType: el.$type } : {}),
    ...(detail !== undefined ? { detail } : {}),
  });
}

const TONGBAN_PREFIX = 'tongban:';

/** Own properties each element kind may have in a simple diagram (besides `$type` and `tongban:` ones). */
const ALLOWED_PROPERTIES: Readonly<Record<string, ReadonlySet<string>>> = {
  node: new Set(['id', 'name', 'incoming', 'outgoing', 'default']),
  flow: new Set(['id', 'name', 'sourceRef', 'targetRef', 'conditionExpression']),
  process: new Set(['id', 'name', 'isExecutable', 'flowElements']),
};

interface PropertyDescriptor {
  name: string;
  ns?: { prefix?: string; localName?: string };
}

/**
 * Properties of the element that the `tongban:` package defines (own property name → local
 * attribute name), read from the moddle descriptor: whatever the package defines today.
 */
function tongbanProperties(el: ModdleElement): Map<string, string> {
  const descriptor = (el as { $descriptor?: { properties?: PropertyDescriptor[] } }).$descriptor;
  const map = new Map<string, string>();
  for (const p of descriptor?.properties ?? []) {
    if (p.ns?.prefix === 'tongban') map.set(p.name, p.ns.localName ?? p.name);
  }
  return map;
}

/** `tongban:` attributes of an element, defined by the package or not, by local name. */
function tongbanAttributes(el: ModdleElement): Attributes {
  const attrs: Attributes = {};
  for (const [prop, local] of tongbanProperties(el)) {
    const v = el[prop];
    if (typeof v === 'string') attrs[local] = v;
  }
  for (const [k, v] of Object.entries(el.$attrs ?? {})) {
    if (k.startsWith(TONGBAN_PREFIX)) attrs[k.slice(TONGBAN_PREFIX.length)] = v;
    else if (!k.startsWith('xmlns')) fail('unsupportedAttribute', `${describe(el)} has the attribute ${k}, which the simple builder does not keep.`, el, k);
  }
  return attrs;
}

function checkProperties(el: ModdleElement, kind: keyof typeof ALLOWED_PROPERTIES): void {
  const allowed = ALLOWED_PROPERTIES[kind]!;
  const tongban = tongbanProperties(el);
  for (const key of Object.keys(el)) {
    if (key.startsWith('$') || key === 'di' || allowed.has(key) || tongban.has(key)) continue;
    const value = el[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    fail('unsupportedProperty', `${describe(el)} has ${key}, which the simple builder does not keep.`, el, key);
  }
}

function describe(el: ModdleElement): string {
  return `${el.$type}${el.id ? ` ${el.id}` : ''}`;
}

function checkAttributes(el: ModdleElement, attrs: Attributes, kind: keyof typeof ALLOWED_ATTRIBUTES): void {
  for (const name of Object.keys(attrs)) {
    if (!ALLOWED_ATTRIBUTES[kind].has(name)) fail('unsupportedAttribute', `${describe(el)} has tongban:${name}, which a ${kind} step does not use.`, el, `tongban:${name}`);
  }
}

interface Graph {
  nodes: Map<string, ModdleElement>;
  flows: ModdleElement[];
  outgoing: Map<string, ModdleElement[]>;
  incoming: Map<string, ModdleElement[]>;
}

const NODE_TYPES = new Set(['bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:UserTask', 'bpmn:SendTask', 'bpmn:ServiceTask', 'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway']);

function ref(flow: ModdleElement, which: 'sourceRef' | 'targetRef'): ModdleElement {
  const el = flow[which] as ModdleElement | undefined;
  if (!el) fail('unsupportedElement', `${describe(flow)} has no ${which === 'sourceRef' ? 'source' : 'target'}.`, flow);
  return el;
}

class Reader {
  readonly visitedNodes = new Set<string>();
  readonly visitedFlows = new Set<string>();

  constructor(private readonly graph: Graph) {}

  out(el: ModdleElement): ModdleElement[] {
    return this.graph.outgoing.get(el.id!) ?? [];
  }
  in(el: ModdleElement): ModdleElement[] {
    return this.graph.incoming.get(el.id!) ?? [];
  }

  /** The single flow leaving a non-branching element, marked visited. */
  next(el: ModdleElement): ModdleElement {
    const out = this.out(el);
    if (out.length !== 1) fail('fanOut', `${describe(el)} has ${out.length} outgoing flows; a step of the simple builder has exactly one.`, el);
    return this.take(out[0]!);
  }

  take(flow: ModdleElement): ModdleElement {
    checkProperties(flow, 'flow');
    if (flow.$attrs && Object.keys(flow.$attrs).some((k) => !k.startsWith('xmlns'))) {
      fail('unsupportedAttribute', `${describe(flow)} has attributes the simple builder does not keep.`, flow);
    }
    this.visitedFlows.add(flow.id!);
    return ref(flow, 'targetRef');
  }

  isJoin(el: ModdleElement): boolean {
    return (el.$type === 'bpmn:ExclusiveGateway' || el.$type === 'bpmn:ParallelGateway') && this.in(el).length > 1;
  }

  /** Reads a chain from `el` until an end event or a join gateway, which it returns. */
  chain(first: ModdleElement): { nodes: SimpleNode[]; stop: ModdleElement } {
    const nodes: SimpleNode[] = [];
    let el = first;
    for (;;) {
      if (el.$type === 'bpmn:EndEvent' || this.isJoin(el)) return { nodes, stop: el };
      if (this.visitedNodes.has(el.id!)) fail('loop', `${describe(el)} is reached twice: the flow loops back.`, el);
      this.visitedNodes.add(el.id!);
      if (!NODE_TYPES.has(el.$type) || el.$type === 'bpmn:StartEvent') {
        fail('unsupportedElement', `${describe(el)} is not a kind of step the simple builder has.`, el);
      }
      checkProperties(el, 'node');
      if (this.in(el).length !== 1) fail('fanIn', `${describe(el)} has ${this.in(el).length} incoming flows; it should have one.`, el);
      if (el.$type === 'bpmn:ExclusiveGateway' || el.$type === 'bpmn:ParallelGateway') {
        const { node, join } = this.branching(el);
        nodes.push(node);
        this.visitedNodes.add(join.id!);
        el = this.next(join);
      } else {
        nodes.push(this.task(el));
        el = this.next(el);
      }
    }
  }

  task(el: ModdleElement): SimpleNode {
    const attrs = tongbanAttributes(el);
    if (el.default) fail('unsupportedProperty', `${describe(el)} has a default flow.`, el, 'default');
    const id = el.id!;
    const name = el.name ?? '';
    if (el.$type === 'bpmn:UserTask') {
      checkAttributes(el, attrs, 'approver');
      const assignees = readAssignees(attrs);
      if (!assignees) fail('badAttribute', `${describe(el)} has both tongban:assignee and tongban:candidateUsers.`, el, 'tongban:assignee');
      const approval = readApproval(attrs);
      if (!approval) fail('badAttribute', `${describe(el)} has an approval mode or pass ratio the builder does not know.`, el, 'tongban:approvalMode');
      const limit = readTimeLimit(attrs);
      if (limit === null) fail('badAttribute', `${describe(el)} has a time limit that is not N working days (P5WD) with a known timeout action.`, el, 'tongban:timeLimit');
      return { type: 'approver', id, name, ...approval, assignees, ...(limit ? { timeLimit: limit } : {}) };
    }
    if (el.$type === 'bpmn:SendTask') {
      checkAttributes(el, attrs, 'cc');
      if (attrs.topic !== CC_TOPIC) fail('unsupportedElement', `${describe(el)} is a send task whose topic is not ${CC_TOPIC}; only CC steps are send tasks.`, el, 'tongban:topic');
      return { type: 'cc', id, name, recipients: readCcRecipients(attrs) };
    }
    // bpmn:ServiceTask
    checkAttributes(el, attrs, 'handoff');
    const limit = readTimeLimit(attrs);
    if (limit === null) fail('badAttribute', `${describe(el)} has a time limit that is not N working days (P5WD) with a known timeout action.`, el, 'tongban:timeLimit');
    return { type: 'handoff', id, name, topic: attrs.topic ?? '', ...(limit ? { timeLimit: limit } : {}) };
  }

  branching(split: ModdleElement): { node: SimpleNode; join: ModdleElement } {
    if (Object.keys(tongbanAttributes(split)).length > 0) fail('unsupportedAttribute', `${describe(split)} has tongban: attributes.`, split);
    const flows = this.out(split);
    if (flows.length < 2) fail('fanOut', `${describe(split)} does not branch: it has ${flows.length} outgoing flow(s).`, split);
    let join: ModdleElement | undefined;
    const branches: { flow: ModdleElement; branch: Branch }[] = [];
    for (const flow of flows) {
      const target = this.take(flow);
      const { nodes, stop } = this.isJoin(target) ? { nodes: [], stop: target } : this.chain(target);
      if (stop.$type === 'bpmn:EndEvent' || stop.$type !== split.$type || (join && stop !== join)) {
        fail('unmatchedBranches', `The branches of ${describe(split)} do not all meet again at one ${split.$type === 'bpmn:ParallelGateway' ? 'parallel' : 'exclusive'} gateway.`, split);
      }
      join = stop;
      branches.push({ flow, branch: { id: flow.id!, name: flow.name ?? '', nodes } });
    }
    if (this.in(join!).length !== flows.length) fail('unmatchedBranches', `${describe(join!)} joins flows that do not all come from ${describe(split)}.`, join);
    checkProperties(join!, 'node');
    if (Object.keys(tongbanAttributes(join!)).length > 0 || join!.default) fail('unsupportedAttribute', `${describe(join!)} has attributes the simple builder does not keep.`, join);

    const id = split.id!;
    const name = split.name ?? '';
    if (split.$type === 'bpmn:ParallelGateway') {
      for (const { flow } of branches) {
        if (flow.conditionExpression) fail('condition', `${describe(flow)} leaves a parallel gateway but has a condition.`, flow);
      }
      if (split.default) fail('unsupportedProperty', `${describe(split)} has a default flow.`, split, 'default');
      return { node: { type: 'parallel', id, name, branches: branches.map((b) => b.branch) }, join: join! };
    }
    const defaultFlow = split.default as ModdleElement | undefined;
    const defaults = branches.filter((b) => b.flow === defaultFlow);
    if (defaults.length !== 1) fail('defaultBranch', `${describe(split)} has no default branch ("other cases"), which a condition node needs.`, split);
    const conditional: ConditionBranch[] = [];
    for (const { flow, branch } of branches) {
      if (flow === defaultFlow) {
        if (flow.conditionExpression) fail('condition', `${describe(flow)} is the default flow but has a condition.`, flow);
        continue;
      }
      const expr = flow.conditionExpression as ModdleElement | undefined;
      if (expr) {
        const language = expr.language as string | undefined;
        if (language && !/^feel$/i.test(language)) fail('condition', `${describe(flow)} has a condition in ${language}, not FEEL.`, flow);
        if (Object.keys(expr).some((k) => !k.startsWith('$') && k !== 'body' && k !== 'language')) fail('condition', `${describe(flow)} has a condition the builder cannot keep.`, flow);
      }
      const body = typeof expr?.body === 'string' ? expr.body : '';
      conditional.push({ ...branch, condition: parseFeelCondition(body) });
    }
    return { node: { type: 'condition', id, name, branches: conditional, defaultBranch: defaults[0]!.branch }, join: join! };
  }
}

/** Reads the simple chain from bpmn-moddle definitions. */
export function parseSimpleDefinitions(definitions: ModdleElement): ParseResult {
  try {
    return { process: readDefinitions(definitions) };
  } catch (err) {
    if (err instanceof NotSimple) return { reason: err.reason };
    throw err;
  }
}

/** Reads the simple chain from BPMN XML, with a moddle that knows the `tongban:` package. */
export async function parseSimpleModel(xml: string, moddle: { fromXML(xml: string): Promise<unknown> }): Promise<ParseResult> {
  const { rootElement } = (await moddle.fromXML(xml)) as { rootElement: ModdleElement };
  return parseSimpleDefinitions(rootElement);
}

function readDefinitions(definitions: ModdleElement): SimpleProcess {
  const roots = (definitions.rootElements as ModdleElement[] | undefined) ?? [];
  for (const r of roots) if (r.$type !== 'bpmn:Process') fail('otherRootElement', `${describe(r)} is not a process: the simple builder edits one process alone.`, r);
  if (roots.length === 0) fail('noProcess', 'The file has no process.');
  if (roots.length > 1) fail('severalProcesses', 'The file has more than one process.');
  const process = roots[0]!;
  checkProperties(process, 'process');

  const elements = (process.flowElements as ModdleElement[] | undefined) ?? [];
  const graph: Graph = { nodes: new Map(), flows: [], outgoing: new Map(), incoming: new Map() };
  for (const el of elements) {
    if (el.$type === 'bpmn:SequenceFlow') graph.flows.push(el);
    else if (NODE_TYPES.has(el.$type)) graph.nodes.set(el.id!, el);
    else fail('unsupportedElement', `${describe(el)} is not a kind of step the simple builder has.`, el);
  }
  for (const flow of graph.flows) {
    const s = ref(flow, 'sourceRef').id!;
    const t = ref(flow, 'targetRef').id!;
    graph.outgoing.set(s, [...(graph.outgoing.get(s) ?? []), flow]);
    graph.incoming.set(t, [...(graph.incoming.get(t) ?? []), flow]);
  }
  const starts = [...graph.nodes.values()].filter((el) => el.$type === 'bpmn:StartEvent');
  const ends = [...graph.nodes.values()].filter((el) => el.$type === 'bpmn:EndEvent');
  if (starts.length !== 1) fail('startEvents', `The process has ${starts.length} start events; the simple builder needs exactly one.`, starts[1] ?? process);
  if (ends.length !== 1) fail('endEvents', `The process has ${ends.length} end events; the simple builder needs exactly one.`, ends[1] ?? process);
  const start = starts[0]!;
  const end = ends[0]!;
  for (const ev of [start, end]) {
    checkProperties(ev, 'node');
    if (Object.keys(tongbanAttributes(ev)).length > 0) fail('unsupportedAttribute', `${describe(ev)} has tongban: attributes.`, ev);
  }

  const reader = new Reader(graph);
  reader.visitedNodes.add(start.id!);
  const { nodes, stop } = reader.chain(reader.next(start));
  if (stop !== end) fail('unmatchedBranches', `${describe(stop)} joins flows that do not come from one branching step.`, stop);
  reader.visitedNodes.add(end.id!);
  if (reader.out(end).length > 0) fail('fanOut', `${describe(end)} has outgoing flows.`, end);
  for (const el of graph.nodes.values()) if (!reader.visitedNodes.has(el.id!)) fail('unreachable', `${describe(el)} is not on the path from start to end.`, el);
  for (const f of graph.flows) if (!reader.visitedFlows.has(f.id!)) fail('unreachable', `${describe(f)} is not on the path from start to end.`, f);

  return {
    key: process.id ?? 'process',
    name: process.name ?? '',
    startName: start.name ?? '',
    endName: end.name ?? '',
    nodes,
  };
}
