/**
 * What each operation reads and answers, by operationId. Where it lives (method and path),
 * who may call it and its region rule come from the route table; `document.ts` joins the two,
 * so the type `Record<OperationId, …>` makes a missing or extra operation a compile error.
 */
import type { OperationId } from '../routes/route-table.js';
// ── cases ── ── supervision ── ── audit ──
import { AUDIT_OPERATIONS } from '../audit/openapi.js';
import { CASE_OPERATIONS } from '../cases/openapi.js';
import { SUPERVISION_OPERATIONS } from '../supervision/openapi.js';
import { DIRECTORY_OPERATIONS } from '../directory/openapi.js';
import { FILE_OPERATIONS } from '../files/openapi.js';
// ── catalogue ──
import { CATALOG_OPERATIONS } from '../catalog/openapi.js';

type Schema = Record<string, unknown>;

export interface OperationSpec {
  readonly summary: string;
  readonly tag: string;
  readonly description?: string;
  readonly parameters?: readonly Schema[];
  /** Schema name of the JSON body. */
  readonly body?: string;
  /** Success status → schema name (`null` = no body; `xml` = BPMN text). */
  readonly responses: Readonly<Record<number, string | null>>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** Ids are printable text: no control characters (PostgreSQL refuses NUL in text). */
const ID_PATTERN = '^[^\\u0000-\\u001f\\u007f]+$';
const idParam = (description: string): Schema => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string', minLength: 1, maxLength: 255, pattern: ID_PATTERN } });
const codeParam: Schema = { name: 'code', in: 'path', required: true, schema: ref('RegionCode') };
const query = (name: string, description: string, schema: Schema = { type: 'string', minLength: 1, maxLength: 255, pattern: ID_PATTERN }): Schema => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const PAGING: readonly Schema[] = [
  query('limit', 'Page size (default 50, at most 200)', { type: 'integer', minimum: 1, maximum: 200, default: 50 }),
  query('offset', 'Items to skip', { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 }),
];
const REGION_FILTER = query('regionCode', 'Only this region and below (within your own scope)', ref('RegionCode'));

export const OPERATIONS: Record<OperationId, OperationSpec> = {
  login: {
    tag: 'identity',
    summary: 'Sign in with username and password; returns a bearer token',
    description: 'Rate-limited per client address. The token expires (TONGBAN_TOKEN_TTL, default 8h).',
    body: 'LoginRequest',
    responses: { 200: 'LoginResponse' },
  },
  getMe: { tag: 'identity', summary: 'The caller: user (or API key), roles with their regions, candidate groups', responses: { 200: 'CurrentUser' } },
  changeMyPassword: { tag: 'identity', summary: 'Change your own password', body: 'ChangePasswordRequest', responses: { 204: null } },
  listRegions: {
    tag: 'identity',
    summary: 'The region tree (行政区划), flat, by code',
    parameters: [query('under', 'Only this region and everything below it', ref('RegionCode'))],
    responses: { 200: 'RegionList' },
  },
  listDepartments: { tag: 'identity', summary: 'Departments, by region', parameters: [REGION_FILTER], responses: { 200: 'DepartmentList' } },
  ...DIRECTORY_OPERATIONS,

  createDeployment: {
    tag: 'deployments',
    summary: 'Deploy BPMN files',
    description: 'Every problem is reported at once (422, details.problems) and nothing is deployed. Identical XML reuses the latest version.',
    body: 'DeploymentRequest',
    responses: { 201: 'DeploymentResult' },
  },
  validateDeployment: {
    tag: 'deployments',
    summary: 'Dry run: check BPMN files without deploying',
    body: 'ValidationRequest',
    responses: { 200: 'ValidationResult' },
  },
  listDefinitions: { tag: 'definitions', summary: 'Deployed process definitions (without XML)', parameters: [query('key', 'Only versions of this process key')], responses: { 200: 'DefinitionList' } },
  getDefinition: { tag: 'definitions', summary: 'One definition', parameters: [idParam('Definition id')], responses: { 200: 'Definition' } },
  getDefinitionXml: { tag: 'definitions', summary: 'The BPMN XML of a definition (for the diagram)', parameters: [idParam('Definition id')], responses: { 200: 'xml' } },

  startInstance: {
    tag: 'instances',
    summary: 'Start a case: an instance of the latest (or a pinned) version of a process',
    description: 'The instance belongs to `regionCode`, which must lie within your scope.',
    body: 'StartRequest',
    responses: { 201: 'Instance' },
  },
  listInstances: {
    tag: 'instances',
    summary: 'Top-level instances in your regions, newest first',
    parameters: [
      query('processKey', 'Process key'),
      query('businessKey', 'Business key (case number)'),
      query('status', 'Status', { type: 'string', enum: ['active', 'completed', 'terminated'] }),
      REGION_FILTER,
      ...PAGING,
    ],
    responses: { 200: 'InstancePage' },
  },
  getInstance: { tag: 'instances', summary: 'An instance with its variables and active elements', parameters: [idParam('Instance id')], responses: { 200: 'Instance' } },
  getInstanceVariables: { tag: 'instances', summary: 'Process-level variables', parameters: [idParam('Instance id')], responses: { 200: 'VariablesResponse' } },
  setInstanceVariables: {
    tag: 'instances',
    summary: 'Set (merge) process-level variables',
    parameters: [idParam('Instance id')],
    body: 'VariablesRequest',
    responses: { 200: 'VariablesResponse' },
  },
  terminateInstance: { tag: 'instances', summary: 'Terminate an active instance, with a reason', parameters: [idParam('Instance id')], body: 'TerminateRequest', responses: { 200: 'Instance' } },
  suspendInstance: {
    tag: 'instances',
    summary: 'Suspend an instance (补正, 特别程序): its timers stop, keeping the time they had left',
    parameters: [idParam('Instance id')],
    body: 'SuspendRequest',
    responses: { 200: 'Instance' },
  },
  resumeInstance: { tag: 'instances', summary: 'Resume a suspended instance', parameters: [idParam('Instance id')], body: 'ResumeRequest', responses: { 200: 'Instance' } },
  withdrawInstance: {
    tag: 'instances',
    summary: '撤回: the applicant (who started it) takes the application back while nobody else has acted',
    parameters: [idParam('Instance id')],
    body: 'CommentRequest',
    responses: { 200: 'Instance' },
  },
  moveToken: {
    tag: 'instances',
    summary: 'Move a token from one element to another, with a reason — not available yet (501)',
    parameters: [idParam('Instance id')],
    body: 'MoveRequest',
    responses: { 200: 'Instance' },
  },
  getInstanceHistory: {
    tag: 'history',
    summary: 'What happened to an instance, in order, with task comments',
    parameters: [idParam('Instance id')],
    responses: { 200: 'InstanceHistory' },
  },

  listTasks: {
    tag: 'tasks',
    summary: 'Open tasks in your regions, oldest first, with the total count',
    description: '`mine=true` keeps tasks assigned to you or offered to you or your groups (department:role).',
    parameters: [
      query('instanceId', 'Tasks of one instance'),
      query('processKey', 'Process key'),
      query('businessKey', 'Business key'),
      query('elementId', 'BPMN element id of the task'),
      query('assignee', 'Assigned to this user id'),
      { ...query('candidateGroup', 'Offered to this group (department:role)'), allowReserved: true },
      query('mine', 'Only tasks for me', { type: 'boolean' }),
      ...PAGING,
    ],
    responses: { 200: 'TaskPage' },
  },
  getTask: { tag: 'tasks', summary: 'One open task', parameters: [idParam('Task id')], responses: { 200: 'Task' } },
  completeTask: {
    tag: 'tasks',
    summary: 'Complete a task with an outcome, variables and a comment',
    description: 'You must be its assignee, or a candidate of an unassigned task (403 TASK_NOT_PERMITTED). A second completion answers 409 TASK_ALREADY_COMPLETED.',
    parameters: [idParam('Task id')],
    body: 'CompleteRequest',
    responses: { 204: null },
  },
  claimTask: { tag: 'tasks', summary: 'Claim an unassigned task you are a candidate for', parameters: [idParam('Task id')], responses: { 204: null } },
  unclaimTask: { tag: 'tasks', summary: 'Give a claimed task back to its candidates', parameters: [idParam('Task id')], responses: { 204: null } },
  transferTask: { tag: 'tasks', summary: '转办: the task becomes another user’s for good', parameters: [idParam('Task id')], body: 'ToUserRequest', responses: { 204: null } },
  delegateTask: { tag: 'tasks', summary: '委派: another user works on it and resolves it back to you', parameters: [idParam('Task id')], body: 'ToUserRequest', responses: { 204: null } },
  resolveTask: { tag: 'tasks', summary: 'Resolve a delegated task back to its owner', parameters: [idParam('Task id')], body: 'ResolveRequest', responses: { 204: null } },
  addSigners: { tag: 'tasks', summary: '加签: signers join the step before, after or in parallel', parameters: [idParam('Task id')], body: 'AddSignersRequest', responses: { 204: null } },
  removeSigner: { tag: 'tasks', summary: '减签: an open signer leaves the step', parameters: [idParam('Task id')], body: 'RemoveSignerRequest', responses: { 204: null } },
  returnTask: { tag: 'tasks', summary: '退回: send the case back to an earlier step (element id)', parameters: [idParam('Task id')], body: 'ReturnRequest', responses: { 204: null } },
  ccTask: { tag: 'tasks', summary: '抄送: notify users or groups', parameters: [idParam('Task id')], body: 'CcRequest', responses: { 204: null } },
  commentTask: { tag: 'tasks', summary: 'Add a comment (with attachment references) to a task', parameters: [idParam('Task id')], body: 'TaskCommentRequest', responses: { 204: null } },

  correlateMessage: {
    tag: 'messages',
    summary: 'Deliver a message to the instance waiting for it (or to all with all=true)',
    description: 'Every instance it would reach must be in your regions. None waiting → 404; several without all=true → 409.',
    body: 'MessageRequest',
    responses: { 200: 'MessageResult' },
  },
  broadcastSignal: { tag: 'messages', summary: 'Broadcast a signal to every instance waiting for it (all regions)', body: 'SignalRequest', responses: { 200: 'SignalResult' } },
  listJobs: {
    tag: 'jobs',
    summary: 'Jobs (service-task work, later timers) in your regions',
    parameters: [query('topic', 'Topic'), query('instanceId', 'Instance id'), ...PAGING],
    responses: { 200: 'JobPage' },
  },
  completeJob: { tag: 'jobs', summary: 'Complete a job with variables (the external-task seam)', parameters: [idParam('Job id')], body: 'CompleteJobRequest', responses: { 204: null } },
  throwJobBpmnError: {
    tag: 'jobs',
    summary: 'Raise a BPMN error at the job’s task (caught by an error boundary event)',
    parameters: [idParam('Job id')],
    body: 'JobBpmnErrorRequest',
    responses: { 204: null },
  },
  // ── external tasks ──
  fetchAndLock: {
    tag: 'external tasks',
    summary: 'Fetch and lock external tasks by topic (Camunda 7 shape; long polling with asyncResponseTimeout)',
    body: 'FetchAndLockRequest',
    responses: { 200: 'LockedExternalTaskList' },
  },
  completeExternalTask: {
    tag: 'external tasks',
    summary: 'Complete a locked external task (a repeated identical completion by the same worker changes nothing)',
    parameters: [idParam('External task (job) id')],
    body: 'ExternalTaskCompleteRequest',
    responses: { 200: 'ExternalTaskOutcome' },
  },
  failExternalTask: {
    tag: 'external tasks',
    summary: 'Report a failure: retries left and back-off; at 0 retries an incident',
    parameters: [idParam('External task (job) id')],
    body: 'ExternalTaskFailureRequest',
    responses: { 204: null },
  },
  externalTaskBpmnError: {
    tag: 'external tasks',
    summary: 'Raise a BPMN error at the task (caught by an error boundary event)',
    parameters: [idParam('External task (job) id')],
    body: 'ExternalTaskBpmnErrorRequest',
    responses: { 200: 'ExternalTaskOutcome' },
  },
  extendExternalTaskLock: {
    tag: 'external tasks',
    summary: 'Extend the lock of a task you hold',
    parameters: [idParam('External task (job) id')],
    body: 'ExtendLockRequest',
    responses: { 204: null },
  },
  unlockExternalTask: { tag: 'external tasks', summary: 'Release the lock: any worker may fetch it again', parameters: [idParam('External task (job) id')], responses: { 204: null } },

  retryJob: { tag: 'jobs', summary: 'Try a failed job again now (resolves its incident)', parameters: [idParam('Job id')], responses: { 204: null } },
  listIncidents: {
    tag: 'jobs',
    summary: 'Incidents (jobs whose retries ran out) in your regions, oldest first',
    parameters: [query('open', 'true: open only; false: resolved only', { type: 'boolean' }), query('instanceId', 'Instance id'), ...PAGING],
    responses: { 200: 'IncidentPage' },
  },

  createRegion: { tag: 'admin', summary: 'Add a region (its parent must exist)', body: 'NewRegion', responses: { 201: 'Region' } },
  updateRegion: { tag: 'admin', summary: 'Rename a region', parameters: [codeParam], body: 'RegionChange', responses: { 200: 'Region' } },
  deleteRegion: { tag: 'admin', summary: 'Delete a region nothing refers to', parameters: [codeParam], responses: { 204: null } },
  createDepartment: { tag: 'admin', summary: 'Add a department in a region', body: 'NewDepartment', responses: { 201: 'Department' } },
  updateDepartment: { tag: 'admin', summary: 'Rename or move a department', parameters: [idParam('Department id')], body: 'DepartmentChange', responses: { 200: 'Department' } },
  deleteDepartment: { tag: 'admin', summary: 'Delete a department nothing refers to', parameters: [idParam('Department id')], responses: { 204: null } },
  listUsers: {
    tag: 'admin',
    summary: 'Users, by username',
    parameters: [REGION_FILTER, query('departmentId', 'Department'), ...PAGING],
    responses: { 200: 'UserPage' },
  },
  createUser: { tag: 'admin', summary: 'Add a user with roles', body: 'NewUser', responses: { 201: 'User' } },
  getUser: { tag: 'admin', summary: 'One user', parameters: [idParam('User id')], responses: { 200: 'User' } },
  updateUser: { tag: 'admin', summary: 'Change a user: name, region, department, password, disabled', parameters: [idParam('User id')], body: 'UserChange', responses: { 200: 'User' } },
  setUserRoles: { tag: 'admin', summary: 'Replace a user’s roles (each with its region)', parameters: [idParam('User id')], body: 'RoleAssignments', responses: { 200: 'User' } },
  listApiKeys: { tag: 'admin', summary: 'API keys (never the keys themselves)', parameters: [query('departmentId', 'Department')], responses: { 200: 'ApiKeyList' } },
  createApiKey: { tag: 'admin', summary: 'Create an API key for a department system; the key is shown once', body: 'NewApiKey', responses: { 201: 'CreatedApiKey' } },
  revokeApiKey: { tag: 'admin', summary: 'Revoke an API key', parameters: [idParam('API key id')], responses: { 204: null } },

  // ── catalogue ──
  ...CATALOG_OPERATIONS,
  // ── cases ── ── supervision ── ── audit ──
  ...CASE_OPERATIONS,
  ...SUPERVISION_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...FILE_OPERATIONS,
};
