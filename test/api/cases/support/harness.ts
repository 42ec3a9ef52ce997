/**
 * A server for the case tests: the same fixtures as test/api's harness (regions, departments,
 * one user per role in the inside town, an API key), plus a `ManualClock` the engine — and so
 * every case date, deadline and scan — reads, and the case processes. Time moves when a test
 * says so, across real holidays of the default calendar.
 */
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { ManualClock } from '../../../../engine/src/index.js';
import { createServer, type ServerConfig } from '../../../../runtime-api/src/index.js';
import { newApiKey } from '../../../../runtime-api/src/identity/api-keys.js';
import { hashPassword } from '../../../../runtime-api/src/identity/passwords.js';
import { parentCode, regionLevel } from '../../../../runtime-api/src/identity/regions.js';
import { type Actor, ROLES, type Role } from '../../../../runtime-api/src/identity/roles.js';
import { createLogger } from '../../../../runtime-api/src/middleware/request-log.js';
import * as sql from '../../../../runtime-api/src/store/sql.js';
import { testDatabase } from '../../../support/db.js';
import { DEPARTMENTS, FIXTURE_PASSWORD, type Fixture, type Harness, INSIDE_TOWN, PROCESSES, REGIONS, testConfig } from '../../support/harness.js';
import { CASE_PROCESSES } from './fixtures.js';

export interface CaseHarness extends Harness {
  readonly clock: ManualClock;
}

/** Monday 5 January 2026, 09:00 in Guangzhou. */
export const START = '2026-01-05T01:00:00Z';

export async function startCaseHarness(name: string, options: { start?: string; config?: Partial<ServerConfig> } = {}): Promise<CaseHarness> {
  const database = await testDatabase(`cases_${name}`);
  const clock = new ManualClock(options.start ?? START);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const server = await createServer({ config: testConfig(options.config), database, logger: createLogger('warn', sink), deployExamples: false, clock }).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  const knex = server.context.knex;
  for (const [code, regionName] of REGIONS) await sql.insertRegion(knex, { code, name: regionName, level: regionLevel(code)!, parentCode: parentCode(code) });
  for (const department of DEPARTMENTS) await sql.insertDepartment(knex, department);
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const as = {} as Record<Actor, Fixture>;
  for (const role of ROLES as readonly Role[]) {
    const id = `user-${role}`;
    const admin = role === 'admin';
    await sql.insertUser(knex, { id, username: `r_${role}`, displayName: `${role}-name`, passwordHash, regionCode: admin ? null : INSIDE_TOWN, departmentId: admin ? null : 'town-in' });
    await sql.replaceRoles(knex, id, [{ role, regionCode: admin ? null : INSIDE_TOWN }]);
    // Tokens are checked against the real clock (jose): issue them with it.
    const { token } = await server.context.tokens.issue(id);
    as[role] = { id, username: `r_${role}`, headers: { authorization: `Bearer ${token}` } };
  }
  const key = newApiKey();
  await sql.insertApiKey(knex, { id: key.id, name: '网上办事大厅', departmentId: 'town-in', secretHash: key.secretHash, createdBy: 'user-admin' });
  as.adapter = { id: `apikey:${key.id}`, username: `apikey:${key.id}`, headers: { 'x-api-key': key.key } };
  await server.engine.deploy({ name: 'api-tests', resources: [{ name: 'api.bpmn', xml: PROCESSES }] });
  await server.engine.deploy({ name: 'case-tests', resources: CASE_PROCESSES.map((xml, i) => ({ name: `case-${i}.bpmn`, xml })) });
  await server.context.directory.refresh();
  return {
    url: server.url,
    server,
    logs,
    as,
    apiKey: key.key,
    clock,
    http: () => supertest.agent(server.url),
    async startCase(regionCode, opts = {}) {
      const instance = await server.engine.startInstance(opts.processKey ?? 'api_task', { ...(opts.variables ? { variables: opts.variables } : {}) });
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
