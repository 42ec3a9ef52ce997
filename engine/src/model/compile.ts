/**
 * Compilation of a validated process into the immutable model the runtime step reads.
 * Only called on processes without problems, so it assumes what validation checked.
 */
import { CC_TOPIC, compileApproval, compileCc } from './approval.js';
import { timerValue } from './validate-events.js';
import { toExpression } from '../expressions/feel.js';
import { TONGBAN_ATTRIBUTES } from './extension.js';
import { deepFreeze } from './freeze.js';
import type { BpmnElement } from './moddle.js';
import { buildScopeGraph, nodesLeadingTo } from './reachability.js';
import { isNoneEvent, nonBlank, readScope, tongbanAttr, variableMappings } from './scope.js';
import { ACTIVITY_KINDS, FEEL_SCRIPT_FORMAT, NODE_KINDS } from './supported.js';
import type { Assignment, EventDefinition, FlowModel, NodeModel, ProcessModel, VariableMapping } from './types.js';

/** A compiled process not yet bound to a deployed definition id and version. */
export type ProcessTemplate = Omit<ProcessModel, 'definitionId' | 'version'>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function compileProcess(process: BpmnElement): ProcessTemplate {
  const nodes = new Map<string, NodeModel>();
  const flows = new Map<string, FlowModel>();
  const scope = compileScope(process, nodes, flows);
  return deepFreeze({
    key: process.id!,
    ...optional('name', nonBlank(process.name)),
    ...optional('startEventId', scope.startEventId),
    triggeredStartEvents: scope.triggeredStarts,
    eventSubprocesses: scope.eventSubprocesses,
    nodes,
    flows,
  });
}

interface CompiledScope {
  /** The none start event. */
  readonly startEventId?: string;
  /** Start events with a trigger (at process level, or the one of an event subprocess). */
  readonly triggeredStarts: string[];
  readonly eventSubprocesses: string[];
}

/** Compiles the nodes and flows of one scope and its subprocesses. */
function compileScope(container: BpmnElement, nodes: Map<string, NodeModel>, flows: Map<string, FlowModel>): CompiledScope {
  const scope = readScope(container);
  const scopeId = container.id!;
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  const scopeFlows: FlowModel[] = [];
  for (const f of scope.flows) {
    const flow: FlowModel = {
      id: f.id!,
      ...optional('name', nonBlank(f.name)),
      sourceId: f.sourceRef!.id!,
      targetId: f.targetRef!.id!,
      ...optional('condition', f.conditionExpression ? toExpression(f.conditionExpression.body ?? '') : undefined),
    };
    flows.set(flow.id, flow);
    scopeFlows.push(flow);
    push(outgoing, flow.sourceId, flow.id);
    push(incoming, flow.targetId, flow.id);
  }
  const attachedTo = new Map<string, string>();
  const boundariesOf = new Map<string, string[]>();
  for (const n of scope.nodes) {
    if (n.$type !== 'bpmn:BoundaryEvent') continue;
    attachedTo.set(n.id!, n.attachedToRef!.id!);
    push(boundariesOf, n.attachedToRef!.id!, n.id!);
  }
  const links = linkTargets(scope.nodes);
  const graph = buildScopeGraph([...scopeFlows, ...[...links].map(([sourceId, targetId]) => ({ sourceId, targetId }))], attachedTo);

  const startEventId = scope.nodes.find((n) => n.$type === 'bpmn:StartEvent' && isNoneEvent(n))?.id;
  const triggeredStarts = scope.nodes.filter((n) => n.$type === 'bpmn:StartEvent' && !isNoneEvent(n)).map((n) => n.id!);
  const eventSubprocesses = scope.nodes.filter((n) => n.$type === 'bpmn:SubProcess' && n.triggeredByEvent).map((n) => n.id!);
  for (const el of scope.nodes) {
    const node: Mutable<NodeModel> = {
      id: el.id!,
      kind: NODE_KINDS[el.$type]!,
      ...optional('name', nonBlank(el.name)),
      scopeId,
      incoming: incoming.get(el.id!) ?? [],
      outgoing: outgoing.get(el.id!) ?? [],
      ...optional('defaultFlow', el.default?.id),
      boundaryEvents: boundariesOf.get(el.id!) ?? [],
      extensions: extensionsOf(el),
    };
    const async = tongbanAttr(el, 'async')?.trim();
    if (async === 'true' || async === 'before' || async === 'both') node.asyncBefore = true;
    if (async === 'after' || async === 'both') node.asyncAfter = true;
    if (node.kind.endsWith('Event')) node.event = eventOf(el);
    if (node.kind === 'receiveTask') node.event = messageOf(el, el.messageRef!);
    if (node.kind === 'startEvent' && el.get('isInterrupting') === false) node.isInterrupting = false;
    if (links.has(node.id)) node.linkTarget = links.get(node.id)!;
    if (node.kind === 'boundaryEvent') {
      node.attachedTo = el.attachedToRef!.id!;
      node.cancelActivity = el.cancelActivity !== false;
    }
    if (node.kind === 'inclusiveGateway' && node.incoming.length > 1) node.joinReachableFrom = nodesLeadingTo(graph, node.id);
    if (ACTIVITY_KINDS.has(node.kind)) Object.assign(node, activityFields(el, node.kind));
    nodes.set(node.id, node);
  }
  for (const el of scope.nodes) {
    if (NODE_KINDS[el.$type] !== 'subProcess') continue;
    const inner = compileScope(el, nodes, flows);
    const node = nodes.get(el.id!) as Mutable<NodeModel>;
    if (el.triggeredByEvent) {
      node.triggeredByEvent = true;
      node.startEventId = inner.triggeredStarts[0]!;
    } else if (inner.startEventId !== undefined) {
      node.startEventId = inner.startEventId;
    }
    if (inner.eventSubprocesses.length > 0) node.eventSubprocesses = inner.eventSubprocesses;
  }
  return { ...optional('startEventId', startEventId), triggeredStarts, eventSubprocesses };
}

/** Link throw event id → the link catch event of the same name in the scope. */
function linkTargets(scopeNodes: readonly BpmnElement[]): Map<string, string> {
  const nameOf = (n: BpmnElement) => {
    const d = n.eventDefinitions?.[0];
    return d?.$type === 'bpmn:LinkEventDefinition' ? (d.get('name') as string).trim() : undefined;
  };
  const catches = new Map<string, string>();
  for (const n of scopeNodes) if (n.$type === 'bpmn:IntermediateCatchEvent' && nameOf(n)) catches.set(nameOf(n)!, n.id!);
  const targets = new Map<string, string>();
  for (const n of scopeNodes) if (n.$type === 'bpmn:IntermediateThrowEvent' && nameOf(n)) targets.set(n.id!, catches.get(nameOf(n)!)!);
  return targets;
}

function activityFields(el: BpmnElement, kind: NodeModel['kind']): Partial<NodeModel> {
  switch (kind) {
    case 'userTask':
      return { assignment: assignmentOf(el), approval: compileApproval(el) };
    case 'serviceTask':
    case 'sendTask': {
      const topic = tongbanAttr(el, 'topic')!.trim();
      return kind === 'sendTask' && topic === CC_TOPIC ? { topic, cc: compileCc(el) } : { topic };
    }
    case 'scriptTask': {
      const written = nonBlank(el.scriptFormat)?.trim() ?? FEEL_SCRIPT_FORMAT;
      const format = written.toLowerCase() === FEEL_SCRIPT_FORMAT ? FEEL_SCRIPT_FORMAT : written;
      const body = el.script!;
      return {
        script: {
          format,
          body,
          ...optional('expression', format === FEEL_SCRIPT_FORMAT ? toExpression(body) : undefined),
          ...optional('resultVariable', nonBlank(tongbanAttr(el, 'resultVariable'))?.trim()),
        },
      };
    }
    case 'callActivity': {
      const version = tongbanAttr(el, 'calledVersion')?.trim();
      const inputs = variableMappings(el, 'tongban:In').map(mappingOf);
      const outputs = variableMappings(el, 'tongban:Out').map(mappingOf);
      return {
        call: {
          processKey: el.calledElement!.trim(),
          version: version === undefined || version === 'latest' ? 'latest' : Number(version),
          ...optional('inputs', inputs.length > 0 ? inputs : undefined),
          ...optional('outputs', outputs.length > 0 ? outputs : undefined),
        },
      };
    }
    default:
      return {};
  }
}

function assignmentOf(el: BpmnElement): Assignment {
  const expr = (name: string) => {
    const value = nonBlank(tongbanAttr(el, name));
    return value === undefined ? undefined : toExpression(value);
  };
  return {
    ...optional('assignee', expr('assignee')),
    ...optional('candidateUsers', expr('candidateUsers')),
    ...optional('candidateGroups', expr('candidateGroups')),
  };
}

function mappingOf(el: BpmnElement): VariableMapping {
  return { source: toExpression(el.get('source') as string), target: (el.get('target') as string).trim() };
}

function eventOf(el: BpmnElement): EventDefinition {
  const definition = el.eventDefinitions?.[0];
  switch (definition?.$type) {
    case undefined:
      return { kind: 'none' };
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
    case 'bpmn:ErrorEventDefinition': {
      const error = definition.errorRef;
      return { kind: 'error', ...optional('errorCode', nonBlank(error?.errorCode)), ...optional('errorName', nonBlank(error?.name)) };
    }
    case 'bpmn:MessageEventDefinition':
      return messageOf(el, definition.messageRef!);
    case 'bpmn:SignalEventDefinition':
      return { kind: 'signal', signalName: (definition.get('signalRef') as BpmnElement).name!.trim() };
    case 'bpmn:EscalationEventDefinition': {
      const code = nonBlank((definition.get('escalationRef') as BpmnElement | undefined)?.get('escalationCode') as string | undefined);
      return { kind: 'escalation', ...optional('escalationCode', code?.trim()) };
    }
    case 'bpmn:ConditionalEventDefinition':
      return { kind: 'conditional', condition: toExpression((definition.get('condition') as BpmnElement).body!) };
    case 'bpmn:LinkEventDefinition':
      return { kind: 'link', linkName: (definition.get('name') as string).trim() };
    case 'bpmn:TimerEventDefinition': {
      const { timerType, text } = timerValue(definition)!;
      return { kind: 'timer', timerType, value: toExpression(text) };
    }
    default:
      throw new Error(`validation let through ${String(definition?.$type)} on ${el.id}`);
  }
}

function messageOf(el: BpmnElement, message: BpmnElement): EventDefinition {
  const key = nonBlank(tongbanAttr(el, 'correlationKey'));
  return { kind: 'message', messageName: message.name!.trim(), ...optional('correlationKey', key === undefined ? undefined : toExpression(key)) };
}

function extensionsOf(el: BpmnElement): Record<string, string> {
  const extensions: Record<string, string> = {};
  for (const name of TONGBAN_ATTRIBUTES) {
    const value = tongbanAttr(el, name);
    if (value !== undefined) extensions[name] = value;
  }
  return extensions;
}

/** `{ key: value }` when the value is defined, `{}` otherwise, so models carry no undefined keys. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
