/**
 * Directory search for pickers: any signed-in staff member finds the users and candidate groups
 * of the regions they work in (the route's `filter` scope), never beyond, and sees only what a
 * picker needs. Administrators manage users through `/api/admin/users` instead.
 */
import { scopeOf } from '../context.js';
import { searchDirectoryGroups, searchDirectoryUsers } from '../store/sql.js';
import { type HandlerFactory, narrowScope, queryText } from './handler.js';

const limitOf = (value: string | undefined) => Number(value ?? 20);

export const directoryHandlers: HandlerFactory = (ctx) => ({
  async searchDirectoryUsers(req, res) {
    const scope = narrowScope(scopeOf(res), queryText(req, 'regionCode'));
    const filter = { q: queryText(req, 'q'), departmentId: queryText(req, 'departmentId') };
    const items = await searchDirectoryUsers(ctx.knex, filter, scope, limitOf(queryText(req, 'limit')));
    res.json({ items });
  },

  async searchDirectoryGroups(req, res) {
    const scope = narrowScope(scopeOf(res), queryText(req, 'regionCode'));
    res.json({ items: await searchDirectoryGroups(ctx.knex, { q: queryText(req, 'q') }, scope, limitOf(queryText(req, 'limit'))) });
  },
});
