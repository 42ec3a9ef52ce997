/**
 * A case's history (`GET /api/instances/{id}/history`) read for people: the timeline of what
 * was done, by whom, with comments; which diagram elements are finished and which are current;
 * which earlier steps a task may be returned to (退回). Pure.
 */

export interface HistoryEvent {
  id: number;
  type: string;
  elementId: string | null;
  elementType: string | null;
  taskId: string | null;
  userId: string | null;
  data: Record<string, unknown> | null;
  time: string;
}

/** Events shown in the timeline (element entries and exits are drawn on the diagram instead). */
export const TIMELINE_TYPES = [
  'instanceStarted',
  'instanceCompleted',
  'instanceTerminated',
  'instanceSuspended',
  'instanceResumed',
  'instanceWithdrawn',
  'taskCreated',
  'taskCompleted',
  'taskClaimed',
  'taskUnclaimed',
  'taskTransferred',
  'taskDelegated',
  'taskResolved',
  'taskReturned',
  'taskReminded',
  'signerAdded',
  'signerRemoved',
  'ccSent',
  'commentAdded',
  'stepEscalated',
  'timerFired',
  'messageReceived',
] as const;

export type TimelineType = (typeof TIMELINE_TYPES)[number];

export interface TimelineEntry {
  id: number;
  type: TimelineType;
  time: string;
  elementId: string | null;
  userId: string | null;
  outcome?: string;
  comment?: string;
  /** Target user of a transfer or delegation, step of a return, recipients of a CC, reason of a suspension. */
  detail?: string;
  /** el-timeline colour class. */
  tone: 'primary' | 'success' | 'warning' | 'danger' | 'info';
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function toneOf(type: TimelineType, outcome: string | undefined): TimelineEntry['tone'] {
  if (type === 'taskCompleted') return outcome === 'reject' ? 'danger' : 'success';
  if (type === 'instanceCompleted') return 'success';
  if (type === 'instanceTerminated' || type === 'taskReturned' || type === 'instanceWithdrawn') return 'danger';
  if (type === 'instanceSuspended' || type === 'taskReminded' || type === 'stepEscalated') return 'warning';
  if (type === 'taskCreated' || type === 'instanceStarted') return 'primary';
  return 'info';
}

/** The timeline, oldest first. */
export function timeline(events: readonly HistoryEvent[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of events) {
    if (!(TIMELINE_TYPES as readonly string[]).includes(e.type)) continue;
    const type = e.type as TimelineType;
    const d = e.data ?? {};
    const outcome = text(d.outcome);
    const comment = text(d.comment) ?? text(d.text);
    let detail: string | undefined;
    if (type === 'taskTransferred' || type === 'taskDelegated') detail = text(d.to) ?? text(d.toUser);
    else if (type === 'taskReturned') detail = text(d.to);
    else if (type === 'ccSent') detail = [...list(d.users), ...list(d.groups)].join('、') || undefined;
    else if (type === 'signerAdded') detail = [...list(d.signers), text(d.signer) ?? ''].filter(Boolean).join('、') || undefined;
    else if (type === 'signerRemoved') detail = text(d.signer);
    else if (type === 'instanceSuspended' || type === 'instanceTerminated') detail = text(d.reason);
    else if (type === 'taskCreated') detail = text(d.assignee);
    out.push({
      id: e.id,
      type,
      time: e.time,
      elementId: e.elementId,
      userId: e.userId,
      ...(outcome !== undefined ? { outcome } : {}),
      ...(comment !== undefined ? { comment } : {}),
      ...(detail !== undefined ? { detail } : {}),
      tone: toneOf(type, outcome),
    });
  }
  return out.sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id - b.id);
}

export interface Progress {
  /** Elements passed through and left (and not current). */
  finished: string[];
  /** Elements a token or task waits in now. */
  current: string[];
  /** Sequence flows between two finished-or-current elements, as far as the history shows. */
}

/**
 * Finished and current elements for the diagram. `active` is the instance's `activeElementIds`
 * when known (authoritative); otherwise elements entered and not left count as current.
 */
export function progress(events: readonly HistoryEvent[], active?: readonly string[], processKey?: string): Progress {
  const entered = new Map<string, number>();
  const left = new Set<string>();
  for (const e of events) {
    if (!e.elementId || e.elementId === processKey) continue;
    if (e.type === 'elementEntered') entered.set(e.elementId, (entered.get(e.elementId) ?? 0) + 1);
    else if (e.type === 'elementLeft' || e.type === 'taskCompleted' || e.type === 'stepCompleted') left.add(e.elementId);
    else if (e.type === 'taskCreated' && !entered.has(e.elementId)) entered.set(e.elementId, 1);
  }
  const current = active ? [...active] : [...entered.keys()].filter((id) => !left.has(id));
  const currentSet = new Set(current);
  const finished = [...new Set([...left, ...[...entered.keys()].filter((id) => left.has(id))])].filter((id) => !currentSet.has(id));
  return { finished, current };
}

export interface StepInfo {
  id: string;
  name: string;
  kind: string;
  /** `tongban:returnTargets`: 'none', a list of element ids, or absent (any earlier step). */
  returnTargets?: 'none' | readonly string[];
}

/**
 * 退回 targets for a task at `currentElementId`: user-task steps this case passed through
 * (finished), other than the current one, in the order first reached, restricted by the step's
 * `tongban:returnTargets`. The engine checks again.
 */
export function returnTargets(events: readonly HistoryEvent[], currentElementId: string, steps: ReadonlyMap<string, StepInfo>): StepInfo[] {
  const current = steps.get(currentElementId);
  if (current?.returnTargets === 'none') return [];
  const allowed = Array.isArray(current?.returnTargets) ? new Set(current.returnTargets) : undefined;
  const seen: string[] = [];
  for (const e of events) {
    if (!e.elementId || e.elementId === currentElementId || seen.includes(e.elementId)) continue;
    if (e.type !== 'taskCompleted' && e.type !== 'elementLeft') continue;
    const step = steps.get(e.elementId);
    if (!step || step.kind !== 'userTask') continue;
    if (allowed && !allowed.has(e.elementId)) continue;
    seen.push(e.elementId);
  }
  return seen.map((id) => steps.get(id)!);
}

/** Users who acted on the case (for the approval sheet's signatures), in order. */
export function actors(events: readonly HistoryEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) if (e.type === 'taskCompleted' && e.userId && !out.includes(e.userId)) out.push(e.userId);
  return out;
}

/** Decisions per step for the approval sheet: step, who, outcome, comment, when. */
export interface Opinion {
  elementId: string;
  userId: string | null;
  outcome: string;
  comment: string;
  time: string;
}

export function opinions(events: readonly HistoryEvent[]): Opinion[] {
  return events
    .filter((e) => e.type === 'taskCompleted' && e.elementId)
    .map((e) => ({
      elementId: e.elementId!,
      userId: e.userId,
      outcome: text(e.data?.outcome) ?? 'approve',
      comment: text(e.data?.comment) ?? '',
      time: e.time,
    }));
}
