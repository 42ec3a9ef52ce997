/** Checks of events: which event definitions run on which event, and what each one needs. */
import { defaultCalendar } from '../calendar/default-calendar.js';
import { feelSyntaxError } from '../expressions/feel.js';
import { checkTimerLiteral, type TimerType } from '../timers/schedule.js';
import type { BpmnElement } from './moddle.js';
import { describe, type Problems } from './problems.js';
import { nonBlank, tongbanAttr } from './scope.js';
import { ALLOWED_EVENT_DEFINITIONS, ALLOWED_START_DEFINITIONS, EVENT_DEFINITIONS } from './supported.js';
import type { NodeKind } from './types.js';

const EVENT_WORD: Partial<Record<NodeKind, string>> = {
  startEvent: 'start events',
  endEvent: 'end events',
  intermediateCatchEvent: 'intermediate catch events',
  intermediateThrowEvent: 'intermediate throw events',
  boundaryEvent: 'boundary events',
};

export function checkEvent(el: BpmnElement, kind: NodeKind, problems: Problems): void {
  const what = describe(el);
  const definitions = el.eventDefinitions ?? [];
  if ((el.eventDefinitionRef ?? []).length > 0) {
    problems.at(el, `${what} refers to an event definition declared elsewhere (eventDefinitionRef), which is not supported; put the event definition inside the event.`);
    return;
  }
  if (definitions.length > 1) {
    problems.at(el, `${what} has ${definitions.length} event definitions (a multiple event), which is not supported.`);
    return;
  }
  const definition = definitions[0];
  const name = definition ? EVENT_DEFINITIONS[definition.$type]?.name : 'none';
  if (definition && name === undefined) {
    problems.at(el, `${what} has the event definition ${definition.$type}, which the engine does not execute.`);
    return;
  }
  const allowed: readonly string[] = kind === 'startEvent' ? ALLOWED_START_DEFINITIONS[startContext(el)] : (ALLOWED_EVENT_DEFINITIONS[kind] ?? []);
  if (!allowed.includes(name!)) {
    const supported = allowed.map((a) => (a === 'none' ? 'none (no trigger)' : a)).join(', ');
    const later = definition ? EVENT_DEFINITIONS[definition.$type]!.later : false;
    if (later) problems.at(el, `${what} is a ${name} event; ${name} events are not supported yet.`);
    else if (name === 'none') problems.at(el, `${what} has no event definition, which ${eventWord(el, kind)} need; give it one of: ${supported}.`);
    else problems.at(el, `${what} is a ${name} event, which ${eventWord(el, kind)} do not support; supported: ${supported}.`);
    return;
  }
  if (name === 'message') checkMessageRef(el, definition!.messageRef, problems);
  else if (nonBlank(tongbanAttr(el, 'correlationKey')) !== undefined) {
    problems.at(el, `${what} has tongban:correlationKey, but only message events and receive tasks use it.`);
  }
  if (name === 'error') checkError(el, kind, definition!, problems);
  if (name === 'timer') checkTimer(el, definition!, problems);
  if (name === 'signal') checkNamedRef(el, definition!.get('signalRef') as BpmnElement | undefined, 'signal', problems);
  if (name === 'escalation') checkEscalation(el, kind, definition!, problems);
  if (name === 'conditional') checkConditional(el, definition!, problems);
  if (name === 'link' && nonBlank(definition!.get('name') as string | undefined) === undefined) {
    problems.at(el, `${what} is a link event without a name; a link throw jumps to the link catch of the same name.`);
  }
  if (kind === 'startEvent') checkStartInterrupting(el, name!, problems);
  if (kind === 'boundaryEvent') checkBoundary(el, name!, problems);
}

/** Message catches (events and receive tasks) need a named message; the key must parse. */
export function checkMessageRef(el: BpmnElement, message: BpmnElement | undefined, problems: Problems): void {
  const what = describe(el);
  if (!message) problems.at(el, `${what} has no message; choose the message it waits for.`);
  else if (nonBlank(message.name) === undefined) {
    problems.at(el, `${what} waits for message ${message.id ?? ''} which has no name; messages are correlated by name.`);
  }
  const key = tongbanAttr(el, 'correlationKey');
  if (key !== undefined) {
    const error = feelSyntaxError(key);
    if (error) problems.at(el, `${what} has a tongban:correlationKey that is not valid FEEL: ${error}.`);
  }
}

function checkError(el: BpmnElement, kind: NodeKind, definition: BpmnElement, problems: Problems): void {
  if (kind !== 'endEvent') return; // a catch without errorRef or errorCode catches every error
  const error = definition.errorRef;
  if (!error) problems.at(el, `${describe(el)} throws no error; choose the error (with an error code) it throws.`);
  else if (nonBlank(error.errorCode) === undefined) {
    problems.at(el, `${describe(el)} throws error ${error.name ? `"${error.name}" ` : ''}(${error.id ?? 'without id'}), which has no error code; boundary events catch errors by code.`);
  }
}

function checkBoundary(el: BpmnElement, name: string, problems: Problems): void {
  const what = describe(el);
  const activity = el.attachedToRef;
  if (!activity || !activity.$instanceOf('bpmn:Activity')) {
    problems.at(el, `${what} is not attached to an activity.`);
  } else if (activity.$parent !== el.$parent) {
    problems.at(el, `${what} is attached to ${describe(activity)}, which is in another process or subprocess.`);
  }
  if (name === 'error' && el.cancelActivity === false) {
    problems.at(el, `${what} is a non-interrupting error boundary event; BPMN allows error boundary events only as interrupting.`);
  }
}

/** The one value of a timer definition: its kind (date, duration, cycle) and text. */
export function timerValue(definition: BpmnElement): { timerType: TimerType; text: string } | undefined {
  const set = (['timeDate', 'timeDuration', 'timeCycle'] as const)
    .map((prop) => ({ prop, body: nonBlank((definition.get(prop) as BpmnElement | undefined)?.body) }))
    .filter((v) => v.body !== undefined);
  if (set.length !== 1) return undefined;
  const { prop, body } = set[0]!;
  return { timerType: ({ timeDate: 'date', timeDuration: 'duration', timeCycle: 'cycle' } as const)[prop], text: body! };
}

/** Exactly one of timeDate, timeDuration, timeCycle; a literal must be a valid ISO 8601 value, FEEL must parse. */
function checkTimer(el: BpmnElement, definition: BpmnElement, problems: Problems): void {
  const what = describe(el);
  const value = timerValue(definition);
  if (!value) {
    problems.at(el, `${what} needs exactly one of timeDate, timeDuration or timeCycle with a value.`);
    return;
  }
  if (value.text.startsWith('=')) {
    const error = feelSyntaxError(value.text);
    if (error) problems.at(el, `${what} has a timer expression that is not valid FEEL: ${error}.`);
    return;
  }
  try {
    checkTimerLiteral(value.timerType, value.text, defaultCalendar());
  } catch (err) {
    problems.at(el, `${what} has an invalid timer: ${(err as Error).message}.`);
  }
}

/** Where a start event is: at process level, in an event subprocess, or in an embedded subprocess. */
export function startContext(el: BpmnElement): keyof typeof ALLOWED_START_DEFINITIONS {
  const parent = el.$parent;
  if (!parent || parent.$type === 'bpmn:Process') return 'process';
  return parent.triggeredByEvent ? 'eventSubProcess' : 'subProcess';
}

function eventWord(el: BpmnElement, kind: NodeKind): string {
  if (kind !== 'startEvent') return EVENT_WORD[kind]!;
  return { process: 'process start events', eventSubProcess: 'start events of event subprocesses', subProcess: 'start events of embedded subprocesses' }[startContext(el)];
}

/** Signals are broadcast by name. */
function checkNamedRef(el: BpmnElement, ref: BpmnElement | undefined, what: 'signal', problems: Problems): void {
  if (!ref) problems.at(el, `${describe(el)} has no ${what}; choose the ${what} it throws or waits for.`);
  else if (nonBlank(ref.name) === undefined) problems.at(el, `${describe(el)} uses ${what} ${ref.id ?? ''} which has no name; ${what}s are matched by name.`);
}

/** A thrown escalation needs a code; a catch without one catches every escalation. */
function checkEscalation(el: BpmnElement, kind: NodeKind, definition: BpmnElement, problems: Problems): void {
  if (kind !== 'endEvent' && kind !== 'intermediateThrowEvent') return;
  const escalation = definition.get('escalationRef') as BpmnElement | undefined;
  const code = nonBlank(escalation?.get('escalationCode') as string | undefined);
  if (code === undefined) problems.at(el, `${describe(el)} throws no escalation code; choose an escalation with an escalation code.`);
}

function checkConditional(el: BpmnElement, definition: BpmnElement, problems: Problems): void {
  const body = nonBlank((definition.get('condition') as BpmnElement | undefined)?.body);
  if (body === undefined) {
    problems.at(el, `${describe(el)} is a conditional event without a condition.`);
    return;
  }
  const error = feelSyntaxError(body);
  if (error) problems.at(el, `${describe(el)} has a condition that is not valid FEEL: ${error}.`);
}

/** BPMN 2.0 §10.5.2: an error start event always interrupts its enclosing scope. */
function checkStartInterrupting(el: BpmnElement, name: string, problems: Problems): void {
  if (el.get('isInterrupting') !== false) return;
  if (startContext(el) !== 'eventSubProcess') {
    problems.at(el, `${describe(el)} is marked non-interrupting, which only start events of event subprocesses can be.`);
  } else if (name === 'error') {
    problems.at(el, `${describe(el)} is a non-interrupting error start event; BPMN allows error start events only as interrupting.`);
  }
}
