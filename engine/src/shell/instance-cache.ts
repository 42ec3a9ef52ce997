/**
 * The last known row of instances this engine recently ran a command on, so that the next
 * command on a task of theirs can skip the locking read (DESIGN §2: a command's cost is mostly
 * round trips).
 *
 * A cached row is a guess, never trusted: the command computed from it writes with a
 * revision guard (`sql.writeUnit` with `guard`), which locks the instance row and writes
 * nothing unless `rev` is still the cached one. Every write of an instance bumps `rev` (in
 * any engine process), so a stale guess costs one wasted round trip and the command then runs
 * the ordinary way: locking read, step, write.
 *
 * Only single-instance trees are kept: top-level instances of processes without call
 * activities. A called instance changes without its root's row changing, which the root's
 * revision would not reveal.
 */
import type { ProcessModel } from '../model/types.js';
import type { InstanceRow } from '../store/rows.js';

export class InstanceCache {
  /** Least recently used first (a Map keeps insertion order). */
  private readonly rows = new Map<string, InstanceRow>();
  private readonly rootOfTask = new Map<string, string>();

  constructor(private readonly capacity: number) {}

  /** Remembers the row as written by a committed command; forgets it when it cannot be used. */
  put(row: InstanceRow, model: ProcessModel): void {
    this.evict(row.id);
    if (this.capacity <= 0 || row.status !== 'active' || row.parentId !== null || hasCallActivity(model)) return;
    this.rows.set(row.id, row);
    for (const taskId of Object.keys(row.state.tasks ?? {})) this.rootOfTask.set(taskId, row.id);
    if (this.rows.size > this.capacity) this.evict(this.rows.keys().next().value!);
  }

  /** The cached row of the instance that holds this open task, if any. */
  forTask(taskId: string): InstanceRow | undefined {
    const id = this.rootOfTask.get(taskId);
    const row = id === undefined ? undefined : this.rows.get(id);
    if (!row || row.state.tasks?.[taskId] === undefined) return undefined;
    // Most recently used last.
    this.rows.delete(row.id);
    this.rows.set(row.id, row);
    return row;
  }

  evict(id: string): void {
    const row = this.rows.get(id);
    if (!row) return;
    this.rows.delete(id);
    for (const taskId of Object.keys(row.state.tasks ?? {})) {
      if (this.rootOfTask.get(taskId) === id) this.rootOfTask.delete(taskId);
    }
  }

  get size(): number {
    return this.rows.size;
  }
}

const withCallActivity = new WeakMap<ProcessModel, boolean>();

function hasCallActivity(model: ProcessModel): boolean {
  let found = withCallActivity.get(model);
  if (found === undefined) {
    found = [...model.nodes.values()].some((node) => node.kind === 'callActivity');
    withCallActivity.set(model, found);
  }
  return found;
}
