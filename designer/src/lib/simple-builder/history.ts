/**
 * Undo and redo for the simple builder: a history of the chain model as JSON snapshots (the
 * model is plain data). Edits are recorded after they happen; undo and redo hand back the model
 * to show, which the caller copies into its own reactive object (`restoreProcess`).
 */
import type { SimpleProcess } from './model.js';

export interface History {
  /** Older states, oldest first. */
  past: string[];
  /** The state on screen. */
  present: string;
  /** States undone, the next redo last. */
  future: string[];
  /** How many older states are kept. */
  limit: number;
}

export function createHistory(process: SimpleProcess, limit = 100): History {
  return { past: [], present: JSON.stringify(process), future: [], limit };
}

/** Records the model after an edit; false when nothing changed since the last record. */
export function recordHistory(history: History, process: SimpleProcess): boolean {
  const next = JSON.stringify(process);
  if (next === history.present) return false;
  history.past.push(history.present);
  if (history.past.length > history.limit) history.past.splice(0, history.past.length - history.limit);
  history.present = next;
  history.future = [];
  return true;
}

export function canUndo(history: History): boolean {
  return history.past.length > 0;
}

export function canRedo(history: History): boolean {
  return history.future.length > 0;
}

/** Moves the present to one end and takes the state at the other: undo (past → future) or redo. */
function travel(history: History, from: 'past' | 'future', to: 'past' | 'future'): SimpleProcess | undefined {
  const state = history[from].pop();
  if (state === undefined) return undefined;
  history[to].push(history.present);
  history.present = state;
  return JSON.parse(state) as SimpleProcess;
}

/** Steps back: the model to show, or undefined when there is nothing to undo. */
export function undoHistory(history: History): SimpleProcess | undefined {
  return travel(history, 'past', 'future');
}

/** Steps forward again after an undo; undefined when there is nothing to redo. */
export function redoHistory(history: History): SimpleProcess | undefined {
  return travel(history, 'future', 'past');
}

/**
 * Makes `target` (the reactive model on screen) equal to `state`, keeping its identity. Keys are
 * laid anew in `state`'s order so that its next snapshot equals the one restored (a differing
 * key order would read as a new edit and drop the redo states).
 */
export function restoreProcess(target: SimpleProcess, state: SimpleProcess): void {
  for (const key of Object.keys(target) as (keyof SimpleProcess)[]) delete (target as Partial<SimpleProcess>)[key];
  Object.assign(target, state);
}
