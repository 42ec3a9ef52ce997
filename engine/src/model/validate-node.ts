/** Checks of one flow node on its own: is it executable, and does it carry what it needs. */
import { feelSyntaxError } from '../expressions/feel.js';
import type { BpmnElement } from './moddle.js';
import { describe, typeLabel, type Problems } from './problems.js';
import { nonBlank, tongbanAttr, variableMappings } from './scope.js';
import { FEEL_SCRIPT_FORMAT, NODE_KINDS, REFUSED_NODE_TYPES } from './supported.js';
import type { NodeKind } from './types.js';
import { CC_TOPIC, checkApproval, checkCc } from './approval.js';
import { checkEvent, checkMessageRef } from './validate-events.js';

export interface NodeCheckOptions {
  /** Script formats besides FEEL that the embedding program runs through a registered handler. */
  readonly scriptFormats: readonly string[];
  /** Ids of every element of the process being checked (return targets must be among them). */
  readonly processIds?: ReadonlySet<string>;
}

/** Variable names a mapping may set: letters (any script), digits, `_` and `$`. */
const VARIABLE_NAME = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;
/** Moddle type → the element name as written in XML. */
const MAPPING_TAGS: Readonly<Record<string, string>> = { 'tongban:In': 'tongban:in', 'tongban:Out': 'tongban:out' };
/** `tongban:async` values: where the element continues in a job of its own. */
export const ASYNC_VALUES: ReadonlySet<string> = new Set(['true', 'before', 'after', 'both', 'false']);
const USER_TASK_ATTRIBUTES = ['assignee', 'candidateUsers', 'candidateGroups'] as const;

/** Checks a flow node; returns its kind when the engine executes this type of node. */
export function checkNode(el: BpmnElement, problems: Problems, options: NodeCheckOptions): NodeKind | undefined {
  const what = describe(el);
  if (!el.id) problems.at(el, `${what} has no id.`);
  const refused = REFUSED_NODE_TYPES[el.$type];
  if (refused) {
    problems.at(el, `${what} cannot run: ${refused}.`);
    return undefined;
  }
  const kind = NODE_KINDS[el.$type];
  if (!kind) {
    problems.at(el, `${what} cannot run: the engine does not execute ${typeLabel(el.$type).toLowerCase()} elements.`);
    return undefined;
  }
  checkCommon(el, problems);
  if (EVENT_KINDS.has(kind)) checkEvent(el, kind, problems);
  switch (kind) {
    case 'userTask':
      checkUserTask(el, problems);
      checkApproval(el, options.processIds ?? new Set(), problems);
      break;
    case 'serviceTask':
    case 'sendTask':
      if (nonBlank(tongbanAttr(el, 'topic')) === undefined) {
        problems.at(el, `${what} has no tongban:topic; name the topic its handler or external worker subscribes to.`);
      } else if (kind === 'sendTask' && tongbanAttr(el, 'topic')!.trim() === CC_TOPIC) {
        checkCc(el, problems);
      }
      break;
    case 'scriptTask':
      checkScriptTask(el, problems, options);
      break;
    case 'receiveTask':
      checkMessageRef(el, el.messageRef, problems);
      if (el.instantiate) problems.at(el, `${what} instantiates the process (instantiate="true"), which is not supported; start the process with a start event.`);
      break;
    case 'callActivity':
      checkCallActivity(el, problems);
      break;
    default:
      break;
  }
  return kind;
}

const EVENT_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>([
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
]);

/** Loops, compensation, people assignment by BPMN resources, `tongban:async`, stray extension elements. */
function checkCommon(el: BpmnElement, problems: Problems): void {
  const what = describe(el);
  const loop = el.loopCharacteristics;
  if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
    if (el.$type !== 'bpmn:UserTask') {
      problems.at(el, `${what} is a multi-instance activity; multi-instance runs on user tasks (approval steps with several signers) only.`);
    }
  } else if (loop?.$type === 'bpmn:StandardLoopCharacteristics') {
    problems.at(el, `${what} has a standard loop, which is not supported; model the repetition with a gateway and a sequence flow back.`);
  } else if (loop) {
    problems.at(el, `${what} has loop characteristics of type ${loop.$type}, which the engine does not execute.`);
  }
  if (el.isForCompensation) problems.at(el, `${what} is a compensation activity; compensation is not supported yet.`);
  for (const resource of el.resources ?? []) {
    problems.at(el, `${what} assigns people with ${resource.$type}, which the engine does not read; use tongban:assignee, tongban:candidateUsers or tongban:candidateGroups on a user task.`);
  }
  const async = tongbanAttr(el, 'async');
  if (async !== undefined && !ASYNC_VALUES.has(async.trim())) {
    problems.at(el, `${what} has tongban:async="${async}"; the value must be "before" (or "true"), "after", "both" or "false".`);
  }
  for (const ext of el.extensionElements?.values ?? []) {
    if ((ext.$type === 'tongban:In' || ext.$type === 'tongban:Out') && el.$type !== 'bpmn:CallActivity') {
      problems.at(el, `${what} has a ${MAPPING_TAGS[ext.$type]} variable mapping, which only call activities use.`);
    }
  }
}

function checkUserTask(el: BpmnElement, problems: Problems): void {
  for (const attr of USER_TASK_ATTRIBUTES) {
    const value = nonBlank(tongbanAttr(el, attr));
    if (value === undefined || !value.trim().startsWith('=')) continue; // a literal
    const error = feelSyntaxError(value);
    if (error) problems.at(el, `${describe(el)} has a tongban:${attr} expression that is not valid FEEL: ${error}.`);
  }
}

function checkScriptTask(el: BpmnElement, problems: Problems, options: NodeCheckOptions): void {
  const what = describe(el);
  const format = nonBlank(el.scriptFormat)?.trim() ?? FEEL_SCRIPT_FORMAT;
  const body = nonBlank(el.script);
  const isFeel = format.toLowerCase() === FEEL_SCRIPT_FORMAT;
  if (!isFeel && !options.scriptFormats.includes(format)) {
    problems.at(el, `${what} is written in the script format "${format}", which this engine does not run; use FEEL, or register a handler for "${format}".`);
  }
  if (body === undefined) {
    problems.at(el, `${what} has no script.`);
  } else if (isFeel) {
    const error = feelSyntaxError(body);
    if (error) problems.at(el, `${what} has a script that is not valid FEEL: ${error}.`);
  }
  if (isFeel && nonBlank(tongbanAttr(el, 'resultVariable')) === undefined) {
    problems.at(el, `${what} has no tongban:resultVariable; name the variable that receives the result of its FEEL script.`);
  }
}

function checkCallActivity(el: BpmnElement, problems: Problems): void {
  const what = describe(el);
  if (nonBlank(el.calledElement) === undefined) {
    problems.at(el, `${what} has no called element; give the id of the process it calls.`);
  }
  const version = tongbanAttr(el, 'calledVersion')?.trim();
  if (version !== undefined && version !== 'latest' && !/^[1-9]\d*$/.test(version)) {
    problems.at(el, `${what} has tongban:calledVersion="${version}"; the value must be "latest" or a version number (1, 2, ...).`);
  }
  for (const type of ['tongban:In', 'tongban:Out'] as const) {
    const tag = MAPPING_TAGS[type];
    for (const mapping of variableMappings(el, type)) {
      const source = nonBlank(mapping.get('source') as string | undefined);
      const target = nonBlank(mapping.get('target') as string | undefined)?.trim();
      if (source === undefined) problems.at(el, `${what} has a ${tag} mapping without a source expression.`);
      else {
        const error = feelSyntaxError(source);
        if (error) problems.at(el, `${what} has a ${tag} mapping whose source is not valid FEEL: ${error}.`);
      }
      if (target === undefined) problems.at(el, `${what} has a ${tag} mapping without a target variable.`);
      else if (!VARIABLE_NAME.test(target)) problems.at(el, `${what} has a ${tag} mapping whose target "${target}" is not a variable name.`);
    }
  }
}
