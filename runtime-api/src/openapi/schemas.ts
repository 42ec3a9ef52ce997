/**
 * JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of everything the API reads and writes.
 * Request bodies close their properties (`additionalProperties: false`): an unknown field is a
 * 400, not silently ignored.
 */
import { REGION_CODE_PATTERN } from '../identity/regions.js';
import { ACTORS, ROLES } from '../identity/roles.js';
// ── cases ── ── supervision ── ── audit ──
import { AUDIT_SCHEMAS } from '../audit/openapi.js';
import { CASE_SCHEMAS } from '../cases/openapi.js';
import { SUPERVISION_SCHEMAS } from '../supervision/openapi.js';
import { DIRECTORY_SCHEMAS } from '../directory/openapi.js';
import { FILE_SCHEMAS } from '../files/openapi.js';
// ── catalogue ──
import { CATALOG_SCHEMAS } from '../catalog/openapi.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Schema = {}): Schema => ({ type: [type, 'null'], ...extra });
const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullableDateTime: Schema = { type: ['string', 'null'], format: 'date-time' };
const text = (maxLength: number, extra: Schema = {}): Schema => ({ type: 'string', minLength: 1, maxLength, ...extra });

/** A closed object: every listed property, nothing else. */
function object(properties: Record<string, Schema>, required: readonly string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required: [...required], additionalProperties: false };
}

/** A page of a listing. */
export function page(item: string): Schema {
  return object({
    items: { type: 'array', items: ref(item) },
    total: { type: 'integer', minimum: 0, description: 'All matches, not only this page' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
  });
}

export const SCHEMAS: Record<string, Schema> = {
  Error: object({
    error: object(
      {
        code: { type: 'string', description: 'Stable, machine-readable: VALIDATION_FAILED, FORBIDDEN, TASK_ALREADY_COMPLETED, …' },
        message: { type: 'string', description: 'A sentence a person understands' },
        details: { description: 'Structured detail: validation errors, deployment problems, ids' },
      },
      ['code', 'message'],
    ),
  }),
  RegionCode: { type: 'string', pattern: REGION_CODE_PATTERN, description: '行政区划代码: 2 province, 4 city, 6 county, 9 town, 12 village digits', examples: ['440106001'] },
  Role: { type: 'string', enum: [...ROLES] },
  Empty: { type: 'object', properties: {}, additionalProperties: false, description: 'No fields (the body may be left out)' },
  Variables: { type: 'object', additionalProperties: true, description: 'Process variables, JSON values by name' },

  // identity
  LoginRequest: object({ username: text(64), password: { type: 'string', minLength: 1, maxLength: 256 } }),
  NullableRegionCode: { oneOf: [ref('RegionCode'), { type: 'null' }] },
  RoleAssignment: object({ role: ref('Role'), regionCode: { ...ref('NullableRegionCode'), description: 'Where the role applies, with everything below; null only for admin (everywhere)' } }),
  CurrentUser: object({
    id: { type: 'string' },
    kind: { type: 'string', enum: ['user', 'apiKey'] },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string', enum: [...ACTORS] }, description: 'Distinct roles held (adapter for API keys)' },
    roleAssignments: { type: 'array', items: object({ role: { type: 'string', enum: [...ACTORS] }, regionCode: ref('NullableRegionCode') }) },
    regionCode: ref('NullableRegionCode'),
    departmentId: nullable('string'),
    groups: { type: 'array', items: { type: 'string' }, description: 'Candidate groups, department:role' },
  }),
  LoginResponse: object({ token: { type: 'string' }, expiresAt: dateTime, user: ref('CurrentUser') }),
  ChangePasswordRequest: object({ currentPassword: { type: 'string', minLength: 1, maxLength: 256 }, newPassword: { type: 'string', minLength: 8, maxLength: 256 } }),
  Region: object({
    code: ref('RegionCode'),
    name: { type: 'string' },
    level: { type: 'string', enum: ['province', 'city', 'county', 'town', 'village'] },
    parentCode: nullable('string'),
  }),
  NewRegion: object({ code: ref('RegionCode'), name: text(100) }),
  RegionChange: object({ name: text(100) }),
  Department: object({ id: { type: 'string' }, name: { type: 'string' }, regionCode: ref('RegionCode') }),
  NewDepartment: object({
    id: text(63, { pattern: '^[a-z0-9][a-z0-9_-]*$', description: 'Used in candidate groups (department:role), e.g. market' }),
    name: text(100),
    regionCode: ref('RegionCode'),
  }),
  DepartmentChange: object({ name: text(100), regionCode: ref('RegionCode') }, []),
  User: object({
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    regionCode: ref('NullableRegionCode'),
    departmentId: nullable('string'),
    disabled: { type: 'boolean' },
    roles: { type: 'array', items: ref('RoleAssignment') },
    createdAt: dateTime,
  }),
  NewUser: object(
    {
      username: text(64, { pattern: '^[A-Za-z0-9._-]+$' }),
      displayName: text(100),
      password: { type: 'string', minLength: 8, maxLength: 256 },
      regionCode: ref('NullableRegionCode'),
      departmentId: nullable('string'),
      roles: { type: 'array', items: ref('RoleAssignment'), maxItems: 50 },
    },
    ['username', 'displayName', 'password'],
  ),
  UserChange: object(
    {
      displayName: text(100),
      regionCode: ref('NullableRegionCode'),
      departmentId: nullable('string'),
      disabled: { type: 'boolean' },
      password: { type: 'string', minLength: 8, maxLength: 256 },
    },
    [],
  ),
  RoleAssignments: object({ roles: { type: 'array', items: ref('RoleAssignment'), maxItems: 50 } }),
  ApiKey: object({
    id: { type: 'string' },
    name: { type: 'string' },
    departmentId: { type: 'string' },
    regionCode: ref('RegionCode'),
    createdBy: nullable('string'),
    createdAt: dateTime,
    lastUsedAt: nullableDateTime,
    revokedAt: nullableDateTime,
  }),
  NewApiKey: object({ name: text(100), departmentId: text(63) }),
  CreatedApiKey: object({
    apiKey: ref('ApiKey'),
    key: { type: 'string', description: 'The key itself (tbk_…). Shown once: only its hash is stored.' },
  }),

  // deployments and definitions
  Resource: object({
    name: text(255, { description: 'File name, e.g. food-business-licence/process.bpmn' }),
    xml: { type: 'string', minLength: 1, maxLength: 5_000_000 },
  }),
  DeploymentRequest: object({ name: text(255), resources: { type: 'array', items: ref('Resource'), minItems: 1, maxItems: 50 } }, ['resources']),
  ValidationRequest: object({ resources: { type: 'array', items: ref('Resource'), minItems: 1, maxItems: 50 } }),
  ValidationProblem: object(
    { elementId: { type: 'string' }, elementType: { type: 'string' }, message: { type: 'string' }, resource: { type: 'string' } },
    ['elementId', 'elementType', 'message'],
  ),
  ValidationResult: object({ valid: { type: 'boolean' }, problems: { type: 'array', items: ref('ValidationProblem') } }),
  DeployedDefinition: object(
    { id: { type: 'string' }, key: { type: 'string' }, version: { type: 'integer' }, name: { type: 'string' }, resource: { type: 'string' }, isNew: { type: 'boolean' } },
    ['id', 'key', 'version', 'resource', 'isNew'],
  ),
  DeploymentResult: object({ deploymentId: { type: 'string' }, definitions: { type: 'array', items: ref('DeployedDefinition') } }),
  Definition: object({
    id: { type: 'string' },
    key: { type: 'string' },
    version: { type: 'integer' },
    name: nullable('string'),
    deploymentId: { type: 'string' },
    resource: { type: 'string' },
    createdAt: dateTime,
  }),

  // instances
  StartRequest: object(
    {
      processKey: text(255),
      version: { type: 'integer', minimum: 1, description: 'A pinned version; default the latest' },
      businessKey: text(255),
      regionCode: { ...ref('RegionCode'), description: 'Region the case belongs to; required except for admins (API keys default to their department’s region)' },
      departmentId: text(63),
      variables: ref('Variables'),
    },
    ['processKey'],
  ),
  Instance: object({
    id: { type: 'string' },
    definitionId: { type: 'string' },
    processKey: { type: 'string' },
    businessKey: nullable('string'),
    status: { type: 'string', enum: ['active', 'completed', 'terminated'] },
    suspended: { oneOf: [object({ at: dateTime, reason: { type: 'string' } }, ['at']), { type: 'null' }], description: 'Since when and why, while suspended' },
    parentId: nullable('string'),
    activeElementIds: { type: 'array', items: { type: 'string' } },
    variables: ref('Variables'),
    regionCode: nullable('string'),
    departmentId: nullable('string'),
    startedAt: dateTime,
    endedAt: nullableDateTime,
  }),
  InstanceSummary: object({
    id: { type: 'string' },
    definitionId: { type: 'string' },
    processKey: { type: 'string' },
    businessKey: nullable('string'),
    status: { type: 'string' },
    regionCode: nullable('string'),
    departmentId: nullable('string'),
    startedAt: dateTime,
    endedAt: nullableDateTime,
  }),
  VariablesResponse: object({ variables: ref('Variables') }),
  VariablesRequest: object({ variables: ref('Variables') }),
  TerminateRequest: object({ reason: text(1000) }),
  SuspendRequest: object({ reason: text(1000) }, []),
  ResumeRequest: object({}, []),
  CommentRequest: object({ comment: text(2000) }, []),
  MoveRequest: object({ fromElementId: text(255), toElementId: text(255), reason: text(1000) }),
  HistoryEntry: object({
    id: { type: 'integer' },
    instanceId: { type: 'string' },
    type: { type: 'string' },
    elementId: nullable('string'),
    elementType: nullable('string'),
    taskId: nullable('string'),
    userId: nullable('string'),
    data: { type: ['object', 'null'] },
    time: dateTime,
  }),
  InstanceHistory: object({ events: { type: 'array', items: ref('HistoryEntry') } }),

  // tasks
  Task: object({
    id: { type: 'string' },
    instanceId: { type: 'string' },
    rootInstanceId: { type: 'string' },
    definitionId: { type: 'string' },
    processKey: { type: 'string' },
    elementId: { type: 'string' },
    name: nullable('string'),
    assignee: nullable('string'),
    candidateUsers: { type: 'array', items: { type: 'string' } },
    candidateGroups: { type: 'array', items: { type: 'string' } },
    businessKey: nullable('string'),
    regionCode: nullable('string'),
    createdAt: dateTime,
    dueAt: nullableDateTime,
    priority: { type: 'integer' },
  }),
  CompleteRequest: object(
    {
      outcome: text(64, { description: 'approve, reject, or another named outcome; recorded in history', examples: ['approve'] }),
      variables: ref('Variables'),
      comment: text(2000),
    },
    [],
  ),
  ToUserRequest: object({ to: { ...text(64), description: 'User id' }, comment: text(2000) }, ['to']),
  ResolveRequest: object({ comment: text(2000), variables: ref('Variables') }, []),
  AddSignersRequest: object(
    { signers: { type: 'array', items: text(64), minItems: 1, maxItems: 50, description: 'User ids' }, position: { type: 'string', enum: ['before', 'after', 'parallel'] }, comment: text(2000) },
    ['signers', 'position'],
  ),
  RemoveSignerRequest: object({ signer: { ...text(64), description: 'User id' }, comment: text(2000) }, ['signer']),
  ReturnRequest: object({ target: { ...text(255), description: 'Element id of an earlier user-task step' }, comment: text(2000) }, ['target']),
  CcRequest: object(
    { users: { type: 'array', items: text(64), maxItems: 200 }, groups: { type: 'array', items: text(128), maxItems: 50 }, comment: text(2000) },
    [],
  ),
  TaskCommentRequest: object(
    { text: text(4000), attachments: { type: 'array', maxItems: 20, items: object({ name: text(255), ref: text(1000) }) } },
    ['text'],
  ),

  // messages, signals, jobs
  MessageRequest: object(
    {
      name: text(255),
      correlationKey: text(255),
      variables: ref('Variables'),
      all: { type: 'boolean', description: 'Deliver to every waiting instance (default: exactly one must wait)' },
      regionCode: { ...ref('RegionCode'), description: 'When no instance waits and the message starts a process: the region the new case belongs to' },
    },
    ['name'],
  ),
  MessageResult: object({ instanceIds: { type: 'array', items: { type: 'string' } } }),
  SignalRequest: object({ name: text(255), variables: ref('Variables') }, ['name']),
  SignalResult: object({ delivered: { type: 'integer', minimum: 0 } }),
  Incident: object({
    id: { type: 'string' },
    jobId: { type: 'string' },
    jobKind: { type: 'string' },
    instanceId: { type: 'string' },
    rootInstanceId: { type: 'string' },
    elementId: { type: 'string' },
    message: { type: 'string' },
    regionCode: nullable('string'),
    createdAt: dateTime,
    resolvedAt: nullableDateTime,
    resolution: nullable('string'),
  }),
  Job: object({
    id: { type: 'string' },
    instanceId: { type: 'string' },
    rootInstanceId: { type: 'string' },
    kind: { type: 'string' },
    topic: { type: 'string' },
    elementId: { type: 'string' },
    regionCode: nullable('string'),
    createdAt: dateTime,
    dueAt: nullableDateTime,
    lockedBy: nullable('string'),
    lockExpiresAt: nullableDateTime,
    retries: nullable('integer'),
    errorMessage: nullable('string'),
  }),
  CompleteJobRequest: object({ variables: ref('Variables') }, []),
  JobBpmnErrorRequest: object({ errorCode: text(255), message: text(2000), variables: ref('Variables') }, ['errorCode']),
  // ── external tasks ──
  FetchAndLockRequest: object(
    {
      workerId: text(255),
      maxTasks: { type: 'integer', minimum: 1, maximum: 1000 },
      usePriority: { type: 'boolean' },
      asyncResponseTimeout: { type: 'integer', minimum: 0, maximum: 1800000 },
      topics: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: object(
          {
            topicName: text(255),
            lockDuration: { type: 'integer', minimum: 1, maximum: 86400000 },
            variables: { type: ['array', 'null'], items: text(255), maxItems: 200 },
            localVariables: { type: 'boolean' },
          },
          ['topicName', 'lockDuration'],
        ),
      },
    },
    ['workerId', 'maxTasks', 'topics'],
  ),
  LockedExternalTask: { type: 'object', additionalProperties: true, required: ['id', 'topicName', 'workerId', 'lockExpirationTime'] },
  LockedExternalTaskList: { type: 'array', items: ref('LockedExternalTask') },
  ExternalTaskOutcome: object({ id: text(255), repeated: { type: 'boolean' } }, ['id', 'repeated']),
  ExternalTaskCompleteRequest: object({ workerId: text(255), variables: ref('Variables') }, ['workerId']),
  ExternalTaskFailureRequest: object(
    { workerId: text(255), errorMessage: text(2000), errorDetails: text(100000), retries: { type: 'integer', minimum: 0 }, retryTimeout: { type: 'integer', minimum: 0 } },
    ['workerId'],
  ),
  ExternalTaskBpmnErrorRequest: object({ workerId: text(255), errorCode: text(255), errorMessage: text(2000), variables: ref('Variables') }, ['workerId', 'errorCode']),
  ExtendLockRequest: object({ workerId: text(255), newDuration: { type: 'integer', minimum: 1, maximum: 86400000 } }, ['workerId', 'newDuration']),

  RegionList: object({ items: { type: 'array', items: ref('Region') } }),
  DepartmentList: object({ items: { type: 'array', items: ref('Department') } }),
  DefinitionList: object({ items: { type: 'array', items: ref('Definition') } }),
  ApiKeyList: object({ items: { type: 'array', items: ref('ApiKey') } }),
  InstancePage: page('InstanceSummary'),
  TaskPage: page('Task'),
  JobPage: page('Job'),
  UserPage: page('User'),
  IncidentPage: page('Incident'),
  ...DIRECTORY_SCHEMAS,

  // ── catalogue ──
  ...CATALOG_SCHEMAS,
  // ── cases ── ── supervision ── ── audit ──
  ...CASE_SCHEMAS,
  ...SUPERVISION_SCHEMAS,
  ...AUDIT_SCHEMAS,
  ...FILE_SCHEMAS,
};
