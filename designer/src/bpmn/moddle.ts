/**
 * The `tongban:` moddle package (engine/src/model/tongban.json, through a Vite alias: never
 * copied by hand) and a bpmn-moddle that knows it, for reading XML outside the modeler.
 */
import descriptor from '@tongban/moddle-descriptor';
import { BpmnModdle } from 'bpmn-moddle';

/** A fresh copy: moddle rewrites the descriptors it registers. */
export function tongbanDescriptor(): Record<string, unknown> {
  return structuredClone(descriptor) as Record<string, unknown>;
}

export function createModdle(): BpmnModdle {
  return new BpmnModdle({ tongban: tongbanDescriptor() });
}
