/** The audit log's part of the OpenAPI document (operations and schemas). */
import type { OperationSpec } from '../openapi/operations.js';

type Schema = Record<string, unknown>;
const ID_PATTERN = '^[^\\u0000-\\u001f\\u007f]+$';
const query = (name: string, description: string, schema: Schema = { type: 'string', minLength: 1, maxLength: 255, pattern: ID_PATTERN }): Schema => ({ name, in: 'query', required: false, description, schema });
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
function object(properties: Record<string, Schema>, required: readonly string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required: [...required], additionalProperties: false };
}

export const AUDIT_OPERATIONS = {
  listAuditEntries: {
    tag: 'audit',
    summary: 'The audit log in your regions, newest first: who did what to which target, with what outcome',
    parameters: [
      query('from', 'From this instant', { type: 'string', format: 'date-time' }),
      query('to', 'Before this instant', { type: 'string', format: 'date-time' }),
      query('actorId', 'Actor (user id, apikey:…)'),
      query('operationId', 'Route (operationId)'),
      query('targetId', 'Target (case id, task id, user id, …)'),
      query('outcome', 'success, denied or failed', { type: 'string', enum: ['success', 'denied', 'failed'] }),
      query('limit', 'Page size (default 50, at most 200)', { type: 'integer', minimum: 1, maximum: 200, default: 50 }),
      query('offset', 'Items to skip', { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 }),
    ],
    responses: { 200: 'AuditPage' },
  },
  verifyAuditChain: {
    tag: 'audit',
    summary: 'Verify the whole hash chain; reports the first broken link',
    responses: { 200: 'AuditVerification' },
  },
} satisfies Record<string, OperationSpec>;

const ENTRY = object({
  seq: { type: 'integer' },
  at: { type: 'string', format: 'date-time' },
  actorId: nullable('string'),
  actorName: nullable('string'),
  actorKind: nullable('string'),
  roles: { type: 'array', items: { type: 'string' } },
  regionCode: nullable('string'),
  operationId: nullable('string'),
  method: { type: 'string' },
  path: { type: 'string' },
  targetId: nullable('string'),
  status: { type: 'integer' },
  outcome: { type: 'string', enum: ['success', 'denied', 'failed'] },
  summary: { type: ['object', 'null'] },
  requestId: nullable('string'),
  ip: nullable('string'),
  prevHash: { type: 'string' },
  hash: { type: 'string' },
});

export const AUDIT_SCHEMAS: Record<string, Schema> = {
  AuditEntry: ENTRY,
  AuditPage: object({ items: { type: 'array', items: { $ref: '#/components/schemas/AuditEntry' } }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' } }),
  AuditVerification: object({
    ok: { type: 'boolean' },
    entries: { type: 'integer' },
    head: object({ seq: { type: 'integer' }, hash: { type: 'string' } }),
    firstBroken: { oneOf: [object({ seq: { type: 'integer' }, reason: { type: 'string', enum: ['content', 'link', 'sequence', 'head'] } }), { type: 'null' }] },
  }),
};
