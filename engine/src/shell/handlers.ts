/**
 * In-process handlers that an embedding program registers: service-task handlers by topic
 * and script handlers by script format. A handler returns variables to set, or throws a
 * `BpmnError` to raise a BPMN error at its task; any other exception rolls the command back.
 */
import type { Variables } from '../runtime/types.js';

export interface JobContext {
  readonly jobId: string;
  readonly instanceId: string;
  readonly businessKey?: string;
  readonly processKey: string;
  readonly elementId: string;
  readonly topic: string;
  /** Variables visible at the task. */
  readonly variables: Readonly<Variables>;
}

export interface ScriptContext extends JobContext {
  readonly format: string;
  readonly script: string;
}

export type TaskHandler = (job: JobContext) => Promise<Variables | void> | Variables | void;
export type ScriptHandler = (job: ScriptContext) => Promise<Variables | void> | Variables | void;

export class HandlerRegistry {
  readonly tasks = new Map<string, TaskHandler>();
  readonly scripts = new Map<string, ScriptHandler>();
}
