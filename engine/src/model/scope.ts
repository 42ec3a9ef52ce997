/** Reading the flow elements of one scope (a process or an embedded subprocess). */
import type { BpmnElement } from './moddle.js';
import { IGNORED_FLOW_ELEMENTS } from './supported.js';

export interface ScopeElements {
  /** Flow nodes (events, activities, gateways), in document order. */
  readonly nodes: readonly BpmnElement[];
  /** Sequence flows, in document order. */
  readonly flows: readonly BpmnElement[];
  /** Flow elements that are neither nodes, sequence flows, nor ignored data elements. */
  readonly others: readonly BpmnElement[];
}

export function readScope(container: BpmnElement): ScopeElements {
  const nodes: BpmnElement[] = [];
  const flows: BpmnElement[] = [];
  const others: BpmnElement[] = [];
  for (const el of container.flowElements ?? []) {
    if (el.$type === 'bpmn:SequenceFlow') flows.push(el);
    else if (IGNORED_FLOW_ELEMENTS.has(el.$type)) continue;
    else if (el.$instanceOf('bpmn:FlowNode')) nodes.push(el);
    else others.push(el);
  }
  return { nodes, flows, others };
}

/** Whether a boundary or start event has no event definition. */
export function isNoneEvent(el: BpmnElement): boolean {
  return (el.eventDefinitions ?? []).length === 0 && (el.eventDefinitionRef ?? []).length === 0;
}

/** Text of a tongban attribute as written, or undefined when absent. */
export function tongbanAttr(el: BpmnElement, name: string): string | undefined {
  const value = el.get(`tongban:${name}`);
  return typeof value === 'string' ? value : undefined;
}

/** The `tongban:in` / `tongban:out` elements of a call activity, in document order. */
export function variableMappings(el: BpmnElement, type: 'tongban:In' | 'tongban:Out'): BpmnElement[] {
  return (el.extensionElements?.values ?? []).filter((v) => v.$type === type);
}

/** The value, or undefined when absent or only whitespace: such an attribute counts as not set. */
export function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
