/** Administration of users, their roles (each held in a region) and API keys. */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { principalOf } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { newApiKey } from '../identity/api-keys.js';
import { hashPassword } from '../identity/passwords.js';
import * as sql from '../store/sql.js';
import { type HandlerFactory, pageOf, param, queryText, unknownReference } from './handler.js';

/** Every region and department named must exist: 422 naming the first that does not. */
async function checkReferences(knex: Knex, refs: { regionCodes?: readonly (string | null | undefined)[]; departmentId?: string | null }): Promise<void> {
  for (const code of new Set(refs.regionCodes ?? [])) {
    if (code != null && !(await sql.getRegion(knex, code))) throw unknownReference('region', code);
  }
  if (refs.departmentId != null && !(await sql.getDepartment(knex, refs.departmentId))) throw unknownReference('department', refs.departmentId);
}

/** Only `admin` may be held without a region (it reaches everywhere anyway). */
function checkRoles(roles: readonly sql.RoleAssignment[]): void {
  roles.forEach((r, i) => {
    if (r.regionCode === null && r.role !== 'admin') {
      throw new ApiError(400, 'VALIDATION_FAILED', `Role ${r.role} needs a regionCode: the region where it applies.`, [
        { path: `/body/roles/${i}/regionCode`, message: 'required for every role but admin' },
      ]);
    }
  });
}

async function requireUser(knex: Knex, id: string): Promise<sql.UserRow> {
  const user = await sql.getUser(knex, id);
  if (!user) throw notFound('User', id);
  return user;
}

export const userHandlers: HandlerFactory = (ctx) => ({
  async listUsers(req, res) {
    const regionPrefix = queryText(req, 'regionCode');
    const departmentId = queryText(req, 'departmentId');
    const page = pageOf(req);
    const filter = { ...(regionPrefix !== undefined ? { regionPrefix } : {}), ...(departmentId !== undefined ? { departmentId } : {}) };
    res.json({ ...(await sql.listUsers(ctx.knex, filter, page)), ...page });
  },

  async createUser(req, res) {
    const body = req.body as { username: string; displayName: string; password: string; regionCode?: string | null; departmentId?: string | null; roles?: sql.RoleAssignment[] };
    const roles = body.roles ?? [];
    checkRoles(roles);
    await checkReferences(ctx.knex, { regionCodes: [body.regionCode, ...roles.map((r) => r.regionCode)], departmentId: body.departmentId ?? null });
    const id = randomUUID();
    const passwordHash = await hashPassword(body.password);
    await ctx.knex.transaction(async (trx) => {
      await sql.insertUser(trx, { id, username: body.username, displayName: body.displayName, passwordHash, regionCode: body.regionCode ?? null, departmentId: body.departmentId ?? null });
      await sql.replaceRoles(trx, id, roles);
    });
    await ctx.directory.refresh();
    res.status(201).location(`/api/admin/users/${id}`).json(await requireUser(ctx.knex, id));
  },

  async getUser(req, res) {
    res.json(await requireUser(ctx.knex, param(req, 'id')));
  },

  async updateUser(req, res) {
    const id = param(req, 'id');
    const body = req.body as { displayName?: string; regionCode?: string | null; departmentId?: string | null; disabled?: boolean; password?: string };
    await requireUser(ctx.knex, id);
    await checkReferences(ctx.knex, { ...(body.regionCode !== undefined ? { regionCodes: [body.regionCode] } : {}), departmentId: body.departmentId ?? null });
    const { password, ...rest } = body;
    await sql.updateUser(ctx.knex, id, { ...rest, ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}) });
    await ctx.directory.refresh();
    res.json(await requireUser(ctx.knex, id));
  },

  async setUserRoles(req, res) {
    const id = param(req, 'id');
    const { roles } = req.body as { roles: sql.RoleAssignment[] };
    checkRoles(roles);
    await requireUser(ctx.knex, id);
    await checkReferences(ctx.knex, { regionCodes: roles.map((r) => r.regionCode) });
    await ctx.knex.transaction((trx) => sql.replaceRoles(trx, id, roles));
    await ctx.directory.refresh();
    res.json(await requireUser(ctx.knex, id));
  },

  async listApiKeys(req, res) {
    res.json({ items: await sql.listApiKeys(ctx.knex, queryText(req, 'departmentId')) });
  },

  async createApiKey(req, res) {
    const { name, departmentId } = req.body as { name: string; departmentId: string };
    await checkReferences(ctx.knex, { departmentId });
    const made = newApiKey();
    await sql.insertApiKey(ctx.knex, { id: made.id, name, departmentId, secretHash: made.secretHash, createdBy: principalOf(res).id });
    const { secretHash: _hash, ...apiKey } = (await sql.findApiKey(ctx.knex, made.id))!;
    res.status(201).json({ apiKey, key: made.key });
  },

  async revokeApiKey(req, res) {
    const id = param(req, 'id');
    if (!(await sql.revokeApiKey(ctx.knex, id))) throw notFound('API key', id);
    res.status(204).end();
  },
});
