/**
 * Helpers for the inbox tests: tasks inserted straight into tb_task (for due dates,
 * priorities and delegations the seeding processes cannot express), and a reference
 * implementation of the inbox in plain TypeScript that the SQL is checked against.
 */
import type { Engine, TaskView } from '../../../engine/src/index.js';
import { sql } from '../../../engine/src/store/index.js';
import type { NewTask, TaskRow } from '../../../engine/src/store/index.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A task row with harmless defaults; `id` also names its instance. */
export function taskRow(id: string, fields: Partial<NewTask> & { createdAt: Date }): NewTask {
  return {
    id,
    instanceId: `inst-${id}`,
    rootId: `inst-${id}`,
    definitionId: 'manual:1',
    processKey: 'manual',
    elementId: 'step',
    tokenId: `tok-${id}`,
    ...fields,
  };
}

export async function insertTasks(engine: Engine, rows: readonly NewTask[]): Promise<void> {
  await sql.insertTasks(engine.database.knex, rows);
}

export function ids(tasks: readonly TaskView[]): string[] {
  return tasks.map((t) => t.id);
}

export interface OracleQuery {
  userId: string;
  groups?: string[];
  scope?: 'mine' | 'candidate' | 'all';
  processKey?: string;
  dueBefore?: Date;
  dueAfter?: Date;
  overdue?: boolean;
  sort?: 'dueAt' | 'createdAt' | 'priority';
  direction?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** The inbox as README "Inbox and notifications" defines it, row by row. */
export function oracle(all: readonly TaskRow[], q: OracleQuery, now: Date): { ids: string[]; total: number } {
  const groups = new Set(q.groups ?? []);
  const scope = q.scope ?? 'all';
  const mine = (t: TaskRow) => t.assignee === q.userId;
  const offered = (t: TaskRow) => t.assignee === null && (t.candidateUsers.includes(q.userId) || t.candidateGroups.some((g) => groups.has(g)));
  const owned = (t: TaskRow) => t.owner === q.userId && t.delegationState === 'pending' && t.assignee !== null && t.assignee !== q.userId;
  const inScope = (t: TaskRow) =>
    scope === 'mine' ? mine(t) : scope === 'candidate' ? offered(t) : mine(t) || offered(t) || owned(t);
  const due = (t: TaskRow) => t.dueAt?.getTime();
  const hits = all.filter(
    (t) =>
      inScope(t) &&
      (q.processKey === undefined || t.processKey === q.processKey) &&
      (q.dueBefore === undefined || (due(t) !== undefined && due(t)! < q.dueBefore.getTime())) &&
      (q.dueAfter === undefined || (due(t) !== undefined && due(t)! > q.dueAfter.getTime())) &&
      (q.overdue === undefined || (due(t) !== undefined && due(t)! < now.getTime()) === q.overdue),
  );
  const sort = q.sort ?? 'dueAt';
  const sign = (q.direction ?? (sort === 'priority' ? 'desc' : 'asc')) === 'desc' ? -1 : 1;
  const byId = (a: TaskRow, b: TaskRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byDue = (a: TaskRow, b: TaskRow, s: number) => {
    const x = due(a);
    const y = due(b);
    if (x === y) return 0;
    if (x === undefined) return 1; // no due date last, in either direction
    if (y === undefined) return -1;
    return s * (x - y);
  };
  hits.sort((a, b) => {
    if (sort === 'dueAt') return byDue(a, b, sign) || byId(a, b);
    if (sort === 'createdAt') return sign * (a.createdAt.getTime() - b.createdAt.getTime()) || byId(a, b);
    return sign * (a.priority - b.priority) || byDue(a, b, 1) || byId(a, b);
  });
  const offset = q.offset ?? 0;
  return { ids: hits.slice(offset, offset + (q.limit ?? 20)).map((t) => t.id), total: hits.length };
}
