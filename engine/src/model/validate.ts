/**
 * Validation of the executable processes of a parsed file. Every problem is reported, not
 * just the first, so a modeller can fix a diagram in one pass.
 */
import { feelSyntaxError } from '../expressions/feel.js';
import type { BpmnElement } from './moddle.js';
import { describe, type Problems } from './problems.js';
import { buildScopeGraph, reachableFrom } from './reachability.js';
import { isNoneEvent, readScope } from './scope.js';
import { EVENT_DEFINITIONS, EVENT_GATEWAY_TARGETS, IGNORED_ARTIFACTS } from './supported.js';
import type { NodeKind } from './types.js';
import { checkNode, type NodeCheckOptions } from './validate-node.js';

/** Validates every executable process; returns them (only `isExecutable="true"` ones run). */
export function validateDefinitions(definitions: BpmnElement, problems: Problems, options: NodeCheckOptions): BpmnElement[] {
  const processes = (definitions.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable === true);
  if (executable.length === 0) {
    problems.at(
      definitions,
      processes.length === 0
        ? 'The file contains no process.'
        : 'The file contains no executable process; mark the process the engine should run with isExecutable="true".',
    );
  }
  for (const process of executable) {
    if (!process.id) problems.at(process, `${describe(process)} has no id; the id is the key the process is started by.`);
    checkScope(process, problems, { ...options, processIds: elementIds(process) });
  }
  return executable;
}

/** Ids of every flow element of a process, nested subprocesses included. */
function elementIds(container: BpmnElement, ids = new Set<string>()): Set<string> {
  for (const el of container.flowElements ?? []) {
    if (el.id) ids.add(el.id);
    if (el.flowElements) elementIds(el, ids);
  }
  return ids;
}

/** Deepest nesting of embedded subprocesses; real approval processes use two or three levels. */
export const MAX_SUBPROCESS_DEPTH = 32;

function checkScope(container: BpmnElement, problems: Problems, options: NodeCheckOptions, depth = 0): void {
  if (depth > MAX_SUBPROCESS_DEPTH) {
    problems.at(container, `${describe(container)} is nested more than ${MAX_SUBPROCESS_DEPTH} subprocesses deep, which is not supported.`);
    return;
  }
  const { nodes, flows, others } = readScope(container);
  for (const el of others) problems.at(el, `${describe(el)} cannot run: the engine does not execute this kind of element.`);
  for (const el of container.artifacts ?? []) {
    if (!IGNORED_ARTIFACTS.has(el.$type)) problems.at(el, `${describe(el)} is an artifact the engine does not know.`);
  }

  const kinds = new Map<BpmnElement, NodeKind | undefined>();
  for (const node of nodes) kinds.set(node, checkNode(node, problems, options));

  const noneStarts = nodes.filter((n) => kinds.get(n) === 'startEvent' && isNoneEvent(n));
  const isEventSubProcess = container.$type === 'bpmn:SubProcess' && container.triggeredByEvent === true;
  const scopeWord = container.$type === 'bpmn:Process' ? 'a process' : isEventSubProcess ? 'an event subprocess' : 'a subprocess';
  const starts = nodes.filter((n) => n.$type === 'bpmn:StartEvent');
  if (starts.length === 0) {
    const need = isEventSubProcess ? 'exactly one start event with a trigger' : container.$type === 'bpmn:Process' ? 'a start event' : 'exactly one start event without a trigger';
    problems.at(container, `${describe(container)} has no start event; ${scopeWord} needs ${need}.`);
  }
  if (isEventSubProcess) {
    for (const extra of starts.slice(1)) problems.at(extra, `${describe(extra)} is another start event in ${describe(container)}; an event subprocess has exactly one.`);
  }
  for (const extra of noneStarts.slice(1)) {
    problems.at(extra, `${describe(extra)} is another start event without a trigger in ${describe(container)}; ${scopeWord} may have only one.`);
  }
  const links = checkLinks(nodes, problems);

  const validFlows = checkFlows(container, flows, kinds, problems);
  checkOutgoing(nodes, kinds, validFlows, problems);

  if (starts.length > 0) {
    const attachedTo = new Map<string, string>();
    for (const n of nodes) {
      if (n.id && n.attachedToRef?.id && n.attachedToRef.$parent === container) attachedTo.set(n.id, n.attachedToRef.id);
    }
    const graph = buildScopeGraph(
      [...validFlows.map((f) => ({ sourceId: f.sourceRef!.id!, targetId: f.targetRef!.id! })), ...links],
      attachedTo,
    );
    // Every start event is an entry (a triggered one starts the process, or its event subprocess).
    const reached = reachableFrom(graph, starts.filter((n) => n.id).map((n) => n.id!));
    for (const n of nodes) {
      // Event subprocesses are never entered by a sequence flow, and a boundary event with a bad
      // attachment has its own problem: neither is also reported as unreachable.
      const reportedElsewhere = n.triggeredByEvent || (n.$type === 'bpmn:BoundaryEvent' && !attachedTo.has(n.id ?? ''));
      if (n.id && !reached.has(n.id) && !reportedElsewhere) problems.at(n, `${describe(n)} cannot be reached from the start event of ${describe(container)}.`);
    }
  }

  for (const node of nodes) if (kinds.get(node) === 'subProcess') checkScope(node, problems, options, depth + 1);
}

/** Checks sequence flows; returns those that connect two nodes of this scope. */
function checkFlows(
  container: BpmnElement,
  flows: readonly BpmnElement[],
  kinds: ReadonlyMap<BpmnElement, NodeKind | undefined>,
  problems: Problems,
): BpmnElement[] {
  const valid: BpmnElement[] = [];
  for (const flow of flows) {
    const what = describe(flow);
    const { sourceRef: source, targetRef: target } = flow;
    if (!flow.id) problems.at(flow, `${what} has no id.`);
    if (!source) problems.at(flow, `${what} has no source.`);
    if (!target) problems.at(flow, `${what} has no target.`);
    if (!source || !target) continue;
    let ok = true;
    for (const [end, role] of [[source, 'starts at'], [target, 'ends at']] as const) {
      if (!kinds.has(end) && end.$parent === container) {
        problems.at(flow, `${what} ${role} ${describe(end)}, which is not a flow node.`);
        ok = false;
      } else if (end.$parent !== container) {
        problems.at(flow, `${what} ${role} ${describe(end)}, which is in another process or subprocess; sequence flows cannot cross a subprocess or pool boundary.`);
        ok = false;
      }
    }
    for (const end of [source, target]) {
      if (end.triggeredByEvent) {
        problems.at(flow, `${what} connects ${describe(end)}, an event subprocess; event subprocesses are started by their start event, not by sequence flows.`);
        ok = false;
      }
    }
    if (target.$type === 'bpmn:BoundaryEvent' || target.$type === 'bpmn:StartEvent') {
      problems.at(flow, `${what} ends at ${describe(target)}; ${target.$type === 'bpmn:StartEvent' ? 'start' : 'boundary'} events cannot have incoming sequence flows.`);
      ok = false;
    }
    if (source.$type === 'bpmn:EndEvent') {
      problems.at(flow, `${what} starts at ${describe(source)}; end events cannot have outgoing sequence flows.`);
      ok = false;
    }
    // A bad condition is reported, but the flow still connects its nodes for the graph checks.
    checkCondition(flow, source, kinds.get(source), problems);
    if (ok) valid.push(flow);
  }
  return valid;
}

function checkCondition(flow: BpmnElement, source: BpmnElement, sourceKind: NodeKind | undefined, problems: Problems): void {
  const condition = flow.conditionExpression;
  if (!condition) return;
  const what = describe(flow);
  const language = condition.language?.trim();
  if (language && !/(^|[/:])feel$/i.test(language)) {
    problems.at(flow, `${what} has a condition in the language "${language}"; conditions must be FEEL.`);
    return;
  }
  const body = condition.body ?? '';
  const error = feelSyntaxError(body);
  if (error) {
    problems.at(flow, `${what} has a condition that is not valid FEEL: ${error}.`);
    return;
  }
  if (sourceKind === 'eventBasedGateway') {
    problems.at(flow, `${what} has a condition, but it leaves ${describe(source)}; an event-based gateway follows whichever event happens first and evaluates no conditions.`);
    return;
  }
  if (sourceKind === 'parallelGateway') {
    problems.at(flow, `${what} has a condition, but it leaves ${describe(source)}; parallel gateways take every outgoing flow and never evaluate conditions.`);
    return;
  }
  if (sourceKind && sourceKind.endsWith('Event')) {
    problems.at(flow, `${what} has a condition, but it leaves ${describe(source)}; only flows leaving gateways and activities may have conditions.`);
    return;
  }
  if (source.default === flow) {
    problems.at(flow, `${what} is the default flow of ${describe(source)} and has a condition; a default flow is taken when no condition holds and must not have one.`);
    return;
  }
}

/** Outgoing-flow rules of gateways, and default flows. */
function checkOutgoing(
  nodes: readonly BpmnElement[],
  kinds: ReadonlyMap<BpmnElement, NodeKind | undefined>,
  flows: readonly BpmnElement[],
  problems: Problems,
): void {
  const outgoingOf = new Map<BpmnElement, BpmnElement[]>();
  for (const f of flows) outgoingOf.set(f.sourceRef!, [...(outgoingOf.get(f.sourceRef!) ?? []), f]);
  for (const node of nodes) {
    const kind = kinds.get(node);
    const outgoing = outgoingOf.get(node) ?? [];
    const what = describe(node);
    if (node.default && !outgoing.includes(node.default) && node.default.sourceRef !== node) {
      problems.at(node, `${what} names ${describe(node.default)} as its default flow, but that flow does not leave it.`);
    }
    if (!kind?.endsWith('Gateway')) continue;
    if (outgoing.length === 0) problems.at(node, `${what} has no outgoing sequence flow.`);
    if (kind === 'eventBasedGateway') checkEventGatewayTargets(node, outgoing, problems);
    if ((kind === 'exclusiveGateway' || kind === 'inclusiveGateway') && outgoing.length > 1) {
      for (const flow of outgoing) {
        if (!flow.conditionExpression && node.default !== flow) {
          problems.at(flow, `${describe(flow)} leaves ${what}, which has several outgoing flows, but has no condition and is not the default flow.`);
        }
      }
    }
  }
}

/**
 * BPMN 2.0 §13.3.5: an event-based gateway has at least two outgoing flows, each to an
 * intermediate catch event (message, timer, signal, conditional) or a receive task.
 */
function checkEventGatewayTargets(node: BpmnElement, outgoing: readonly BpmnElement[], problems: Problems): void {
  const what = describe(node);
  if (outgoing.length < 2) problems.at(node, `${what} has ${outgoing.length} outgoing flow; an event-based gateway chooses between at least two events.`);
  for (const flow of outgoing) {
    const target = flow.targetRef!;
    if (target.$type === 'bpmn:ReceiveTask') continue;
    const definition = target.eventDefinitions?.[0];
    const name = definition ? EVENT_DEFINITIONS[definition.$type]?.name : undefined;
    if (target.$type !== 'bpmn:IntermediateCatchEvent' || name === undefined || !EVENT_GATEWAY_TARGETS.has(name)) {
      problems.at(flow, `${describe(flow)} leads from ${what} to ${describe(target)}; after an event-based gateway must come a message, timer, signal or conditional catch event, or a receive task.`);
    }
  }
}

/** Link throws jump to the link catch of the same name in the same scope (BPMN 2.0 §10.5.6). */
function checkLinks(nodes: readonly BpmnElement[], problems: Problems): Array<{ sourceId: string; targetId: string }> {
  const linkName = (n: BpmnElement) => {
    const d = n.eventDefinitions?.[0];
    return d?.$type === 'bpmn:LinkEventDefinition' ? ((d.get('name') as string | undefined)?.trim() ?? '') : undefined;
  };
  const catches = new Map<string, BpmnElement>();
  for (const n of nodes) {
    const name = linkName(n);
    if (n.$type !== 'bpmn:IntermediateCatchEvent' || !name) continue;
    if (catches.has(name)) problems.at(n, `${describe(n)} is a second link catch event named "${name}" in the same scope; link names must be unique.`);
    else catches.set(name, n);
  }
  const edges: Array<{ sourceId: string; targetId: string }> = [];
  for (const n of nodes) {
    const name = linkName(n);
    if (n.$type !== 'bpmn:IntermediateThrowEvent' || !name) continue;
    const target = catches.get(name);
    if (!target) problems.at(n, `${describe(n)} throws the link "${name}", but no link catch event of that name is in the same scope.`);
    else if (n.id && target.id) edges.push({ sourceId: n.id, targetId: target.id });
  }
  return edges;
}
