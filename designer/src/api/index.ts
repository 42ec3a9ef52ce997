/**
 * Every REST call the designer makes, in one place: when a route moves on the server, this is
 * the one line to change.
 */
import type { FileBinding } from '@/lib/files';
import type { ValidationProblem } from '@/lib/problems';
import { problemsFrom } from '@/lib/problems';
import { ApiError, download, request, upload } from './client';
import type * as T from './types';

export type * from './types';

export { ApiError, setToken, setUnauthorizedHandler } from './client';

export const ROUTES = {
  openapi: '/api/openapi.json',
  login: '/api/auth/login',
  me: '/api/me',
  regions: '/api/regions',
  departments: '/api/departments',
  users: '/api/admin/users',
  /** Pickers: users and department:role groups of the caller's own regions (any staff member). */
  directoryUsers: '/api/directory/users',
  directoryGroups: '/api/directory/groups',
  definitions: '/api/definitions',
  definition: (id: string) => `/api/definitions/${enc(id)}`,
  definitionXml: (id: string) => `/api/definitions/${enc(id)}/xml`,
  deployments: '/api/deployments',
  /** Dry-run validation (no deployment). */
  validate: '/api/deployments/validate',

  // engine-level cases and tasks
  instances: '/api/instances',
  instance: (id: string) => `/api/instances/${enc(id)}`,
  instanceVariables: (id: string) => `/api/instances/${enc(id)}/variables`,
  instanceHistory: (id: string) => `/api/instances/${enc(id)}/history`,
  instanceSuspend: (id: string) => `/api/instances/${enc(id)}/suspend`,
  instanceResume: (id: string) => `/api/instances/${enc(id)}/resume`,
  instanceTerminate: (id: string) => `/api/instances/${enc(id)}/terminate`,
  tasks: '/api/tasks',
  task: (id: string) => `/api/tasks/${enc(id)}`,
  /** complete, claim, unclaim, transfer, delegate, resolve, signers, remove-signer, return, cc, comments */
  taskCommand: (id: string, command: string) => `/api/tasks/${enc(id)}/${command}`,

  // catalogue (事项目录)
  items: '/api/items',
  item: (id: string) => `/api/items/${enc(id)}`,
  itemVersions: (id: string) => `/api/items/${enc(id)}/versions`,
  itemSubmit: (id: string) => `/api/items/${enc(id)}/submit`,
  itemReview: (id: string) => `/api/items/${enc(id)}/review`,
  itemPublish: (id: string) => `/api/items/${enc(id)}/publish`,
  itemRetire: (id: string) => `/api/items/${enc(id)}/retire`,
  itemDiff: (id: string) => `/api/items/${enc(id)}/diff`,
  /** Derive a lower-level item from a template (town workspace). */
  itemDerive: (id: string) => `/api/items/${enc(id)}/derive`,

  // cases (办件): a case's id is its process instance id
  cases: '/api/cases',
  case: (id: string) => `/api/cases/${enc(id)}`,
  /** accept, refuse, supplement, resubmit, special-procedure, complete-task, withdraw, receipt, form */
  caseCommand: (id: string, command: string) => `/api/cases/${enc(id)}/${command}`,
  supervisionCards: '/api/supervision/cards',
  supervisionMetrics: '/api/supervision/metrics',
  supervisionOverdue: '/api/supervision/overdue',
  supervisionScan: '/api/supervision/scan',
  audit: '/api/audit',
  auditVerify: '/api/audit/verify',
  publicApplications: '/api/public/applications',
  publicProgress: '/api/public/progress',
  publicRating: '/api/public/rating',
  // files of cases (申请材料的电子件)
  files: '/api/files',
  caseFiles: (caseId: string) => `/api/cases/${enc(caseId)}/files`,
  caseFile: (caseId: string, fileId: string) => `/api/cases/${enc(caseId)}/files/${enc(fileId)}`,
  publicFiles: '/api/public/files',
  publicCaseFiles: '/api/public/case-files',
  publicCaseFile: (fileId: string) => `/api/public/case-files/${enc(fileId)}`,
} as const;

function enc(value: string): string {
  return encodeURIComponent(value);
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  /** null: every region (administrators). */
  regionCode: string | null;
  departmentId: string | null;
  /** Candidate groups (`department:role`) the user belongs to. */
  groups?: string[];
}

export interface Region {
  code: string;
  name: string;
}

export interface DefinitionSummary {
  id: string;
  key: string;
  version: number;
  name: string | null;
  resource: string;
  createdAt: string;
}

export interface Resource {
  name: string;
  xml: string;
}

export interface DeploymentResult {
  deploymentId: string;
  definitions: (DefinitionSummary & { isNew?: boolean })[];
}

export function login(username: string, password: string): Promise<{ token: string; user: User }> {
  return request('POST', ROUTES.login, { username, password });
}

export function me(): Promise<User> {
  return request('GET', ROUTES.me);
}

/** Regions at and below `under` (all when absent). */
export function listRegions(under?: string | null): Promise<Region[]> {
  const q = under ? `?under=${encodeURIComponent(under)}` : '';
  return request<Region[] | { items: Region[] }>('GET', `${ROUTES.regions}${q}`).then((r) => (Array.isArray(r) ? r : r.items));
}

export function listDefinitions(): Promise<DefinitionSummary[]> {
  return request<DefinitionSummary[] | { items: DefinitionSummary[] }>('GET', ROUTES.definitions).then((r) => (Array.isArray(r) ? r : r.items));
}

export function definitionXml(id: string): Promise<string> {
  return request('GET', ROUTES.definitionXml(id), undefined, 'text');
}

export async function validate(resources: Resource[]): Promise<ValidationProblem[]> {
  return problemsFrom(await request('POST', ROUTES.validate, { resources }));
}

/** Deploys; a 422 comes back as `{ problems }` instead of an exception. */
export async function deploy(name: string, resources: Resource[]): Promise<{ result?: DeploymentResult; problems: ValidationProblem[] }> {
  try {
    return { result: await request<DeploymentResult>('POST', ROUTES.deployments, { name, resources }), problems: [] };
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) {
      const problems = problemsFrom(err.body);
      if (problems.length > 0) return { problems };
    }
    throw err;
  }
}

// ---- what the server offers -----------------------------------------------------------------

let capabilities: Promise<Set<string>> | undefined;

function normalizePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}');
}

/**
 * Routes the running server has built (from its OpenAPI document; routes marked "not built yet"
 * excluded). Screens whose routes are missing say so instead of calling them, so the browser
 * shows no 404s while the catalogue and case routes are being added.
 */
export function loadCapabilities(): Promise<Set<string>> {
  capabilities ??= request<{ paths?: Record<string, Record<string, Record<string, unknown>>> }>('GET', ROUTES.openapi)
    .then((doc) => {
      const set = new Set<string>();
      for (const [path, ops] of Object.entries(doc.paths ?? {})) {
        for (const [method, op] of Object.entries(ops)) {
          if (typeof op === 'object' && op && !('x-not-implemented-until' in op)) set.add(`${method.toUpperCase()} ${normalizePath(path)}`);
        }
      }
      return set;
    })
    .catch(() => new Set<string>());
  return capabilities;
}

/** True when the server has `METHOD path` (path with `{}` or `{name}` for parameters). */
export async function hasRoute(method: string, path: string): Promise<boolean> {
  return (await loadCapabilities()).has(`${method.toUpperCase()} ${normalizePath(path)}`);
}

/** Forget the cached document (tests, or after a server upgrade). */
export function resetCapabilities(): void {
  capabilities = undefined;
}

function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function itemsOf<X>(r: X[] | { items: X[] }): X[] {
  return Array.isArray(r) ? r : r.items;
}

// ---- directory ------------------------------------------------------------------------------

export function listDepartments(regionCode?: string | null): Promise<T.Department[]> {
  return request<T.Department[] | { items: T.Department[] }>('GET', `${ROUTES.departments}${qs({ regionCode })}`).then(itemsOf);
}

export interface DirectoryQuery {
  q?: string;
  departmentId?: string;
  regionCode?: string;
  limit?: number;
}

/** Colleagues in the caller's regions, for pickers (names, department and region only). */
export function searchUsers(query: DirectoryQuery = {}): Promise<T.DirectoryUser[]> {
  return request<{ items: T.DirectoryUser[] }>('GET', `${ROUTES.directoryUsers}${qs({ ...query, q: query.q?.trim() })}`).then(itemsOf);
}

/** Candidate groups (department:role) in the caller's regions, for pickers. */
export function searchGroups(query: Omit<DirectoryQuery, 'departmentId'> = {}): Promise<T.DirectoryGroup[]> {
  return request<{ items: T.DirectoryGroup[] }>('GET', `${ROUTES.directoryGroups}${qs({ ...query, q: query.q?.trim() })}`).then(itemsOf);
}

export function getDefinition(id: string): Promise<DefinitionSummary> {
  return request('GET', ROUTES.definition(id));
}

// ---- instances and tasks ------------------------------------------------------------------

export interface TaskQuery {
  mine?: boolean;
  instanceId?: string;
  processKey?: string;
  businessKey?: string;
  limit?: number;
  offset?: number;
}

export function listTasks(query: TaskQuery = {}): Promise<T.Page<T.Task>> {
  return request('GET', `${ROUTES.tasks}${qs({ ...query })}`);
}

export function getTask(id: string): Promise<T.Task> {
  return request('GET', ROUTES.task(id));
}

export function getInstance(id: string): Promise<T.Instance> {
  return request('GET', ROUTES.instance(id));
}

export function instanceHistory(id: string): Promise<import('@/lib/workbench/history').HistoryEvent[]> {
  return request<{ events: import('@/lib/workbench/history').HistoryEvent[] }>('GET', ROUTES.instanceHistory(id)).then((r) => r.events);
}

export interface StartCase {
  processKey: string;
  businessKey?: string;
  regionCode?: string;
  departmentId?: string;
  variables?: Record<string, unknown>;
}

export function startInstance(body: StartCase): Promise<T.Instance> {
  return request('POST', ROUTES.instances, body);
}

export function suspendInstance(id: string, reason: string): Promise<T.Instance> {
  return request('POST', ROUTES.instanceSuspend(id), { reason });
}

export function resumeInstance(id: string): Promise<T.Instance> {
  return request('POST', ROUTES.instanceResume(id), {});
}

export function terminateInstance(id: string, reason: string): Promise<T.Instance> {
  return request('POST', ROUTES.instanceTerminate(id), { reason });
}

export function setInstanceVariables(id: string, variables: Record<string, unknown>): Promise<{ variables: Record<string, unknown> }> {
  return request('PATCH', ROUTES.instanceVariables(id), { variables });
}

const withComment = (comment: string | undefined) => (comment ? { comment } : {});

export function completeTask(id: string, body: { outcome?: string; variables?: Record<string, unknown>; comment?: string }): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'complete'), { ...(body.outcome ? { outcome: body.outcome } : {}), ...(body.variables ? { variables: body.variables } : {}), ...withComment(body.comment) });
}
export function claimTask(id: string): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'claim'));
}
export function unclaimTask(id: string): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'unclaim'));
}
export function transferTask(id: string, to: string, comment?: string): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'transfer'), { to, ...withComment(comment) });
}
export function delegateTask(id: string, to: string, comment?: string): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'delegate'), { to, ...withComment(comment) });
}
export function resolveTask(id: string, comment?: string, variables?: Record<string, unknown>): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'resolve'), { ...withComment(comment), ...(variables ? { variables } : {}) });
}
export function addSigners(id: string, signers: string[], position: 'before' | 'after' | 'parallel', comment?: string): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'signers'), { signers, position, ...withComment(comment) });
}
export function returnTask(id: string, target: string, comment?: string): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'return'), { target, ...withComment(comment) });
}
export function ccTask(id: string, users: string[], groups: string[], comment?: string): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'cc'), { users, groups, ...withComment(comment) });
}
export function commentTask(id: string, text: string): Promise<void> {
  return request('POST', ROUTES.taskCommand(id, 'comments'), { text });
}

/** The form at a task's step (hidden fields removed, read-only ones marked), when the task belongs to a case. */
export async function taskForm(caseId: string, taskId: string): Promise<T.StepForm | undefined> {
  if (!(await hasRoute('GET', '/api/cases/{}/form'))) return undefined;
  return request('GET', `${ROUTES.caseCommand(caseId, 'form')}${qs({ taskId })}`);
}

// ---- cases (办件) ----------------------------------------------------------------------------

export async function casesAvailable(): Promise<boolean> {
  return hasRoute('GET', ROUTES.cases);
}

export interface CaseFilter {
  status?: string;
  caseNo?: string;
  itemId?: string;
  regionCode?: string | null;
  departmentId?: string;
  limit?: number;
  offset?: number;
}

export function listCases(filter: CaseFilter = {}): Promise<T.Page<T.CaseSummary>> {
  return request('GET', `${ROUTES.cases}${qs({ ...filter })}`);
}

/** The case behind a task: by case number (the business key), when the case routes exist. */
export async function findCase(caseNo: string | null | undefined): Promise<T.Case | undefined> {
  if (!caseNo || !/^[0-9A-Za-z]+$/.test(caseNo) || !(await casesAvailable())) return undefined;
  const found = (await listCases({ caseNo, limit: 1 })).items[0];
  return found ? getCase(found.id) : undefined;
}

export function getCase(id: string): Promise<T.Case> {
  return request('GET', ROUTES.case(id));
}

export function createCase(body: { itemId: string; regionCode?: string; channel: 'window' | 'online' | 'villageAgent'; applicant: T.Applicant; materials?: T.ReceivedMaterial[]; situationId?: string; formData?: Record<string, unknown> }): Promise<T.Case> {
  return request('POST', ROUTES.cases, body);
}

export function caseReceipt(id: string): Promise<T.CaseReceipt> {
  return request('GET', ROUTES.caseCommand(id, 'receipt'));
}

export function acceptCase(id: string, comment?: string, materials?: T.ReceivedMaterial[], result?: T.CaseResult): Promise<T.Case> {
  return request('POST', ROUTES.caseCommand(id, 'accept'), { ...withComment(comment), ...(materials?.length ? { materials } : {}), ...(result ? { result } : {}) });
}

export function refuseCase(id: string, reason: string): Promise<T.Case> {
  return request('POST', ROUTES.caseCommand(id, 'refuse'), { reason });
}

export function requestSupplement(id: string, missing: string[], reason?: string): Promise<T.Case> {
  return request('POST', ROUTES.caseCommand(id, 'supplement'), { missingMaterials: missing.map((name) => ({ name })), ...(reason ? { reason } : {}) });
}

/** 补正提交: the applicant brought what was missing; the case clock runs again. */
export function resubmitCase(id: string, materials: T.ReceivedMaterial[], comment?: string): Promise<T.Case> {
  return request('POST', ROUTES.caseCommand(id, 'resubmit'), { channel: 'window', ...(materials.length ? { materials } : {}), ...withComment(comment) });
}

/** 办理: completes a step of a case with its form data; the server enforces field permissions. */
export function completeCaseTask(id: string, body: { taskId: string; outcome?: string; comment?: string; formData?: Record<string, unknown>; result?: Record<string, unknown> }): Promise<T.Case> {
  return request('POST', ROUTES.caseCommand(id, 'complete-task'), body);
}

/**
 * A window decision on a task: accept (受理), refuse (不予受理), supplement (补正). Through the
 * case routes when the task belongs to a case; for a bare process instance (no case), through
 * the engine: accept completes the task, refuse terminates the instance with the reason,
 * supplement suspends it (its timers stop).
 */
export async function caseDecision(
  kind: 'accept' | 'refuse' | 'supplement',
  ctx: { task: T.Task; caseId?: string; comment: string; missing?: string[]; materials?: T.ReceivedMaterial[]; result?: T.CaseResult },
): Promise<void> {
  if (ctx.caseId) {
    if (kind === 'accept') await acceptCase(ctx.caseId, ctx.comment || undefined, ctx.materials, ctx.result);
    else if (kind === 'refuse') await refuseCase(ctx.caseId, ctx.comment);
    else await requestSupplement(ctx.caseId, ctx.missing?.length ? ctx.missing : [ctx.comment], ctx.comment);
    return;
  }
  if (kind === 'accept') await completeTask(ctx.task.id, { outcome: 'approve', variables: { accepted: true }, comment: ctx.comment });
  else if (kind === 'refuse') await terminateInstance(ctx.task.rootInstanceId, `不予受理：${ctx.comment}`);
  else await suspendInstance(ctx.task.rootInstanceId, `补正：${ctx.comment}${ctx.missing?.length ? `（${ctx.missing.join('、')}）` : ''}`);
}

// ---- catalogue ------------------------------------------------------------------------------

export interface ItemFilter {
  q?: string;
  regionCode?: string | null;
  departmentId?: string;
  itemType?: string;
  theme?: string;
  status?: string;
  isTemplate?: boolean;
  templateId?: string;
  limit?: number;
  offset?: number;
}

export async function catalogueAvailable(): Promise<boolean> {
  return hasRoute('GET', ROUTES.items);
}

export function listItems(filter: ItemFilter = {}): Promise<T.Page<T.ItemSummary>> {
  return request('GET', `${ROUTES.items}${qs({ ...filter })}`);
}

export function getItem(id: string): Promise<T.ItemDetail> {
  return request('GET', ROUTES.item(id));
}

/** Creates an item (version 1, a draft); a 422 ITEM_INVALID carries `details.problems`. */
export function createItem(body: { baseCode: string; implCode: string; regionCode: string; isTemplate?: boolean; kind?: 'item' | 'bundle'; data: T.ItemData }): Promise<T.ItemDetail> {
  return request('POST', ROUTES.items, body);
}

/** Saves the draft (a new draft version when none is open). */
export function saveDraft(id: string, change: { data?: T.ItemData; parameters?: Record<string, unknown>; name?: string }): Promise<T.ItemVersion> {
  return request('PATCH', ROUTES.item(id), change);
}

export function listVersions(id: string): Promise<T.ItemVersion[]> {
  return request<{ items: T.ItemVersion[] }>('GET', ROUTES.itemVersions(id)).then((r) => r.items);
}

export function submitItem(id: string): Promise<T.ItemVersion> {
  return request('POST', ROUTES.itemSubmit(id));
}

export function reviewItem(id: string, decision: 'approve' | 'reject', comment?: string): Promise<T.ItemVersion> {
  return request('POST', ROUTES.itemReview(id), { decision, ...withComment(comment) });
}

export function publishItem(id: string): Promise<T.ItemVersion> {
  return request('POST', ROUTES.itemPublish(id));
}

export function itemDiff(id: string, version?: number): Promise<T.ItemDiff> {
  return request('GET', `${ROUTES.itemDiff(id)}${qs({ version })}`);
}

/** Templates offered from upper levels (and the user's own level). */
export function listTemplates(): Promise<T.ItemSummary[]> {
  return listItems({ isTemplate: true, limit: 200 }).then((p) => p.items);
}

export function deriveItem(templateId: string, body: { regionCode: string; parameters: Record<string, unknown>; implCode?: string; name?: string }): Promise<T.ItemDetail> {
  return request('POST', ROUTES.itemDerive(templateId), body);
}

// ---- supervision, audit, public -----------------------------------------------------------

export async function supervisionAvailable(): Promise<boolean> {
  return hasRoute('GET', ROUTES.supervisionCards);
}

export function supervisionCards(filter: { level?: 'yellow' | 'red'; active?: boolean; regionCode?: string | null; limit?: number } = {}): Promise<T.Page<T.Card>> {
  return request('GET', `${ROUTES.supervisionCards}${qs({ ...filter })}`);
}

export function supervisionMetrics(q: { from: string; to: string; groupBy: 'department' | 'region'; regionCode?: string | null }): Promise<T.SupervisionMetrics> {
  return request('GET', `${ROUTES.supervisionMetrics}${qs({ ...q })}`);
}

export function supervisionOverdue(regionCode?: string | null): Promise<T.Page<T.OverdueCase>> {
  return request('GET', `${ROUTES.supervisionOverdue}${qs({ regionCode, limit: 200 })}`);
}

export function runSupervisionScan(): Promise<{ checked: number; issued: unknown[] }> {
  return request('POST', ROUTES.supervisionScan);
}

export async function auditAvailable(): Promise<boolean> {
  return hasRoute('GET', ROUTES.audit);
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actorId?: string;
  operationId?: string;
  targetId?: string;
  outcome?: 'success' | 'denied' | 'failed';
  limit?: number;
  offset?: number;
}

export function auditLog(filter: AuditFilter): Promise<T.Page<T.AuditEntry>> {
  return request('GET', `${ROUTES.audit}${qs({ ...filter })}`);
}

export function verifyAudit(): Promise<T.AuditVerification> {
  return request('GET', ROUTES.auditVerify);
}

/** 办件进度查询 (no sign-in): case number plus the applicant's ID number, in the body, never in the URL. */
/** 网上申请 without an account; answers with the receipt (its case number opens the progress lookup). */
export function applyOnline(body: { itemId: string; applicant: T.Applicant; situationId?: string; formData: unknown; /** Uploaded materials (`file:<id>`, MaterialUploads.vue). */ files?: string[] }): Promise<T.CaseReceipt> {
  return request('POST', ROUTES.publicApplications, body);
}

export function publicProgress(caseNo: string, idNumber: string): Promise<T.CaseProgress> {
  return request('POST', ROUTES.publicProgress, { caseNo, idNumber });
}

export function rateCase(caseNo: string, idNumber: string, score: number, comment?: string): Promise<unknown> {
  return request('POST', ROUTES.publicRating, { caseNo, idNumber, score, ...withComment(comment) });
}

/** 撤销黄牌/红牌 with a reason (supervisor). */
export function revokeCard(caseId: string, cardId: string, reason: string): Promise<unknown> {
  return request('POST', ROUTES.caseCommand(caseId, 'cards/revoke'), { cardId, reason });
}

/** The published version of an item for the public guide, when the server offers a public route; else signed-in reading. */
export const PUBLIC_ITEM_ROUTE = '/api/public/items/{id}';

/**
 * The published item for the 办事指南 page: through a public route when the server has one,
 * else through the signed-in catalogue route; `undefined` when neither is possible (no public
 * route and nobody signed in).
 */
export async function publishedItemForGuide(id: string, signedIn: boolean): Promise<{ detail: T.ItemDetail; via: 'public' | 'session' } | undefined> {
  if (await hasRoute('GET', PUBLIC_ITEM_ROUTE)) return { detail: await request<T.ItemDetail>('GET', `/api/public/items/${enc(id)}`), via: 'public' };
  if (!signedIn) return undefined;
  return { detail: await getItem(id), via: 'session' };
}

// ---- files of cases -------------------------------------------------------------------------

export interface FileUpload {
  file: Blob;
  /** The accepted media type (lib/files.ts `uploadType`). */
  contentType: string;
  name: string;
  materialId?: string;
}

const uploadQuery = (u: FileUpload) => qs({ name: u.name, materialId: u.materialId });

/** To an open case (staff). */
export function uploadCaseFile(caseId: string, u: FileUpload): Promise<T.StoredFile> {
  return upload(`${ROUTES.caseFiles(caseId)}${uploadQuery(u)}`, u.file, u.contentType);
}

/** Before the case exists: attached when the submission's form data refers to it (staff, online hall). */
export function uploadFile(u: FileUpload): Promise<T.StoredFile> {
  return upload(`${ROUTES.files}${uploadQuery(u)}`, u.file, u.contentType);
}

/** For the online application, without an account. */
export function uploadPublicFile(u: FileUpload): Promise<T.PublicFile> {
  return upload(`${ROUTES.publicFiles}${uploadQuery(u)}`, u.file, u.contentType);
}

export function listCaseFiles(caseId: string): Promise<T.StoredFile[]> {
  return request<{ items: T.StoredFile[] }>('GET', ROUTES.caseFiles(caseId)).then(itemsOf);
}

export function downloadCaseFile(caseId: string, fileId: string): Promise<Blob> {
  return download('GET', ROUTES.caseFile(caseId, fileId));
}

/** The applicant's own case: case number + ID number (in the body, never the URL). */
export function publicCaseFiles(caseNo: string, idNumber: string): Promise<T.PublicFile[]> {
  return request<{ items: T.PublicFile[] }>('POST', ROUTES.publicCaseFiles, { caseNo, idNumber }).then(itemsOf);
}

export function downloadPublicCaseFile(fileId: string, caseNo: string, idNumber: string): Promise<Blob> {
  return download('POST', ROUTES.publicCaseFile(fileId), { caseNo, idNumber });
}

/** File fields of the online application (FormRenderer `files`): uploads without an account; the form keeps `file:<id>`. */
export const publicFileBinding: FileBinding = {
  async upload(file, contentType, materialId) {
    const stored = await uploadPublicFile({ file, contentType, name: file.name, ...(materialId ? { materialId } : {}) });
    return { name: stored.name, ref: stored.ref };
  },
};
