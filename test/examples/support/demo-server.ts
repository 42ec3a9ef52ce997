/**
 * A development server as `npm start` makes it on a fresh data folder — demo regions,
 * departments and users seeded, every `examples/<item>/process.bpmn` deployed, every example
 * item published — over the test database, with a `ManualClock` the engine (and so every case
 * date, deadline and scan) reads. The examples' tests drive their items through the API as
 * the demo users, who sign in with the demo password.
 */
import { expect } from 'chai';
import supertest, { type Response } from 'supertest';
import { ManualClock } from '../../../engine/src/index.js';
import { createServer, type RunningServer } from '../../../runtime-api/src/index.js';
import { createLogger } from '../../../runtime-api/src/middleware/request-log.js';
import { DEMO_PASSWORD, DEV_ADMIN_PASSWORD } from '../../../runtime-api/src/seed/demo-data.js';
import { testDatabase } from '../../support/db.js';
import { testConfig } from '../../api/support/harness.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface DemoServer {
  readonly server: RunningServer;
  readonly clock: ManualClock;
  /** A request as a demo user or `admin` (signed in once, then cached); `null` for no login. */
  send(as: string | null, method: Method, path: string, body?: object): Promise<Response>;
  /** The body of a response that must have this status (the whole response in the message otherwise). */
  ok(res: Response, status?: number): Response['body'];
  /** The demo user's id. */
  userId(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function startDemoServer(name: string, start: string): Promise<DemoServer> {
  const database = await testDatabase(`examples_${name}`);
  const clock = new ManualClock(start);
  const server = await createServer({ config: testConfig({ seed: 'demo' }), database, logger: createLogger('error'), clock }).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  const sessions = new Map<string, { token: string; id: string }>();
  const session = async (username: string) => {
    let found = sessions.get(username);
    if (!found) {
      const login = await supertest(server.url).post('/api/auth/login').send({ username, password: username === 'admin' ? DEV_ADMIN_PASSWORD : DEMO_PASSWORD });
      expect(login.status, `${username} signs in`).to.equal(200);
      found = { token: login.body.token as string, id: login.body.user.id as string };
      sessions.set(username, found);
    }
    return found;
  };
  return {
    server,
    clock,
    async send(as, method, path, body) {
      let request = supertest(server.url)[method](path);
      if (as !== null) request = request.set('authorization', `Bearer ${(await session(as)).token}`);
      return body === undefined ? request : request.send(body);
    },
    ok(res, status = 200) {
      expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).to.equal(status);
      return res.body;
    },
    userId: async (username) => (await session(username)).id,
    async close() {
      await server.close();
      await database.close();
    },
  };
}

/** Closing time (23:59:59.999 in China) of a local date: how deadlines are stored. */
export const closing = (day: string): string => new Date(`${day}T23:59:59.999+08:00`).toISOString();

interface CaseBody {
  openTasks: Array<{ id: string; elementId: string; candidateGroups: string[]; dueAt: string | null }>;
}

/** The open task of a step (the one of a department, for a 会签 step with one task per department). */
export function taskOf(body: CaseBody, elementId: string, group?: string): string {
  const task = body.openTasks.find((t) => t.elementId === elementId && (group === undefined || t.candidateGroups.includes(group)));
  expect(task, `an open ${elementId}${group ? ` for ${group}` : ''} in ${JSON.stringify(body.openTasks)}`).to.not.equal(undefined);
  return task!.id;
}

/** Open steps as `elementId` or `elementId@group`, sorted. */
export const openSteps = (body: CaseBody): string[] => body.openTasks.map((t) => `${t.elementId}@${t.candidateGroups.join(',')}`).sort();

/** The BPMN elements a case's instance passed, from its history. */
export async function passedElements(demo: DemoServer, as: string, caseId: string): Promise<Set<string>> {
  const history = demo.ok(await demo.send(as, 'get', `/api/instances/${caseId}/history`));
  return new Set((history.events as Array<{ elementId: string | null }>).map((e) => e.elementId).filter((id): id is string => id !== null));
}

export interface PublishedGuide {
  id: string;
  implCode: string;
  name: string;
  level: string;
  regionCode: string;
  departmentId: string;
  isTemplate: boolean;
  templateId: string | null;
  templateParams: Record<string, unknown> | null;
  published: { version: number; processDefinitionId: string; formVersionId: string; data: Record<string, unknown> & { materials: Array<{ id: string }>; situations: Array<{ id: string }> } };
}

/** The 办事指南 (public guide) of a published item found by its 实施编码 in the catalogue. */
export async function publishedItem(demo: DemoServer, implCode: string): Promise<PublishedGuide> {
  const listed = demo.ok(await demo.send('admin', 'get', `/api/items?q=${encodeURIComponent(implCode)}&status=published`));
  const found = (listed.items as Array<{ id: string; implCode: string }>).filter((i) => i.implCode === implCode);
  expect(found, `${implCode} listed as published`).to.have.length(1);
  return demo.ok(await demo.send(null, 'get', `/api/public/items/${found[0]!.id}`)) as PublishedGuide;
}
