/**
 * The directory search's part of the OpenAPI document: user and group pickers for staff
 * (转办, 委派, 加签, 抄送, the builder's assignees). Answers carry only what a picker shows.
 */
import { REGION_CODE_PATTERN } from '../identity/regions.js';
import type { OperationSpec } from '../openapi/operations.js';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullableText: Schema = { type: ['string', 'null'] };
const query = (name: string, description: string, schema: Schema): Schema => ({ name, in: 'query', required: false, description, schema });
const Q = query('q', 'Part of the name or username (groups: department id or name, or role); case-insensitive', { type: 'string', maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
const LIMIT = query('limit', 'At most this many (default 20, at most 50)', { type: 'integer', minimum: 1, maximum: 50, default: 20 });
const REGION = query('regionCode', 'Only this region and below (within your own scope)', { type: 'string', pattern: REGION_CODE_PATTERN });
function object(properties: Record<string, Schema>): Schema {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

export const DIRECTORY_OPERATIONS = {
  searchDirectoryUsers: {
    tag: 'identity',
    summary: 'Find colleagues to pick (转办, 委派, 加签, 抄送, assignees): enabled users in your regions',
    description: 'A town user finds the users of its town and villages, a county user its county and below. Names, department and region only — never roles or credentials.',
    parameters: [Q, query('departmentId', 'Only this department', { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_-]*$' }), REGION, LIMIT],
    responses: { 200: 'DirectoryUserList' },
  },
  searchDirectoryGroups: {
    tag: 'identity',
    summary: 'Find candidate groups (department:role) of departments in your regions that have members',
    parameters: [Q, REGION, LIMIT],
    responses: { 200: 'DirectoryGroupList' },
  },
} satisfies Record<string, OperationSpec>;

export const DIRECTORY_SCHEMAS: Record<string, Schema> = {
  DirectoryUser: object({
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    departmentId: nullableText,
    departmentName: nullableText,
    regionCode: nullableText,
    regionName: nullableText,
  }),
  DirectoryUserList: object({ items: { type: 'array', items: ref('DirectoryUser') } }),
  DirectoryGroup: object({
    id: { type: 'string', description: 'department:role, as a BPMN candidate group names it' },
    departmentId: { type: 'string' },
    departmentName: { type: 'string' },
    role: { type: 'string' },
    regionCode: { type: 'string' },
    members: { type: 'integer', minimum: 1 },
  }),
  DirectoryGroupList: object({ items: { type: 'array', items: ref('DirectoryGroup') } }),
};
