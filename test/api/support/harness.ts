/**
 * A real server on an ephemeral port over the test database (PGlite, or a private schema on
 * PostgreSQL when DATABASE_URL is set), with fixtures: a small region tree, departments, one
 * user per role holding it in the "inside" town (admin everywhere), an API key of a department
 * in that town, and four tiny processes. One harness per test file: `before`/`after`.
 */
import { Writable } from 'node:stream';
import supertest from 'supertest';
import type { Variables } from '../../../engine/src/index.js';
import { type ServerConfig, createServer, type RunningServer } from '../../../runtime-api/src/index.js';
import { newApiKey } from '../../../runtime-api/src/identity/api-keys.js';
import { hashPassword } from '../../../runtime-api/src/identity/passwords.js';
import { parentCode, regionLevel } from '../../../runtime-api/src/identity/regions.js';
import { ROLES, type Actor, type Role } from '../../../runtime-api/src/identity/roles.js';
import { createLogger } from '../../../runtime-api/src/middleware/request-log.js';
import * as sql from '../../../runtime-api/src/store/sql.js';
import { testDatabase } from '../../support/db.js';
import { definitionsXml } from '../../support/bpmn.js';

export const DISTRICT = '440106';
export const INSIDE_TOWN = '440106001';
export const INSIDE_VILLAGE = '440106001001';
export const OUTSIDE_TOWN = '440106002';
export const OUTSIDE_VILLAGE = '440106002001';
export const FIXTURE_PASSWORD = 'fixture-password-1';
export const TOKEN_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** The fixtures' region tree and departments, shared by every API harness. */
export const REGIONS = [
  ['44', '广东省'],
  ['4401', '广州市'],
  [DISTRICT, '天河区'],
  [INSIDE_TOWN, '五山街道'],
  [INSIDE_VILLAGE, '五山社区'],
  [OUTSIDE_TOWN, '员村街道'],
  [OUTSIDE_VILLAGE, '员村社区'],
] as const;

export const DEPARTMENTS = [
  { id: 'town-in', name: '五山街道便民服务中心', regionCode: INSIDE_TOWN },
  { id: 'town-out', name: '员村街道便民服务中心', regionCode: OUTSIDE_TOWN },
  { id: 'district', name: '天河区政务服务中心', regionCode: DISTRICT },
];

/** Who may work the fixtures' plain tasks: the admin by id, clerks and approvers of `town-in` by group. */
const WORKERS = 'tongban:candidateUsers="user-admin" tongban:candidateGroups="town-in:clerk,town-in:approver"';

/** Processes: a plain task, two steps, a task for a group, a message wait, a service-task job. */
export const PROCESSES = definitionsXml(`
  <message id="M_Paid" name="api-paid"/><error id="Err_Fail" errorCode="FAIL"/>
  <process id="api_task" name="任务" isExecutable="true">
    <startEvent id="t_s"/><userTask id="work" name="办理" ${WORKERS}/><endEvent id="t_e"/>
    <sequenceFlow id="t_1" sourceRef="t_s" targetRef="work"/><sequenceFlow id="t_2" sourceRef="work" targetRef="t_e"/>
  </process>
  <process id="api_two" isExecutable="true">
    <startEvent id="w_s"/><userTask id="first" ${WORKERS}/><userTask id="second" ${WORKERS}/><endEvent id="w_e"/>
    <sequenceFlow id="w_1" sourceRef="w_s" targetRef="first"/><sequenceFlow id="w_2" sourceRef="first" targetRef="second"/>
    <sequenceFlow id="w_3" sourceRef="second" targetRef="w_e"/>
  </process>
  <process id="api_group_task" isExecutable="true">
    <startEvent id="g_s"/><userTask id="accept" tongban:candidateGroups="town-in:clerk"/><endEvent id="g_e"/>
    <sequenceFlow id="g_1" sourceRef="g_s" targetRef="accept"/><sequenceFlow id="g_2" sourceRef="accept" targetRef="g_e"/>
  </process>
  <process id="api_message" isExecutable="true">
    <startEvent id="m_s"/>
    <intermediateCatchEvent id="wait" tongban:correlationKey="=caseNo"><messageEventDefinition messageRef="M_Paid"/></intermediateCatchEvent>
    <userTask id="paid"/><endEvent id="m_e"/>
    <sequenceFlow id="m_1" sourceRef="m_s" targetRef="wait"/><sequenceFlow id="m_2" sourceRef="wait" targetRef="paid"/>
    <sequenceFlow id="m_3" sourceRef="paid" targetRef="m_e"/>
  </process>
  <process id="api_job" isExecutable="true">
    <startEvent id="j_s"/><serviceTask id="push" tongban:topic="api-topic"/><userTask id="pushed"/><userTask id="repair"/><endEvent id="j_e"/>
    <boundaryEvent id="failed" attachedToRef="push"><errorEventDefinition errorRef="Err_Fail"/></boundaryEvent>
    <sequenceFlow id="j_1" sourceRef="j_s" targetRef="push"/><sequenceFlow id="j_2" sourceRef="push" targetRef="pushed"/>
    <sequenceFlow id="j_3" sourceRef="pushed" targetRef="j_e"/><sequenceFlow id="j_4" sourceRef="failed" targetRef="repair"/>
    <sequenceFlow id="j_5" sourceRef="repair" targetRef="j_e"/>
  </process>`);

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory',
    tokenSecret: TOKEN_SECRET,
    tokenTtlSeconds: 3600,
    production: false,
    logLevel: 'info',
    loginRateLimit: { max: 1000, windowMs: 60_000 },
    publicApplicationLimit: { max: 1000, windowMs: 60_000 },
    designerDir: '/nonexistent-designer-dist',
    seed: 'none',
    validateResponses: true,
    trustProxy: 0,
    runJobs: false,
    ...overrides,
  };
}

export interface Fixture {
  readonly id: string;
  readonly username: string;
  /** Headers that authenticate as this fixture. */
  readonly headers: Record<string, string>;
}

export interface Harness {
  readonly url: string;
  readonly server: RunningServer;
  /** Every log line the server wrote. */
  readonly logs: string[];
  /** Fixtures by actor: users holding one role in INSIDE_TOWN (admin: everywhere), and an API key of `town-in`. */
  readonly as: Record<Actor, Fixture>;
  readonly apiKey: string;
  http(): supertest.Agent;
  /** Starts an instance the way the API does (engine + scope row), without HTTP. */
  startCase(regionCode: string | null, options?: { processKey?: string; variables?: Variables; businessKey?: string; userId?: string }): Promise<string>;
  openTask(instanceId: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(name: string, overrides: Partial<ServerConfig> = {}): Promise<Harness> {
  const database = await testDatabase(`api_${name}`);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let server: RunningServer;
  try {
    server = await createServer({ config: testConfig(overrides), database, logger: createLogger('info', sink), deployExamples: false });
  } catch (err) {
    await database.close();
    throw err;
  }
  try {
    return await withFixtures(server, database, logs);
  } catch (err) {
    await server.close();
    await database.close();
    throw err;
  }
}

async function withFixtures(server: RunningServer, database: { close(): Promise<void> }, logs: string[]): Promise<Harness> {
  const knex = server.context.knex;
  for (const [code, regionName] of REGIONS) await sql.insertRegion(knex, { code, name: regionName, level: regionLevel(code)!, parentCode: parentCode(code) });
  for (const department of DEPARTMENTS) await sql.insertDepartment(knex, department);
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const as = {} as Record<Actor, Fixture>;
  for (const role of ROLES as readonly Role[]) {
    const id = `user-${role}`;
    const admin = role === 'admin';
    await sql.insertUser(knex, { id, username: `r_${role}`, displayName: role, passwordHash, regionCode: admin ? null : INSIDE_TOWN, departmentId: admin ? null : 'town-in' });
    await sql.replaceRoles(knex, id, [{ role, regionCode: admin ? null : INSIDE_TOWN }]);
    const { token } = await server.context.tokens.issue(id);
    as[role] = { id, username: `r_${role}`, headers: { authorization: `Bearer ${token}` } };
  }
  const key = newApiKey();
  await sql.insertApiKey(knex, { id: key.id, name: '五山街道业务系统', departmentId: 'town-in', secretHash: key.secretHash, createdBy: 'user-admin' });
  as.adapter = { id: `apikey:${key.id}`, username: `apikey:${key.id}`, headers: { 'x-api-key': key.key } };
  await server.engine.deploy({ name: 'api-tests', resources: [{ name: 'api.bpmn', xml: PROCESSES }] });
  await server.context.directory.refresh();

  return {
    url: server.url,
    server,
    logs,
    as,
    apiKey: key.key,
    http: () => supertest.agent(server.url),
    async startCase(regionCode, options = {}) {
      const instance = await server.engine.startInstance(options.processKey ?? 'api_task', {
        ...(options.variables ? { variables: options.variables } : {}),
        ...(options.businessKey ? { businessKey: options.businessKey } : {}),
        ...(options.userId ? { userId: options.userId } : {}),
      });
      await sql.insertInstanceScope(knex, { instanceId: instance.id, regionCode, departmentId: null, startedBy: 'test' });
      return instance.id;
    },
    async openTask(instanceId) {
      const [task] = await server.engine.queryTasks({ instanceId });
      if (!task) throw new Error(`no open task in ${instanceId}`);
      return task.id;
    },
    async close() {
      await server.close();
      await database.close();
    },
  };
}

/** Asserts the error shape every failure must have, and returns it. */
export function errorOf(body: unknown): { code: string; message: string; details: unknown } {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string') {
    throw new Error(`not an error body: ${JSON.stringify(body)}`);
  }
  return error as { code: string; message: string; details: unknown };
}
