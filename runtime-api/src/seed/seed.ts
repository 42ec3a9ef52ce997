/**
 * First-start seeding. Runs when the user table is empty:
 * - `admin`: an `admin` user (password from TONGBAN_ADMIN_PASSWORD) and nothing else —
 *   production; regions, departments and users are then entered through the API;
 * - `demo`: the admin plus the demo region tree, departments and users (development);
 * - `none`: nothing (tests that bring their own fixtures).
 * Example BPMN under `examples/<item>/process.bpmn` is deployed on every development start
 * (deploying identical XML again changes nothing).
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { DeploymentResult, Engine } from '@tongban/engine';
import { hashPassword } from '../identity/passwords.js';
import { parentCode, regionLevel } from '../identity/regions.js';
import * as sql from '../store/sql.js';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_REGIONS, DEMO_USERS, DEV_ADMIN_PASSWORD } from './demo-data.js';

export interface SeedResult {
  /** True when this start found an empty database and filled it. */
  readonly seeded: boolean;
  /** Demo accounts with their passwords (development only), to print. */
  readonly demoUsers: ReadonlyArray<{ username: string; password: string; displayName: string; roles: string; regionCode: string | null }>;
}

export async function seedOnFirstStart(knex: Knex, mode: 'demo' | 'admin' | 'none', adminPassword: string | undefined): Promise<SeedResult> {
  if (mode === 'none') return { seeded: false, demoUsers: [] };
  const seeded = (await sql.countUsers(knex)) === 0;
  const adminPass = adminPassword ?? DEV_ADMIN_PASSWORD;
  if (seeded) {
    if (mode === 'admin' && adminPassword === undefined) throw new Error('An admin password is required to seed the first administrator.');
    await knex.transaction(async (trx) => {
      if (mode === 'demo') await seedDemo(trx);
      await addUser(trx, { username: 'admin', displayName: '系统管理员', regionCode: null, departmentId: null, password: adminPass, roles: [{ role: 'admin', regionCode: null }] });
    });
  }
  if (mode !== 'demo') return { seeded, demoUsers: [] };
  return {
    seeded,
    demoUsers: [
      { username: 'admin', password: adminPassword === undefined ? DEV_ADMIN_PASSWORD : '(TONGBAN_ADMIN_PASSWORD)', displayName: '系统管理员', roles: 'admin', regionCode: null },
      ...DEMO_USERS.map((u) => ({ username: u.username, password: DEMO_PASSWORD, displayName: u.displayName, roles: u.roles.join(', '), regionCode: u.regionCode })),
    ],
  };
}

async function seedDemo(trx: Knex.Transaction): Promise<void> {
  for (const region of DEMO_REGIONS) {
    await sql.insertRegion(trx, { ...region, level: regionLevel(region.code)!, parentCode: parentCode(region.code) });
  }
  for (const department of DEMO_DEPARTMENTS) await sql.insertDepartment(trx, department);
  for (const user of DEMO_USERS) {
    await addUser(trx, { ...user, password: DEMO_PASSWORD, roles: user.roles.map((role) => ({ role, regionCode: user.regionCode })) });
  }
}

async function addUser(
  trx: Knex.Transaction,
  user: { username: string; displayName: string; regionCode: string | null; departmentId: string | null; password: string; roles: sql.RoleAssignment[] },
): Promise<void> {
  const id = randomUUID();
  await sql.insertUser(trx, { id, username: user.username, displayName: user.displayName, passwordHash: await hashPassword(user.password), regionCode: user.regionCode, departmentId: user.departmentId });
  await sql.replaceRoles(trx, id, user.roles);
}

/** Deploys every `examples/<item>/process.bpmn` as one deployment named `examples`. */
export async function deployExamples(engine: Engine, examplesDir: string): Promise<DeploymentResult | undefined> {
  let items: string[];
  try {
    items = (await readdir(examplesDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return undefined;
  }
  const resources: Array<{ name: string; xml: string }> = [];
  for (const item of items) {
    try {
      resources.push({ name: `${item}/process.bpmn`, xml: await readFile(join(examplesDir, item, 'process.bpmn'), 'utf8') });
    } catch {
      // an example without a process (forms or metadata only) — nothing to deploy
    }
  }
  return resources.length ? engine.deploy({ name: 'examples', resources }) : undefined;
}
