import type { NodeKind } from '../model/types.js';
import type { ActiveToken, Run } from './run.js';

/**
 * What one kind of BPMN node does when a token enters it. A behaviour either moves the token
 * on (`leave`), parks it (`run.wait`), or consumes it (`consume`). Commands that wake a parked
 * token (task completed, message received …) are routed by `step()` to the same behaviour file.
 */
export interface Behaviour {
  enter(run: Run, token: ActiveToken): void;
}

export type BehaviourTable = Readonly<Record<NodeKind, Behaviour>>;
