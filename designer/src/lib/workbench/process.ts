/**
 * What the workbench needs to know about a case's process, read from the moddle tree of its
 * BPMN (bpmn-moddle in the page, the same in the tests): its steps by id, and which user tasks
 * are window acceptance steps (受理: no user task before them on any path from the start), so
 * the page offers accept / refuse / 补正 there and approve / reject elsewhere.
 */
import type { StepInfo } from './history.js';

export interface ModdleLike {
  $type: string;
  id: string;
  name?: string;
  flowElements?: ModdleLike[];
  rootElements?: ModdleLike[];
  sourceRef?: ModdleLike;
  targetRef?: ModdleLike;
  get?: (name: string) => unknown;
  [key: string]: unknown;
}

function attr(el: ModdleLike, name: string): string | undefined {
  const v = el.get ? el.get(`tongban:${name}`) : el[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function kindOf(type: string): string {
  const local = type.replace(/^bpmn:/, '');
  return local.charAt(0).toLowerCase() + local.slice(1);
}

/** Every flow element of the (first executable) process and its subprocesses. */
export function flowElementsOf(definitions: ModdleLike): ModdleLike[] {
  const processes = (definitions.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
  const process = processes.find((p) => p.isExecutable === true) ?? processes[0];
  const out: ModdleLike[] = [];
  const walk = (els: ModdleLike[] | undefined): void => {
    for (const el of els ?? []) {
      out.push(el);
      if (el.flowElements) walk(el.flowElements);
    }
  };
  walk(process?.flowElements);
  return out;
}

export function processSteps(definitions: ModdleLike): Map<string, StepInfo> {
  const steps = new Map<string, StepInfo>();
  for (const el of flowElementsOf(definitions)) {
    if (el.$type === 'bpmn:SequenceFlow') continue;
    const info: StepInfo = { id: el.id, name: el.name || el.id, kind: kindOf(el.$type) };
    const rt = attr(el, 'returnTargets');
    if (rt !== undefined) {
      (info as { returnTargets?: StepInfo['returnTargets'] }).returnTargets = rt === 'none' ? 'none' : rt.split(',').map((s) => s.trim()).filter(Boolean);
    }
    steps.set(el.id, info);
  }
  return steps;
}

/** User tasks with no user task upstream of them (from a start event, through any path). */
export function acceptanceSteps(definitions: ModdleLike): string[] {
  const els = flowElementsOf(definitions);
  const flows = els.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const next = new Map<string, string[]>();
  for (const f of flows) {
    const s = f.sourceRef?.id;
    const t = f.targetRef?.id;
    if (!s || !t) continue;
    next.set(s, [...(next.get(s) ?? []), t]);
  }
  const byId = new Map(els.map((e) => [e.id, e]));
  const found = new Set<string>();
  const visited = new Set<string>();
  const queue = els.filter((e) => e.$type === 'bpmn:StartEvent').map((e) => e.id);
  while (queue.length) {
    const id = queue.shift()!;
    if (visited.has(id)) continue;
    visited.add(id);
    if (byId.get(id)?.$type === 'bpmn:UserTask') {
      found.add(id);
      continue; // beyond a user task, steps are not acceptance steps
    }
    queue.push(...(next.get(id) ?? []));
  }
  return [...found];
}

export type StepRole = 'acceptance' | 'review';

export function stepRole(elementId: string, acceptance: readonly string[]): StepRole {
  return acceptance.includes(elementId) ? 'acceptance' : 'review';
}

/** Actions the workbench offers for a task; the server decides whether each is allowed. */
export const ACCEPTANCE_ACTIONS = ['accept', 'refuse', 'supplement'] as const;
export const REVIEW_ACTIONS = ['approve', 'reject', 'return'] as const;
export const COMMON_ACTIONS = ['transfer', 'delegate', 'addSigner', 'cc'] as const;
export type TaskAction = (typeof ACCEPTANCE_ACTIONS)[number] | (typeof REVIEW_ACTIONS)[number] | (typeof COMMON_ACTIONS)[number] | 'resolve' | 'claim' | 'unclaim';

export interface ActionContext {
  role: StepRole;
  /** The task is assigned to me. */
  mine: boolean;
  /** Unassigned, offered to me or my groups. */
  claimable: boolean;
  /** Delegated to me: I resolve it back instead of deciding. */
  delegatedToMe: boolean;
  /** Earlier steps exist to return to. */
  canReturn: boolean;
}

export function availableActions(c: ActionContext): TaskAction[] {
  if (c.claimable) return ['claim'];
  if (!c.mine) return [];
  if (c.delegatedToMe) return ['resolve'];
  const main: TaskAction[] = c.role === 'acceptance' ? [...ACCEPTANCE_ACTIONS] : REVIEW_ACTIONS.filter((a) => a !== 'return' || c.canReturn);
  if (c.role === 'acceptance' && c.canReturn) main.push('return');
  return [...main, ...COMMON_ACTIONS, 'unclaim'];
}

/** Actions that need a comment before they are sent (refusals and returns must say why). */
export function commentRequired(action: TaskAction): boolean {
  return action === 'refuse' || action === 'reject' || action === 'return' || action === 'supplement';
}
