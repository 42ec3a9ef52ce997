/**
 * The clerk's inbox: which tasks are mine, my groups', overdue; yellow and red marks from the
 * task's due time. Pure: the page passes the tasks from `GET /api/tasks?mine=true` and the
 * current time.
 */

export interface InboxTask {
  id: string;
  assignee: string | null;
  candidateUsers: readonly string[];
  candidateGroups: readonly string[];
  createdAt: string;
  dueAt: string | null;
}

export type DeadlineMark = 'none' | 'normal' | 'yellow' | 'red';

export interface DeadlineRule {
  /** Yellow when less than this much time is left (default 24 h). */
  yellowWithinMs: number;
  /** …or when less than this share of the task's whole time is left (default 20 %). */
  yellowShare: number;
}

export const DEFAULT_DEADLINE_RULE: DeadlineRule = { yellowWithinMs: 24 * 3600_000, yellowShare: 0.2 };

/**
 * none: no time limit; red: past due; yellow: near the deadline; normal: otherwise. The
 * supervision cards of the server are the official ones; this mark is the clerk's early warning.
 */
export function deadlineMark(task: Pick<InboxTask, 'createdAt' | 'dueAt'>, now: Date, rule: DeadlineRule = DEFAULT_DEADLINE_RULE): DeadlineMark {
  if (!task.dueAt) return 'none';
  const due = Date.parse(task.dueAt);
  if (Number.isNaN(due)) return 'none';
  const left = due - now.getTime();
  if (left < 0) return 'red';
  const created = Date.parse(task.createdAt);
  const whole = Number.isNaN(created) ? Infinity : due - created;
  if (left <= rule.yellowWithinMs || (whole > 0 && Number.isFinite(whole) && left <= whole * rule.yellowShare)) return 'yellow';
  return 'normal';
}

export interface Remaining {
  overdue: boolean;
  days: number;
  hours: number;
}

/** Time left (or overdue by), in whole days and hours, for the inbox column. */
export function remaining(dueAt: string | null, now: Date): Remaining | undefined {
  if (!dueAt) return undefined;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return undefined;
  const ms = due - now.getTime();
  const abs = Math.abs(ms);
  return { overdue: ms < 0, days: Math.floor(abs / 86_400_000), hours: Math.floor((abs % 86_400_000) / 3_600_000) };
}

export type InboxTab = 'mine' | 'groups' | 'overdue';
export const INBOX_TABS: readonly InboxTab[] = ['mine', 'groups', 'overdue'];

export interface Me {
  id: string;
  groups: readonly string[];
}

/** Assigned to me, or offered to me by name. */
export function isMine(task: InboxTask, me: Me): boolean {
  return task.assignee === me.id || (task.assignee === null && task.candidateUsers.includes(me.id));
}

/** Unassigned and offered to one of my groups (to claim). */
export function isForMyGroups(task: InboxTask, me: Me): boolean {
  return task.assignee === null && !task.candidateUsers.includes(me.id) && task.candidateGroups.some((g) => me.groups.includes(g));
}

export function inTab(task: InboxTask, tab: InboxTab, me: Me, now: Date): boolean {
  switch (tab) {
    case 'mine':
      return isMine(task, me);
    case 'groups':
      return isForMyGroups(task, me);
    case 'overdue':
      return (isMine(task, me) || isForMyGroups(task, me)) && deadlineMark(task, now) === 'red';
  }
}

export interface InboxCounts {
  mine: number;
  groups: number;
  overdue: number;
  yellow: number;
  red: number;
}

export function inboxCounts(tasks: readonly InboxTask[], me: Me, now: Date): InboxCounts {
  const c: InboxCounts = { mine: 0, groups: 0, overdue: 0, yellow: 0, red: 0 };
  for (const t of tasks) {
    const mine = isMine(t, me);
    const groups = isForMyGroups(t, me);
    if (mine) c.mine++;
    if (groups) c.groups++;
    if (!mine && !groups) continue;
    const mark = deadlineMark(t, now);
    if (mark === 'red') {
      c.red++;
      c.overdue++;
    } else if (mark === 'yellow') c.yellow++;
  }
  return c;
}

/** Red first, then yellow, then by due time (none last), then oldest first. */
export function sortByUrgency<T extends InboxTask>(tasks: readonly T[], now: Date): T[] {
  const rank: Record<DeadlineMark, number> = { red: 0, yellow: 1, normal: 2, none: 3 };
  return [...tasks].sort((a, b) => {
    const r = rank[deadlineMark(a, now)] - rank[deadlineMark(b, now)];
    if (r) return r;
    const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
    const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
    if (da !== db) return da < db ? -1 : 1;
    return Date.parse(a.createdAt) - Date.parse(b.createdAt);
  });
}
