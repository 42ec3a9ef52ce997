/**
 * THE ROUTE TABLE — every REST route, who may call it, and how its region scope is checked.
 * One place: the router, the OpenAPI document (`x-roles`, `x-region-scope`, security) and the
 * permission-matrix test are all generated from this list.
 *
 * `roles` lists the actors allowed (user roles, or `adapter` for API keys); `public` needs no
 * credentials. `scope` says how the caller's region scope applies (see `middleware/region-scope.ts`):
 * - `none`     — no regional data (definitions, deployments, the caller itself, admin routes);
 * - `filter`   — a listing: results are limited to the caller's regions;
 * - `instance` — `{id}` is an instance: its region must be within the caller's scope;
 * - `task`     — `{id}` is a task (open or ended): its instance's region must be in scope;
 * - `job`      — `{id}` is a job: its instance's region must be in scope;
 * - `body`     — the body's `regionCode` (where a new instance will belong) must be in scope;
 * - `message`  — every instance the message would reach must be in scope.
 * A role held in a region reaches that region and everything below it; `admin` reaches all.
 */
import type { Actor } from '../identity/roles.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type ScopeRule =
  | 'none' | 'filter' | 'instance' | 'task' | 'job' | 'body' | 'message'
  // ── catalogue ── `item`: `{id}` is a service item in the caller's regions; `itemRead`: the same,
  // or a template above them (town editors read the county's templates to derive from them).
  | 'item' | 'itemRead';

export interface RouteSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** OpenAPI form: `/api/instances/{id}`. */
  readonly path: string;
  readonly roles: 'public' | readonly Actor[];
  readonly scope: ScopeRule;
  /** Not built yet: answers 501 naming the issue that brings it (after auth and validation). */
  readonly later?: string;
}

const USERS: readonly Actor[] = ['admin', 'editor', 'reviewer', 'townEditor', 'clerk', 'approver', 'supervisor'];
const EVERYONE: readonly Actor[] = [...USERS, 'adapter'];
const DESIGNERS: readonly Actor[] = ['admin', 'editor', 'reviewer', 'townEditor'];
const CASE_READERS: readonly Actor[] = ['admin', 'clerk', 'approver', 'supervisor', 'reviewer'];
const TASK_READERS: readonly Actor[] = ['admin', 'clerk', 'approver', 'supervisor'];
const TASK_WORKERS: readonly Actor[] = ['admin', 'clerk', 'approver'];
const ADMIN: readonly Actor[] = ['admin'];
const ADAPTERS: readonly Actor[] = ['admin', 'adapter'];
// ── catalogue ── who edits items: editors (city, county) and town editors, each in their regions.
const ITEM_EDITORS: readonly Actor[] = ['admin', 'editor', 'townEditor'];

export const LATER_MOVE = 'a generic token-move command in the engine (not planned yet; to send a case back use POST /api/tasks/{id}/return, 退回)';

export const ROUTES = [
  // identity
  { operationId: 'login', method: 'post', path: '/api/auth/login', roles: 'public', scope: 'none' },
  { operationId: 'getMe', method: 'get', path: '/api/me', roles: EVERYONE, scope: 'none' },
  { operationId: 'changeMyPassword', method: 'post', path: '/api/me/password', roles: USERS, scope: 'none' },
  { operationId: 'listRegions', method: 'get', path: '/api/regions', roles: USERS, scope: 'none' },
  { operationId: 'listDepartments', method: 'get', path: '/api/departments', roles: USERS, scope: 'none' },
  // Pickers (转办, 委派, 加签, 抄送, assignees): users and groups of the caller's own regions only.
  { operationId: 'searchDirectoryUsers', method: 'get', path: '/api/directory/users', roles: USERS, scope: 'filter' },
  { operationId: 'searchDirectoryGroups', method: 'get', path: '/api/directory/groups', roles: USERS, scope: 'filter' },

  // deployments and definitions
  { operationId: 'createDeployment', method: 'post', path: '/api/deployments', roles: ['admin', 'editor'], scope: 'none' },
  { operationId: 'validateDeployment', method: 'post', path: '/api/deployments/validate', roles: DESIGNERS, scope: 'none' },
  { operationId: 'listDefinitions', method: 'get', path: '/api/definitions', roles: EVERYONE, scope: 'none' },
  { operationId: 'getDefinition', method: 'get', path: '/api/definitions/{id}', roles: EVERYONE, scope: 'none' },
  { operationId: 'getDefinitionXml', method: 'get', path: '/api/definitions/{id}/xml', roles: EVERYONE, scope: 'none' },

  // instances
  { operationId: 'startInstance', method: 'post', path: '/api/instances', roles: ['admin', 'clerk', 'adapter'], scope: 'body' },
  { operationId: 'listInstances', method: 'get', path: '/api/instances', roles: CASE_READERS, scope: 'filter' },
  { operationId: 'getInstance', method: 'get', path: '/api/instances/{id}', roles: [...CASE_READERS, 'adapter'], scope: 'instance' },
  { operationId: 'getInstanceVariables', method: 'get', path: '/api/instances/{id}/variables', roles: [...CASE_READERS, 'adapter'], scope: 'instance' },
  { operationId: 'setInstanceVariables', method: 'patch', path: '/api/instances/{id}/variables', roles: [...TASK_WORKERS, 'adapter'], scope: 'instance' },
  { operationId: 'terminateInstance', method: 'post', path: '/api/instances/{id}/terminate', roles: ['admin', 'clerk'], scope: 'instance' },
  { operationId: 'suspendInstance', method: 'post', path: '/api/instances/{id}/suspend', roles: ['admin', 'clerk'], scope: 'instance' },
  { operationId: 'resumeInstance', method: 'post', path: '/api/instances/{id}/resume', roles: ['admin', 'clerk'], scope: 'instance' },
  { operationId: 'withdrawInstance', method: 'post', path: '/api/instances/{id}/withdraw', roles: ['admin', 'clerk', 'adapter'], scope: 'instance' },
  { operationId: 'moveToken', method: 'post', path: '/api/instances/{id}/move', roles: ADMIN, scope: 'instance', later: LATER_MOVE },
  { operationId: 'getInstanceHistory', method: 'get', path: '/api/instances/{id}/history', roles: CASE_READERS, scope: 'instance' },

  // tasks
  { operationId: 'listTasks', method: 'get', path: '/api/tasks', roles: TASK_READERS, scope: 'filter' },
  { operationId: 'getTask', method: 'get', path: '/api/tasks/{id}', roles: TASK_READERS, scope: 'task' },
  { operationId: 'completeTask', method: 'post', path: '/api/tasks/{id}/complete', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'claimTask', method: 'post', path: '/api/tasks/{id}/claim', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'unclaimTask', method: 'post', path: '/api/tasks/{id}/unclaim', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'transferTask', method: 'post', path: '/api/tasks/{id}/transfer', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'delegateTask', method: 'post', path: '/api/tasks/{id}/delegate', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'resolveTask', method: 'post', path: '/api/tasks/{id}/resolve', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'addSigners', method: 'post', path: '/api/tasks/{id}/signers', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'removeSigner', method: 'post', path: '/api/tasks/{id}/remove-signer', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'returnTask', method: 'post', path: '/api/tasks/{id}/return', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'ccTask', method: 'post', path: '/api/tasks/{id}/cc', roles: TASK_WORKERS, scope: 'task' },
  { operationId: 'commentTask', method: 'post', path: '/api/tasks/{id}/comments', roles: TASK_READERS, scope: 'task' },

  // messages, signals, jobs
  { operationId: 'correlateMessage', method: 'post', path: '/api/messages', roles: ['admin', 'clerk', 'adapter'], scope: 'message' },
  // A signal reaches every instance waiting for it, in every region: administrators only.
  { operationId: 'broadcastSignal', method: 'post', path: '/api/signals', roles: ADMIN, scope: 'none' },
  { operationId: 'listJobs', method: 'get', path: '/api/jobs', roles: ['admin', 'supervisor', 'adapter'], scope: 'filter' },
  { operationId: 'completeJob', method: 'post', path: '/api/jobs/{id}/complete', roles: ADAPTERS, scope: 'job' },
  { operationId: 'throwJobBpmnError', method: 'post', path: '/api/jobs/{id}/bpmn-error', roles: ADAPTERS, scope: 'job' },
  { operationId: 'retryJob', method: 'post', path: '/api/jobs/{id}/retry', roles: ADAPTERS, scope: 'job' },
  // ── external tasks ── Camunda 7's external-task API for department systems (pull adapters).
  { operationId: 'fetchAndLock', method: 'post', path: '/api/external-tasks/fetchAndLock', roles: ADAPTERS, scope: 'none' },
  { operationId: 'completeExternalTask', method: 'post', path: '/api/external-tasks/{id}/complete', roles: ADAPTERS, scope: 'job' },
  { operationId: 'failExternalTask', method: 'post', path: '/api/external-tasks/{id}/failure', roles: ADAPTERS, scope: 'job' },
  { operationId: 'externalTaskBpmnError', method: 'post', path: '/api/external-tasks/{id}/bpmnError', roles: ADAPTERS, scope: 'job' },
  { operationId: 'extendExternalTaskLock', method: 'post', path: '/api/external-tasks/{id}/extendLock', roles: ADAPTERS, scope: 'job' },
  { operationId: 'unlockExternalTask', method: 'post', path: '/api/external-tasks/{id}/unlock', roles: ADAPTERS, scope: 'job' },
  { operationId: 'listIncidents', method: 'get', path: '/api/incidents', roles: ['admin', 'supervisor', 'adapter'], scope: 'filter' },

  // administration
  { operationId: 'createRegion', method: 'post', path: '/api/admin/regions', roles: ADMIN, scope: 'none' },
  { operationId: 'updateRegion', method: 'patch', path: '/api/admin/regions/{code}', roles: ADMIN, scope: 'none' },
  { operationId: 'deleteRegion', method: 'delete', path: '/api/admin/regions/{code}', roles: ADMIN, scope: 'none' },
  { operationId: 'createDepartment', method: 'post', path: '/api/admin/departments', roles: ADMIN, scope: 'none' },
  { operationId: 'updateDepartment', method: 'patch', path: '/api/admin/departments/{id}', roles: ADMIN, scope: 'none' },
  { operationId: 'deleteDepartment', method: 'delete', path: '/api/admin/departments/{id}', roles: ADMIN, scope: 'none' },
  { operationId: 'listUsers', method: 'get', path: '/api/admin/users', roles: ADMIN, scope: 'none' },
  { operationId: 'createUser', method: 'post', path: '/api/admin/users', roles: ADMIN, scope: 'none' },
  { operationId: 'getUser', method: 'get', path: '/api/admin/users/{id}', roles: ADMIN, scope: 'none' },
  { operationId: 'updateUser', method: 'patch', path: '/api/admin/users/{id}', roles: ADMIN, scope: 'none' },
  { operationId: 'setUserRoles', method: 'put', path: '/api/admin/users/{id}/roles', roles: ADMIN, scope: 'none' },
  { operationId: 'listApiKeys', method: 'get', path: '/api/admin/api-keys', roles: ADMIN, scope: 'none' },
  { operationId: 'createApiKey', method: 'post', path: '/api/admin/api-keys', roles: ADMIN, scope: 'none' },
  { operationId: 'revokeApiKey', method: 'delete', path: '/api/admin/api-keys/{id}', roles: ADMIN, scope: 'none' },

  // ── catalogue ── service items (事项), versions, review, templates, import/export
  { operationId: 'listItems', method: 'get', path: '/api/items', roles: USERS, scope: 'filter' },
  { operationId: 'createItem', method: 'post', path: '/api/items', roles: ITEM_EDITORS, scope: 'body' },
  { operationId: 'getItem', method: 'get', path: '/api/items/{id}', roles: USERS, scope: 'itemRead' },
  { operationId: 'getPublicItem', method: 'get', path: '/api/public/items/{id}', roles: 'public', scope: 'none' },
  { operationId: 'updateItem', method: 'patch', path: '/api/items/{id}', roles: ITEM_EDITORS, scope: 'item' },
  { operationId: 'listItemVersions', method: 'get', path: '/api/items/{id}/versions', roles: USERS, scope: 'itemRead' },
  { operationId: 'submitItem', method: 'post', path: '/api/items/{id}/submit', roles: ITEM_EDITORS, scope: 'item' },
  { operationId: 'reviewItem', method: 'post', path: '/api/items/{id}/review', roles: ['admin', 'reviewer'], scope: 'item' },
  { operationId: 'publishItem', method: 'post', path: '/api/items/{id}/publish', roles: [...ITEM_EDITORS, 'reviewer'], scope: 'item' },
  { operationId: 'retireItem', method: 'post', path: '/api/items/{id}/retire', roles: ITEM_EDITORS, scope: 'item' },
  { operationId: 'diffItem', method: 'get', path: '/api/items/{id}/diff', roles: DESIGNERS, scope: 'itemRead' },
  { operationId: 'deriveItem', method: 'post', path: '/api/items/{id}/derive', roles: ITEM_EDITORS, scope: 'body' },
  { operationId: 'listDerivedItems', method: 'get', path: '/api/items/{id}/derived', roles: DESIGNERS, scope: 'itemRead' },
  { operationId: 'upgradeItem', method: 'post', path: '/api/items/{id}/upgrade', roles: ITEM_EDITORS, scope: 'item' },
  { operationId: 'exportCatalogue', method: 'get', path: '/api/catalogue/export', roles: USERS, scope: 'filter' },
  { operationId: 'exportCatalogueXlsx', method: 'get', path: '/api/catalogue/export.xlsx', roles: USERS, scope: 'filter' },
  // Each row's region is checked against the caller's scope (a row outside it fails in the report).
  { operationId: 'importCatalogue', method: 'post', path: '/api/catalogue/import', roles: ITEM_EDITORS, scope: 'filter' },
  // ── end catalogue ──

  // ── cases ── 办件: case id = engine instance id, so `instance` scope applies (README "Cases (办件)")
  { operationId: 'createCase', method: 'post', path: '/api/cases', roles: ['admin', 'clerk', 'adapter'], scope: 'body' },
  { operationId: 'listCases', method: 'get', path: '/api/cases', roles: CASE_READERS, scope: 'filter' },
  { operationId: 'getCase', method: 'get', path: '/api/cases/{id}', roles: [...CASE_READERS, 'adapter'], scope: 'instance' },
  { operationId: 'getCaseReceipt', method: 'get', path: '/api/cases/{id}/receipt', roles: ['admin', 'clerk', 'adapter'], scope: 'instance' },
  { operationId: 'acceptCase', method: 'post', path: '/api/cases/{id}/accept', roles: ['admin', 'clerk'], scope: 'instance' },
  { operationId: 'refuseCase', method: 'post', path: '/api/cases/{id}/refuse', roles: ['admin', 'clerk'], scope: 'instance' },
  { operationId: 'requestSupplement', method: 'post', path: '/api/cases/{id}/supplement', roles: TASK_WORKERS, scope: 'instance' },
  { operationId: 'resubmitCase', method: 'post', path: '/api/cases/{id}/resubmit', roles: ['admin', 'clerk', 'adapter'], scope: 'instance' },
  { operationId: 'startSpecialProcedure', method: 'post', path: '/api/cases/{id}/special-procedure', roles: TASK_WORKERS, scope: 'instance' },
  { operationId: 'endSpecialProcedure', method: 'post', path: '/api/cases/{id}/special-procedure/end', roles: TASK_WORKERS, scope: 'instance' },
  { operationId: 'getCaseTaskForm', method: 'get', path: '/api/cases/{id}/form', roles: TASK_WORKERS, scope: 'instance' },
  { operationId: 'completeCaseTask', method: 'post', path: '/api/cases/{id}/complete-task', roles: TASK_WORKERS, scope: 'instance' },
  // 一件事: a member's certificate or document number on the bundle's case (README "Bundles")
  { operationId: 'recordMemberResult', method: 'post', path: '/api/cases/{id}/members/{member}/result', roles: TASK_WORKERS, scope: 'instance' },
  { operationId: 'withdrawCase', method: 'post', path: '/api/cases/{id}/withdraw', roles: ['admin', 'clerk', 'adapter'], scope: 'instance' },
  { operationId: 'revokeCard', method: 'post', path: '/api/cases/{id}/cards/revoke', roles: ['admin', 'supervisor'], scope: 'instance' },
  { operationId: 'resolveFollowUp', method: 'post', path: '/api/cases/{id}/follow-up/resolve', roles: ['admin', 'supervisor'], scope: 'instance' },
  // 网上申请: the applicant applies on the public pages (items offered online, 在线预审 and up).
  { operationId: 'applyOnline', method: 'post', path: '/api/public/applications', roles: 'public', scope: 'none' },
  // Applicants have no account: case number + ID number, rate-limited per address.
  { operationId: 'lookupProgress', method: 'post', path: '/api/public/progress', roles: 'public', scope: 'none' },
  { operationId: 'rateCase', method: 'post', path: '/api/public/rating', roles: 'public', scope: 'none' },
  // ── supervision ── 电子监察
  { operationId: 'listCards', method: 'get', path: '/api/supervision/cards', roles: ['admin', 'supervisor', 'reviewer'], scope: 'filter' },
  { operationId: 'runSupervisionScan', method: 'post', path: '/api/supervision/scan', roles: ['admin', 'supervisor'], scope: 'filter' },
  { operationId: 'getSupervisionMetrics', method: 'get', path: '/api/supervision/metrics', roles: ['admin', 'supervisor', 'reviewer'], scope: 'filter' },
  { operationId: 'listOverdueCases', method: 'get', path: '/api/supervision/overdue', roles: ['admin', 'supervisor', 'reviewer'], scope: 'filter' },
  { operationId: 'listFollowUps', method: 'get', path: '/api/supervision/follow-ups', roles: ['admin', 'supervisor', 'reviewer'], scope: 'filter' },
  { operationId: 'getSupervisionSettings', method: 'get', path: '/api/supervision/settings', roles: ['admin', 'supervisor', 'reviewer'], scope: 'none' },
  { operationId: 'updateSupervisionSettings', method: 'put', path: '/api/supervision/settings', roles: ADMIN, scope: 'none' },
  // ── audit ── the hash-chained log; the chain is one for the whole system, entries are region-scoped
  { operationId: 'listAuditEntries', method: 'get', path: '/api/audit', roles: ['admin', 'reviewer', 'supervisor'], scope: 'filter' },
  { operationId: 'verifyAuditChain', method: 'get', path: '/api/audit/verify', roles: ['admin', 'reviewer', 'supervisor'], scope: 'none' },
  // ── end cases, supervision, audit ──
  // ── files ── uploads for materials: before submission (unattached, the uploader's own) or to an open case
  { operationId: 'uploadFile', method: 'post', path: '/api/files', roles: ['admin', 'clerk', 'adapter'], scope: 'none' },
  { operationId: 'uploadCaseFile', method: 'post', path: '/api/cases/{id}/files', roles: [...TASK_WORKERS, 'adapter'], scope: 'instance' },
  { operationId: 'listCaseFiles', method: 'get', path: '/api/cases/{id}/files', roles: [...CASE_READERS, 'adapter'], scope: 'instance' },
  { operationId: 'downloadCaseFile', method: 'get', path: '/api/cases/{id}/files/{fileId}', roles: [...CASE_READERS, 'adapter'], scope: 'instance' },
  // Applicants: case number + ID number in the body, as for the progress lookup.
  { operationId: 'uploadPublicFile', method: 'post', path: '/api/public/files', roles: 'public', scope: 'none' },
  { operationId: 'listPublicCaseFiles', method: 'post', path: '/api/public/case-files', roles: 'public', scope: 'none' },
  { operationId: 'downloadPublicCaseFile', method: 'post', path: '/api/public/case-files/{id}', roles: 'public', scope: 'none' },
] as const satisfies readonly RouteSpec[];

export type OperationId = (typeof ROUTES)[number]['operationId'];
export type Route = RouteSpec & { readonly operationId: OperationId };

/** The routes, typed loosely enough to iterate (the `as const` above keeps the ids exact). */
export const ROUTE_TABLE: readonly Route[] = ROUTES;

/** May this actor call this route at all (regions aside)? */
export function allows(route: RouteSpec, actor: Actor): boolean {
  return route.roles !== 'public' && route.roles.includes(actor);
}

/** `/api/instances/{id}` → `/api/instances/:id` (express 5 / path-to-regexp syntax). */
export function expressPath(path: string): string {
  return path.replace(/\{([A-Za-z]+)\}/g, ':$1');
}

/**
 * Finds the route for a method and path: `{ route, params }`, or `{ methods }` listing the
 * methods the path does accept (empty when no route has that path).
 */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { methods: HttpMethod[] } {
  const segments = path.replace(/\/+$/, '').split('/');
  const methods: HttpMethod[] = [];
  for (const route of ROUTE_TABLE) {
    const params = matchPath(route.path.split('/'), segments);
    if (!params) continue;
    if (route.method === method.toLowerCase()) return { route, params };
    methods.push(route.method);
  }
  return { methods };
}

function matchPath(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segments[i]!;
    const name = /^\{([A-Za-z]+)\}$/.exec(p)?.[1];
    if (name !== undefined) {
      if (s === '') return undefined;
      try {
        params[name] = decodeURIComponent(s);
      } catch {
        return undefined;
      }
    } else if (p !== s) {
      return undefined;
    }
  }
  return params;
}
