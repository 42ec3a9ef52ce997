/**
 * Checks of worker input, each refused with INVALID_ARGUMENT and a sentence naming the field,
 * so that a route can pass the request body straight through and answer 400.
 */
import { EngineError } from '../errors.js';
import type { FetchAndLockRequest, FetchTopic } from './types.js';

/** Camunda's upper bound for `asyncResponseTimeout`. */
export const MAX_ASYNC_RESPONSE_TIMEOUT_MS = 1_800_000;
export const MAX_TASKS = 1_000;
const MAX_ID = 255;
/** A lock longer than a week is a mistake, not a plan (extend the lock instead). */
const MAX_LOCK_MS = 7 * 24 * 3_600_000;

function invalid(message: string, field: string): EngineError {
  return new EngineError('INVALID_ARGUMENT', message, { field });
}

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID) {
    throw invalid(`${field} must be a non-empty string of at most ${MAX_ID} characters.`, field);
  }
  return value;
}

export function requireInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(`${field} must be a whole number from ${min} to ${max}, got ${String(value)}.`, field);
  }
  return value;
}

export function requireLockDuration(value: unknown, field: string): number {
  return requireInt(value, field, 1, MAX_LOCK_MS);
}

export function optionalText(value: unknown, field: string, max = 4_000): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be a string.`, field);
  return value.length > max ? value.slice(0, max - 1) + '…' : value;
}

export function requireVariables(value: unknown, field = 'variables'): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${field} must be an object of variable names to values.`, field);
  return value as Record<string, unknown>;
}

/** The request with defaults, topics deduplicated by name (the first wins). */
export function checkFetchRequest(request: FetchAndLockRequest): Required<Omit<FetchAndLockRequest, 'topics'>> & { topics: FetchTopic[] } {
  if (typeof request !== 'object' || request === null) throw invalid('The fetch request must be an object.', 'request');
  const workerId = requireText(request.workerId, 'workerId');
  const maxTasks = requireInt(request.maxTasks, 'maxTasks', 0, MAX_TASKS);
  const asyncResponseTimeout =
    request.asyncResponseTimeout === undefined ? 0 : requireInt(request.asyncResponseTimeout, 'asyncResponseTimeout', 0, MAX_ASYNC_RESPONSE_TIMEOUT_MS);
  if (!Array.isArray(request.topics)) throw invalid('topics must be a list.', 'topics');
  const topics: FetchTopic[] = [];
  const seen = new Set<string>();
  request.topics.forEach((topic: FetchTopic, i: number) => {
    const topicName = requireText(topic?.topicName, `topics[${i}].topicName`);
    requireLockDuration(topic.lockDuration, `topics[${i}].lockDuration`);
    if (topic.variables != null && (!Array.isArray(topic.variables) || topic.variables.some((v) => typeof v !== 'string'))) {
      throw invalid(`topics[${i}].variables must be a list of variable names.`, `topics[${i}].variables`);
    }
    if (!seen.has(topicName)) topics.push(topic);
    seen.add(topicName);
  });
  return { workerId, maxTasks, topics, usePriority: request.usePriority === true, asyncResponseTimeout };
}
