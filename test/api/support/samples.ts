/**
 * One valid request per route, built fresh for each call (a task can be completed only once),
 * for an object inside or outside the fixtures' town. The permission matrix and the generated
 * 400/401/404 tests use these, so every route of the route table is exercised the same way.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Response } from 'supertest';
import type { OperationId } from '../../../runtime-api/src/routes/route-table.js';
import { newApiKey } from '../../../runtime-api/src/identity/api-keys.js';
import type { Actor } from '../../../runtime-api/src/identity/roles.js';
import * as sql from '../../../runtime-api/src/store/sql.js';
import { definitionsXml } from '../../support/bpmn.js';
// ── catalogue ──
import { CATALOG_SAMPLES } from '../catalog/samples.js';
// ── cases ── ── supervision ── ── audit ──
import { CASE_SAMPLES } from '../cases/samples.js';
import { FILE_SAMPLES } from '../files/samples.js';
import { FIXTURE_PASSWORD, type Harness, INSIDE_TOWN, INSIDE_VILLAGE, OUTSIDE_VILLAGE } from './harness.js';

export type Place = 'inside' | 'outside';

export interface Sample {
  readonly path: string;
  readonly body?: unknown;
  /** The body's media type when it is not JSON (file uploads send raw bytes). */
  readonly contentType?: string;
  /** Extra assertions on a successful answer (e.g. what a listing shows). */
  readonly check?: (res: Response, actor: Actor, place: Place) => void;
}

type Builder = (h: Harness, place: Place, actor: Actor) => Promise<Sample>;

const unique = () => randomBytes(4).toString('hex');
const regionOf = (place: Place) => (place === 'inside' ? INSIDE_VILLAGE : OUTSIDE_VILLAGE);

export const SIMPLE_BPMN = definitionsXml(
  '<process id="api_deployed" isExecutable="true"><startEvent id="s"/><endEvent id="e"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/></process>',
);

/** A listing filtered to one object of `place`: non-admins see it only inside their region. */
function visibility(res: Response, actor: Actor, place: Place): void {
  const seen = (res.body as { total: number }).total;
  expect(seen, `${actor} ${place}`).to.equal(place === 'inside' || actor === 'admin' ? 1 : 0);
}

let regionCounter = 100;

async function throwawayUser(h: Harness, regionCode: string = INSIDE_TOWN, departmentId: string | null = null): Promise<string> {
  const id = `tmp-${unique()}`;
  await sql.insertUser(h.server.context.knex, { id, username: id, displayName: 'tmp', passwordHash: 'x', regionCode, departmentId });
  return id;
}

/** A picker's answer (no total): the one match of `place`, seen only inside the caller's regions. */
function pickerVisibility(res: Response, actor: Actor, place: Place): void {
  const seen = (res.body as { items: unknown[] }).items.length;
  expect(seen, `${actor} ${place}`).to.equal(place === 'inside' || actor === 'admin' ? 1 : 0);
}

/** Someone other than the actor who may work the fixtures' tasks. */
const otherWorker = (actor: Actor) => (actor === 'admin' ? 'user-clerk' : 'user-admin');
const ignore = () => undefined;

async function taskFor(h: Harness, place: Place, processKey = 'api_task'): Promise<string> {
  return h.openTask(await h.startCase(regionOf(place), { processKey }));
}

async function openJob(h: Harness, place: Place): Promise<string> {
  const instanceId = await h.startCase(regionOf(place), { processKey: 'api_job' });
  const [job] = await h.server.engine.queryJobs({ instanceId });
  return job!.id;
}

async function lockedJob(h: Harness, place: Place): Promise<string> {
  const id = await openJob(h, place);
  await h.server.context.knex.raw(`update tb_job set locked_by = 'w1', lock_expires_at = now() + interval '1 hour' where id = ?`, [id]);
  return id;
}

export const SAMPLES: Record<Exclude<OperationId, 'login'>, Builder> = {
  getMe: async () => ({ path: '/api/me' }),
  changeMyPassword: async () => ({ path: '/api/me/password', body: { currentPassword: FIXTURE_PASSWORD, newPassword: FIXTURE_PASSWORD } }),
  listRegions: async () => ({ path: '/api/regions' }),
  listDepartments: async () => ({ path: '/api/departments' }),
  // A colleague (and a department with a clerk) in `place`: pickers show them only inside the caller's regions.
  searchDirectoryUsers: async (h, place) => {
    const id = await throwawayUser(h, regionOf(place));
    return { path: `/api/directory/users?q=${id}`, check: pickerVisibility };
  },
  searchDirectoryGroups: async (h, place) => {
    const departmentId = `dept-${unique()}`;
    await sql.insertDepartment(h.server.context.knex, { id: departmentId, name: '待选部门', regionCode: regionOf(place) });
    const userId = await throwawayUser(h, regionOf(place), departmentId);
    await sql.replaceRoles(h.server.context.knex, userId, [{ role: 'clerk', regionCode: regionOf(place) }]);
    return { path: `/api/directory/groups?q=${departmentId}`, check: pickerVisibility };
  },

  createDeployment: async () => ({ path: '/api/deployments', body: { name: 'm', resources: [{ name: 'm.bpmn', xml: SIMPLE_BPMN }] } }),
  validateDeployment: async () => ({ path: '/api/deployments/validate', body: { resources: [{ name: 'm.bpmn', xml: SIMPLE_BPMN }] } }),
  listDefinitions: async () => ({ path: '/api/definitions' }),
  getDefinition: async () => ({ path: '/api/definitions/api_task:1' }),
  getDefinitionXml: async () => ({ path: '/api/definitions/api_task:1/xml' }),

  startInstance: async (_h, place) => ({ path: '/api/instances', body: { processKey: 'api_task', regionCode: regionOf(place) } }),
  listInstances: async (h, place) => {
    const businessKey = `BK-${unique()}`;
    await h.startCase(regionOf(place), { businessKey });
    return { path: `/api/instances?businessKey=${businessKey}`, check: visibility };
  },
  getInstance: async (h, place) => ({ path: `/api/instances/${await h.startCase(regionOf(place))}` }),
  getInstanceVariables: async (h, place) => ({ path: `/api/instances/${await h.startCase(regionOf(place))}/variables` }),
  setInstanceVariables: async (h, place) => ({ path: `/api/instances/${await h.startCase(regionOf(place))}/variables`, body: { variables: { checked: true } } }),
  terminateInstance: async (h, place) => ({ path: `/api/instances/${await h.startCase(regionOf(place))}/terminate`, body: { reason: '申请人撤回' } }),
  suspendInstance: async (h, place) => ({ path: `/api/instances/${await h.startCase(regionOf(place))}/suspend`, body: { reason: '补正' } }),
  resumeInstance: async (h, place) => {
    const id = await h.startCase(regionOf(place));
    await h.server.engine.suspendInstance(id, { reason: '补正' });
    return { path: `/api/instances/${id}/resume`, body: {} };
  },
  withdrawInstance: async (h, place, actor) => ({
    path: `/api/instances/${await h.startCase(regionOf(place), { userId: h.as[actor].id })}/withdraw`,
    body: { comment: '申请人撤回' },
  }),
  moveToken: async (h, place) => ({
    path: `/api/instances/${await h.startCase(regionOf(place))}/move`,
    body: { fromElementId: 'work', toElementId: 'work', reason: '退回重办' },
  }),
  getInstanceHistory: async (h, place) => ({ path: `/api/instances/${await h.startCase(regionOf(place))}/history` }),

  listTasks: async (h, place) => {
    const businessKey = `BK-${unique()}`;
    await h.startCase(regionOf(place), { businessKey });
    return { path: `/api/tasks?businessKey=${businessKey}`, check: visibility };
  },
  getTask: async (h, place) => ({ path: `/api/tasks/${await taskFor(h, place)}` }),
  completeTask: async (h, place) => ({ path: `/api/tasks/${await taskFor(h, place)}/complete`, body: { outcome: 'approve', comment: '同意' } }),
  claimTask: async (h, place) => ({ path: `/api/tasks/${await taskFor(h, place)}/claim` }),
  unclaimTask: async (h, place, actor) => {
    const task = await taskFor(h, place);
    await h.server.engine.claimTask(task, h.as[actor].id).catch(ignore); // not a candidate: refused by role anyway
    return { path: `/api/tasks/${task}/unclaim` };
  },
  transferTask: async (h, place) => ({ path: `/api/tasks/${await taskFor(h, place)}/transfer`, body: { to: 'user-approver', comment: '转市场科' } }),
  delegateTask: async (h, place) => ({ path: `/api/tasks/${await taskFor(h, place)}/delegate`, body: { to: 'user-approver' } }),
  resolveTask: async (h, place, actor) => {
    const task = await taskFor(h, place);
    const owner = otherWorker(actor);
    await h.server.engine.claimTask(task, owner);
    await h.server.engine.delegateTask(task, h.as[actor].id, { userId: owner }).catch(ignore);
    return { path: `/api/tasks/${task}/resolve`, body: { comment: '已核实' } };
  },
  addSigners: async (h, place) => ({ path: `/api/tasks/${await taskFor(h, place)}/signers`, body: { signers: ['user-supervisor'], position: 'after' } }),
  removeSigner: async (h, place) => {
    const task = await taskFor(h, place);
    await h.server.engine.addSigner(task, ['user-supervisor'], { position: 'parallel', userId: 'user-admin' });
    return { path: `/api/tasks/${task}/remove-signer`, body: { signer: 'user-supervisor' } };
  },
  returnTask: async (h, place) => {
    const instanceId = await h.startCase(regionOf(place), { processKey: 'api_two' });
    await h.server.engine.completeTask(await h.openTask(instanceId), { userId: 'user-admin' });
    return { path: `/api/tasks/${await h.openTask(instanceId)}/return`, body: { target: 'first', comment: '材料不全' } };
  },
  ccTask: async (h, place) => ({ path: `/api/tasks/${await taskFor(h, place)}/cc`, body: { users: ['user-supervisor'], groups: ['town-in:clerk'] } }),
  commentTask: async (h, place) => ({ path: `/api/tasks/${await taskFor(h, place)}/comments`, body: { text: '请补充营业执照', attachments: [{ name: '说明.pdf', ref: 'files/1' }] } }),

  correlateMessage: async (h, place) => {
    const caseNo = `C-${unique()}`;
    await h.startCase(regionOf(place), { processKey: 'api_message', variables: { caseNo } });
    return { path: '/api/messages', body: { name: 'api-paid', correlationKey: caseNo, variables: { paid: true } } };
  },
  broadcastSignal: async () => ({ path: '/api/signals', body: { name: 'hall-closed' } }),
  listJobs: async (h, place) => {
    const instanceId = await h.startCase(regionOf(place), { processKey: 'api_job' });
    return { path: `/api/jobs?instanceId=${instanceId}`, check: visibility };
  },
  completeJob: async (h, place) => ({ path: `/api/jobs/${await openJob(h, place)}/complete`, body: { variables: { pushed: true } } }),
  throwJobBpmnError: async (h, place) => ({ path: `/api/jobs/${await openJob(h, place)}/bpmn-error`, body: { errorCode: 'FAIL', message: '部门系统拒绝' } }),
  // ── external tasks ── a job locked by worker "w1" (the lock is set directly: fetching would take any job of the topic).
  fetchAndLock: async () => ({ path: '/api/external-tasks/fetchAndLock', body: { workerId: `w-${unique()}`, maxTasks: 1, topics: [{ topicName: 'no-such-topic', lockDuration: 1000 }] } }),
  completeExternalTask: async (h, place) => ({ path: `/api/external-tasks/${await lockedJob(h, place)}/complete`, body: { workerId: 'w1', variables: { pushed: true } } }),
  failExternalTask: async (h, place) => ({ path: `/api/external-tasks/${await lockedJob(h, place)}/failure`, body: { workerId: 'w1', errorMessage: 'timeout', retries: 2, retryTimeout: 1000 } }),
  externalTaskBpmnError: async (h, place) => ({ path: `/api/external-tasks/${await lockedJob(h, place)}/bpmnError`, body: { workerId: 'w1', errorCode: 'FAIL' } }),
  extendExternalTaskLock: async (h, place) => ({ path: `/api/external-tasks/${await lockedJob(h, place)}/extendLock`, body: { workerId: 'w1', newDuration: 60000 } }),
  unlockExternalTask: async (h, place) => ({ path: `/api/external-tasks/${await lockedJob(h, place)}/unlock` }),
  retryJob: async (h, place) => ({ path: `/api/jobs/${await openJob(h, place)}/retry` }),
  listIncidents: async (h, place) => {
    const instanceId = await h.startCase(regionOf(place), { processKey: 'api_job' });
    return { path: `/api/incidents?instanceId=${instanceId}`, check: (res) => expect((res.body as { total: number }).total).to.equal(0) };
  },

  createRegion: async () => ({ path: '/api/admin/regions', body: { code: `${INSIDE_TOWN}${++regionCounter}`, name: '新社区' } }),
  updateRegion: async () => ({ path: `/api/admin/regions/${INSIDE_VILLAGE}`, body: { name: '五山社区' } }),
  deleteRegion: async (h) => {
    const code = `${INSIDE_TOWN}${++regionCounter}`;
    await sql.insertRegion(h.server.context.knex, { code, name: '待删', level: 'village', parentCode: INSIDE_TOWN });
    return { path: `/api/admin/regions/${code}` };
  },
  createDepartment: async () => ({ path: '/api/admin/departments', body: { id: `dept-${unique()}`, name: '新部门', regionCode: INSIDE_TOWN } }),
  updateDepartment: async () => ({ path: '/api/admin/departments/district', body: { name: '天河区政务服务中心' } }),
  deleteDepartment: async (h) => {
    const id = `dept-${unique()}`;
    await sql.insertDepartment(h.server.context.knex, { id, name: '待删', regionCode: INSIDE_TOWN });
    return { path: `/api/admin/departments/${id}` };
  },
  listUsers: async () => ({ path: '/api/admin/users?limit=5' }),
  createUser: async () => ({
    path: '/api/admin/users',
    body: { username: `u${unique()}`, displayName: '新用户', password: 'new-password-1', regionCode: INSIDE_TOWN, roles: [{ role: 'clerk', regionCode: INSIDE_TOWN }] },
  }),
  getUser: async () => ({ path: '/api/admin/users/user-clerk' }),
  updateUser: async (h) => ({ path: `/api/admin/users/${await throwawayUser(h)}`, body: { displayName: '改名' } }),
  setUserRoles: async (h) => ({ path: `/api/admin/users/${await throwawayUser(h)}/roles`, body: { roles: [{ role: 'approver', regionCode: INSIDE_TOWN }] } }),
  listApiKeys: async () => ({ path: '/api/admin/api-keys' }),
  createApiKey: async () => ({ path: '/api/admin/api-keys', body: { name: '业务系统', departmentId: 'town-in' } }),
  revokeApiKey: async (h) => {
    const key = newApiKey();
    await sql.insertApiKey(h.server.context.knex, { id: key.id, name: 'tmp', departmentId: 'town-in', secretHash: key.secretHash, createdBy: 'test' });
    return { path: `/api/admin/api-keys/${key.id}` };
  },

  // ── catalogue ──
  ...CATALOG_SAMPLES,
  // ── cases ── ── supervision ── ── audit ──
  ...CASE_SAMPLES,
  ...FILE_SAMPLES,
};
