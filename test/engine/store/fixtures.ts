/** Small row builders for store tests: each test states only the columns it cares about. */
import type { InstanceState } from '../../../engine/src/runtime/types.js';
import type { NewHistory, NewInstance, NewJob, NewSubscription, NewTask } from '../../../engine/src/store/rows.js';

export const T0 = new Date('2025-03-01T08:00:00.123Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/**
 * An instance state as the store sees it: opaque jsonb. Built as plain JSON and cast, so that
 * these tests check storage, not the runtime's state type, which grows with every feature.
 */
export function state(id: string, variables: Record<string, unknown> = {}): InstanceState {
  const json = {
    id,
    definitionId: 'def-1',
    processKey: 'leave',
    status: 'active',
    rootScopeId: id,
    tokens: { t1: { id: 't1', elementId: 'approve', scopeId: id, wait: { kind: 'join' } } },
    scopes: { [id]: { id, elementId: 'leave', variables } },
    subscriptions: {},
    seq: 3,
  };
  return json as unknown as InstanceState;
}

export function instance(id: string, extra: Partial<NewInstance> = {}): NewInstance {
  return {
    id,
    rootId: id,
    definitionId: 'def-1',
    processKey: 'leave',
    status: 'active',
    state: state(id),
    startedAt: T0,
    ...extra,
  };
}

export function task(id: string, instanceId: string, extra: Partial<NewTask> = {}): NewTask {
  return {
    id,
    instanceId,
    rootId: instanceId,
    definitionId: 'def-1',
    processKey: 'leave',
    elementId: 'approve',
    tokenId: 't1',
    createdAt: T0,
    ...extra,
  };
}

export function job(id: string, instanceId: string, extra: Partial<NewJob> = {}): NewJob {
  return {
    id,
    instanceId,
    rootId: instanceId,
    kind: 'serviceTask',
    topic: 'notify',
    elementId: 'send',
    tokenId: 't2',
    createdAt: T0,
    ...extra,
  };
}

export function subscription(id: string, instanceId: string, extra: Partial<NewSubscription> = {}): NewSubscription {
  return {
    id,
    instanceId,
    rootId: instanceId,
    kind: 'message',
    name: 'materialsSupplied',
    elementId: 'wait',
    tokenId: 't3',
    createdAt: T0,
    ...extra,
  };
}

export function history(instanceId: string, type: string, extra: Partial<NewHistory> = {}): NewHistory {
  return { instanceId, rootId: instanceId, type, time: T0, ...extra };
}
