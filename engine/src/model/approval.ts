/**
 * Reading and checking the approval rules of user tasks (会签, 或签, 依次, 比例, 一票否决,
 * policies, time limits) and CC send tasks. See engine/README.md, "Approvals".
 */
import { defaultCalendar } from '../calendar/default-calendar.js';
import { feelSyntaxError, toExpression } from '../expressions/feel.js';
import { checkTimerLiteral } from '../timers/schedule.js';
import type { BpmnElement } from './moddle.js';
import { describe, type Problems } from './problems.js';
import { nonBlank, tongbanAttr } from './scope.js';
import type { ApprovalConfig, ApprovalMode, Expression, TimeoutAction } from './types.js';

export const CC_TOPIC = 'tongban.cc';
const MODES: readonly ApprovalMode[] = ['anySign', 'allSign', 'sequential', 'ratio', 'vetoOnReject'];
const TIMEOUT_ACTIONS: readonly TimeoutAction[] = ['remind', 'autoApprove', 'autoReject', 'escalate'];
const VARIABLE_NAME = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/** Reports every problem of a user task's approval attributes and multi-instance loop. */
export function checkApproval(el: BpmnElement, processIds: ReadonlySet<string>, problems: Problems): void {
  const what = describe(el);
  const at = (name: string) => nonBlank(tongbanAttr(el, name))?.trim();
  const loop = el.loopCharacteristics;
  const mode = at('approvalMode');
  if (mode !== undefined && !MODES.includes(mode as ApprovalMode)) {
    problems.at(el, `${what} has tongban:approvalMode="${mode}"; use one of ${MODES.join(', ')}.`);
  }
  const ratio = at('passRatio');
  if (mode === 'ratio' && parseRatio(ratio) === undefined) {
    problems.at(el, `${what} approves by ratio and needs tongban:passRatio, a share between 0 and 1 such as 0.67 or 2/3${ratio ? ` (got "${ratio}")` : ''}.`);
  } else if (mode !== 'ratio' && ratio !== undefined) {
    problems.at(el, `${what} has tongban:passRatio, which only the ratio approval mode uses.`);
  }
  for (const name of ['collection', 'completionCondition', 'dueDate', 'priority']) feel(el, name, at(name), problems, name === 'dueDate' || name === 'priority');
  const elementVariable = at('elementVariable') ?? nonBlank(loop ? tongbanAttr(loop, 'elementVariable') : undefined)?.trim();
  if (elementVariable !== undefined && !VARIABLE_NAME.test(elementVariable)) problems.at(el, `${what} has an element variable "${elementVariable}" that is not a variable name.`);
  if (loop) {
    feel(el, 'collection', nonBlank(tongbanAttr(loop, 'collection')), problems);
    const cardinality = nonBlank(bodyOf(loop, 'loopCardinality'));
    const condition = nonBlank(bodyOf(loop, 'completionCondition'));
    if (cardinality !== undefined && !/^\s*\d+\s*$/.test(cardinality)) feel(el, 'loopCardinality', cardinality, problems);
    if (condition !== undefined) feel(el, 'completionCondition', condition, problems);
    if (cardinality === undefined && nonBlank(tongbanAttr(loop, 'collection')) === undefined && at('collection') === undefined) {
      // Without either, the signers are the task's assignee list, as with tongban:approvalMode.
    }
  }
  const outcome = at('outcomeVariable');
  if (outcome !== undefined && !VARIABLE_NAME.test(outcome)) problems.at(el, `${what} has tongban:outcomeVariable="${outcome}", which is not a variable name.`);
  const targets = at('returnTargets');
  if (targets !== undefined && targets !== 'any' && targets !== 'none') {
    for (const id of splitList(targets)) {
      if (!processIds.has(id)) problems.at(el, `${what} may return to "${id}", which is not an element of this process.`);
    }
  }
  const admin = at('stepAdmin');
  const empty = at('onEmptyAssignee');
  if (empty !== undefined && !/^(leave|autoApprove|autoReject|admin|assign:.+)$/.test(empty)) {
    problems.at(el, `${what} has tongban:onEmptyAssignee="${empty}"; use leave, autoApprove, autoReject, admin or assign:<user id>.`);
  }
  if (empty === 'admin' && admin === undefined) problems.at(el, `${what} hands an unassignable step to its administrator but has no tongban:stepAdmin.`);
  const starter = at('onStarterAssignee');
  if (starter !== undefined && !/^(approveSelf|skip|assign:.+)$/.test(starter)) {
    problems.at(el, `${what} has tongban:onStarterAssignee="${starter}"; use approveSelf, skip or assign:<user id>.`);
  }
  const dedupe = at('dedupe');
  if (dedupe !== undefined && !['never', 'always', 'consecutive'].includes(dedupe)) problems.at(el, `${what} has tongban:dedupe="${dedupe}"; use never, always or consecutive.`);
  for (const name of ['timeLimit', 'remindEvery']) {
    const value = at(name);
    if (value === undefined) continue;
    try {
      checkTimerLiteral('duration', value, defaultCalendar());
    } catch (err) {
      problems.at(el, `${what} has tongban:${name}="${value}", which is not a duration: ${(err as Error).message}.`);
    }
  }
  const action = at('timeoutAction');
  if (action !== undefined && !TIMEOUT_ACTIONS.includes(action as TimeoutAction)) problems.at(el, `${what} has tongban:timeoutAction="${action}"; use ${TIMEOUT_ACTIONS.join(', ')}.`);
  if (action !== undefined && at('timeLimit') === undefined) problems.at(el, `${what} has a timeout action but no tongban:timeLimit.`);
  if (action === 'escalate' && admin === undefined) problems.at(el, `${what} escalates on timeout but has no tongban:stepAdmin to escalate to.`);
  const reminders = at('reminders');
  if (reminders !== undefined && !/^\d{1,2}$/.test(reminders)) problems.at(el, `${what} has tongban:reminders="${reminders}"; use a whole number from 0 to 99.`);
}

/** CC send tasks need recipients. */
export function checkCc(el: BpmnElement, problems: Problems): void {
  const users = nonBlank(tongbanAttr(el, 'ccUsers'));
  const groups = nonBlank(tongbanAttr(el, 'ccGroups'));
  if (users === undefined && groups === undefined) problems.at(el, `${describe(el)} is a CC (抄送) step without recipients; set tongban:ccUsers or tongban:ccGroups.`);
  for (const [name, value] of [['ccUsers', users], ['ccGroups', groups]] as const) {
    if (value?.trim().startsWith('=')) feel(el, name, value, problems);
  }
}

export function compileApproval(el: BpmnElement): ApprovalConfig {
  const at = (name: string) => nonBlank(tongbanAttr(el, name))?.trim();
  const loop = el.loopCharacteristics?.$type === 'bpmn:MultiInstanceLoopCharacteristics' ? el.loopCharacteristics : undefined;
  const explicit = at('approvalMode') as ApprovalMode | undefined;
  const condition = at('completionCondition') ?? nonBlank(loop ? bodyOf(loop, 'completionCondition') : undefined);
  const mode: ApprovalMode = explicit ?? (condition !== undefined ? 'custom' : loop ? (loop.get('isSequential') === true ? 'sequential' : 'allSign') : 'single');
  const collection = at('collection') ?? nonBlank(loop ? tongbanAttr(loop, 'collection') : undefined);
  const elementVariable = at('elementVariable') ?? nonBlank(loop ? tongbanAttr(loop, 'elementVariable') : undefined)?.trim();
  const cardinality = nonBlank(loop ? bodyOf(loop, 'loopCardinality') : undefined);
  const targets = at('returnTargets') ?? 'any';
  const [emptyAction, emptyUser] = splitPolicy(at('onEmptyAssignee') ?? 'leave');
  const [starterAction, starterUser] = splitPolicy(at('onStarterAssignee') ?? 'approveSelf');
  const action = at('timeoutAction') as TimeoutAction | undefined;
  return {
    mode,
    multiInstance: mode !== 'single',
    sequential: mode === 'sequential' || (loop?.get('isSequential') === true && explicit === undefined),
    ...optional('passRatio', parseRatio(at('passRatio'))),
    ...optional('collection', expression(collection)),
    ...optional('elementVariable', elementVariable),
    ...optional('cardinality', expression(cardinality)),
    ...optional('completionCondition', expression(condition)),
    outcomeVariable: at('outcomeVariable') ?? `${el.id}_outcome`,
    returnTargets: targets === 'any' || targets === 'none' ? targets : splitList(targets),
    onEmptyAssignee: { action: emptyAction as ApprovalConfig['onEmptyAssignee']['action'], ...optional('user', emptyUser) },
    onStarterAssignee: { action: starterAction as ApprovalConfig['onStarterAssignee']['action'], ...optional('user', starterUser) },
    dedupe: (at('dedupe') ?? 'never') as ApprovalConfig['dedupe'],
    ...optional('stepAdmin', at('stepAdmin')),
    ...optional('dueDate', expression(at('dueDate'))),
    ...optional('priority', expression(at('priority'))),
    ...optional('timeLimit', at('timeLimit')),
    ...optional('timeoutAction', action),
    reminders: Number(at('reminders') ?? (action === 'remind' ? 1 : 0)),
    remindEvery: at('remindEvery') ?? 'P1WD',
  };
}

export function compileCc(el: BpmnElement): { users?: Expression; groups?: Expression } {
  const users = nonBlank(tongbanAttr(el, 'ccUsers'));
  const groups = nonBlank(tongbanAttr(el, 'ccGroups'));
  return { ...optional('users', expression(users)), ...optional('groups', expression(groups)) };
}

/** `0.67`, `2/3` or `67%` → a share in (0, 1]. */
export function parseRatio(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const fraction = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const value = fraction ? Number(fraction[1]) / Number(fraction[2]) : percent ? Number(percent[1]) / 100 : /^\d*\.?\d+$/.test(text) ? Number(text) : NaN;
  return value > 0 && value <= 1 ? value : undefined;
}

function feel(el: BpmnElement, name: string, value: string | undefined, problems: Problems, literalAllowed = false): void {
  if (value === undefined) return;
  if (literalAllowed && !value.trim().startsWith('=')) return;
  const error = feelSyntaxError(value);
  if (error) problems.at(el, `${describe(el)} has a ${name} that is not valid FEEL: ${error}.`);
}

function expression(text: string | undefined): Expression | undefined {
  return text === undefined ? undefined : toExpression(text);
}

function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function splitPolicy(text: string): [string, string | undefined] {
  const colon = text.indexOf(':');
  return colon < 0 ? [text, undefined] : [text.slice(0, colon), text.slice(colon + 1).trim()];
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The text of an expression child (`<loopCardinality>3</loopCardinality>`). */
function bodyOf(el: BpmnElement, name: string): string | undefined {
  return (el.get(name) as BpmnElement | undefined)?.body;
}
