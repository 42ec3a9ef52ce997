/**
 * Camunda 7's typed variables (`{ "name": { "value": …, "type": "String" } }`) to and from
 * the engine's plain JSON values, for a REST route that wants byte-compatible bodies with
 * Camunda's external-task API (its clients send and expect the typed form). The engine itself
 * stores JSON values and does not keep Camunda's type names.
 */
import { EngineError } from '../errors.js';
import type { Variables } from '../runtime/types.js';

export interface CamundaVariable {
  readonly value: unknown;
  readonly type?: string;
  readonly valueInfo?: Record<string, unknown>;
}

/** JSON values → Camunda's typed form (`Json` for objects and lists, as Camunda's spin does). */
export function toCamundaVariables(variables: Variables): Record<string, CamundaVariable> {
  const typed: Record<string, CamundaVariable> = {};
  for (const [name, value] of Object.entries(variables)) typed[name] = { value: encode(value), type: typeName(value), valueInfo: {} };
  return typed;
}

/** Camunda's typed form → JSON values. `Json` values given as text are parsed; unknown types are refused. */
export function fromCamundaVariables(typed: Record<string, CamundaVariable> | undefined | null): Variables | undefined {
  if (typed == null) return undefined;
  if (typeof typed !== 'object' || Array.isArray(typed)) throw new EngineError('INVALID_ARGUMENT', 'variables must be an object of typed values.', { field: 'variables' });
  const plain: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(typed)) {
    if (typeof v !== 'object' || v === null || !('value' in v)) {
      throw new EngineError('INVALID_ARGUMENT', `Variable "${name}" must be { value, type }.`, { field: `variables.${name}` });
    }
    plain[name] = decode(name, v);
  }
  return plain;
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'Null';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) <= 2_147_483_647 ? 'Integer' : 'Long') : 'Double';
  return 'Json';
}

function encode(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : (value ?? null);
}

function decode(name: string, v: CamundaVariable): unknown {
  const type = (v.type ?? '').toLowerCase();
  switch (type) {
    case '':
    case 'string':
    case 'boolean':
    case 'integer':
    case 'long':
    case 'short':
    case 'double':
    case 'null':
    case 'date':
      return v.value ?? null;
    case 'json':
      if (typeof v.value !== 'string') return v.value;
      try {
        return JSON.parse(v.value) as unknown;
      } catch {
        throw new EngineError('INVALID_ARGUMENT', `Variable "${name}" of type Json is not valid JSON.`, { field: `variables.${name}` });
      }
    default:
      throw new EngineError('INVALID_ARGUMENT', `Variable "${name}" has type ${v.type}, which Tongban does not store (use String, Boolean, Integer, Long, Double, Date, Json or Null).`, {
        field: `variables.${name}`,
      });
  }
}
