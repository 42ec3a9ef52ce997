/** Sign-in, the caller, the region tree and departments (read side). */
import { principalOf } from '../context.js';
import { ApiError } from '../errors.js';
import { hashPassword, verifyPassword } from '../identity/passwords.js';
import { actorsOf, userPrincipal, type Principal } from '../identity/principal.js';
import { findCredentials, listDepartments, listRegions, updateUser } from '../store/sql.js';
import { type HandlerFactory, queryText } from './handler.js';

export function currentUser(principal: Principal) {
  return {
    id: principal.id,
    kind: principal.kind,
    username: principal.username,
    displayName: principal.displayName,
    roles: actorsOf(principal),
    roleAssignments: principal.grants.map((g) => ({ role: g.actor, regionCode: g.regionCode })),
    regionCode: principal.regionCode,
    departmentId: principal.departmentId,
    groups: [...principal.groups],
  };
}

const wrongCredentials = () => new ApiError(401, 'INVALID_CREDENTIALS', 'Wrong username or password.');

export const identityHandlers: HandlerFactory = (ctx) => ({
  async login(req, res) {
    const { username, password } = req.body as { username: string; password: string };
    const user = await findCredentials(ctx.knex, username);
    // Always verify (against a dummy hash for unknown users): the same time either way.
    const matches = await verifyPassword(password, user?.passwordHash);
    if (!user || !matches || user.disabled) throw wrongCredentials();
    const { token, expiresAt } = await ctx.tokens.issue(user.id);
    res.json({ token, expiresAt: expiresAt.toISOString(), user: currentUser(userPrincipal(user)) });
  },

  async getMe(_req, res) {
    res.json(currentUser(principalOf(res)));
  },

  async changeMyPassword(req, res) {
    const principal = principalOf(res);
    const { currentPassword, newPassword } = req.body as { currentPassword: string; newPassword: string };
    const user = await findCredentials(ctx.knex, principal.username);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new ApiError(422, 'WRONG_PASSWORD', 'The current password is not right.');
    }
    await updateUser(ctx.knex, user.id, { passwordHash: await hashPassword(newPassword) });
    res.status(204).end();
  },

  async listRegions(req, res) {
    res.json({ items: await listRegions(ctx.knex, queryText(req, 'under')) });
  },

  async listDepartments(req, res) {
    res.json({ items: await listDepartments(ctx.knex, queryText(req, 'regionCode')) });
  },
});
