/**
 * What the engine executes, what it ignores because nothing executes it, and what it refuses.
 * Anything not listed is refused: the engine never passes an element through silently.
 */
import type { NodeKind } from './types.js';

/** Flow node types the engine executes, by exact moddle type (subtypes such as transactions are not). */
export const NODE_KINDS: Readonly<Record<string, NodeKind>> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
};

/**
 * Elements inside a process that describe but do not execute: accepted and ignored.
 * Lanes and lane sets, documentation, extension elements of other vendors and diagram
 * interchange (bpmndi) are not flow elements and are ignored as well.
 */
export const IGNORED_FLOW_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);
export const IGNORED_ARTIFACTS: ReadonlySet<string> = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group']);

/** Refused node types with the reason; "not supported yet" marks what a later version adds. */
export const REFUSED_NODE_TYPES: Readonly<Record<string, string>> = {
  'bpmn:ComplexGateway': 'complex gateways are not supported',
  'bpmn:BusinessRuleTask': 'business rule tasks are not supported; use a service task with a topic',
  'bpmn:Transaction': 'transactions are not supported',
  'bpmn:AdHocSubProcess': 'ad-hoc subprocesses are not supported',
};

/** Event definitions by moddle type: a short name, and whether a later version adds them. */
export const EVENT_DEFINITIONS: Readonly<Record<string, { readonly name: string; readonly later: boolean }>> = {
  'bpmn:MessageEventDefinition': { name: 'message', later: false },
  'bpmn:ErrorEventDefinition': { name: 'error', later: false },
  'bpmn:TerminateEventDefinition': { name: 'terminate', later: false },
  'bpmn:TimerEventDefinition': { name: 'timer', later: false },
  'bpmn:SignalEventDefinition': { name: 'signal', later: false },
  'bpmn:EscalationEventDefinition': { name: 'escalation', later: false },
  'bpmn:ConditionalEventDefinition': { name: 'conditional', later: false },
  'bpmn:LinkEventDefinition': { name: 'link', later: false },
  'bpmn:CompensateEventDefinition': { name: 'compensation', later: true },
  'bpmn:CancelEventDefinition': { name: 'cancel', later: true },
};

/** Event definitions each event kind executes ('none' = no definition). */
export const ALLOWED_EVENT_DEFINITIONS: Readonly<Partial<Record<NodeKind, readonly string[]>>> = {
  endEvent: ['none', 'terminate', 'error', 'signal', 'escalation'],
  intermediateCatchEvent: ['message', 'timer', 'signal', 'conditional', 'link'],
  intermediateThrowEvent: ['none', 'signal', 'escalation', 'link'],
  boundaryEvent: ['error', 'message', 'timer', 'signal', 'escalation', 'conditional'],
};

/** Start events: what triggers them depends on where they are. */
export const ALLOWED_START_DEFINITIONS = {
  process: ['none', 'message', 'signal', 'timer'],
  eventSubProcess: ['message', 'timer', 'signal', 'error', 'escalation', 'conditional'],
  subProcess: ['none'],
} as const satisfies Record<string, readonly string[]>;

/** What may follow an event-based gateway (BPMN 2.0 §13.3.5). */
export const EVENT_GATEWAY_TARGETS: ReadonlySet<string> = new Set(['message', 'timer', 'signal', 'conditional']);

/** The script format the engine runs itself; others need a handler registered by the embedder. */
export const FEEL_SCRIPT_FORMAT = 'feel';

export const ACTIVITY_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>([
  'task',
  'manualTask',
  'userTask',
  'serviceTask',
  'sendTask',
  'scriptTask',
  'receiveTask',
  'subProcess',
  'callActivity',
]);
