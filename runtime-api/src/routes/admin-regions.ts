/** Administration of the region tree and of departments. */
import { ApiError, notFound } from '../errors.js';
import { parentCode, regionLevel } from '../identity/regions.js';
import * as sql from '../store/sql.js';
import { type HandlerFactory, param, unknownReference } from './handler.js';

const inUse = (what: string, id: string) =>
  new ApiError(409, 'IN_USE', `${what} ${id} is still in use (by sub-regions, departments, users, roles or API keys).`, { id });

function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23503';
}

export const regionHandlers: HandlerFactory = (ctx) => ({
  async createRegion(req, res) {
    const { code, name } = req.body as { code: string; name: string };
    const level = regionLevel(code)!; // the document's pattern admits only valid lengths
    const parent = parentCode(code);
    if (parent !== null && !(await sql.getRegion(ctx.knex, parent))) {
      throw new ApiError(422, 'PARENT_REGION_MISSING', `Add region ${parent} before ${code}.`, { parentCode: parent });
    }
    const region = { code, name, level, parentCode: parent };
    await sql.insertRegion(ctx.knex, region);
    res.status(201).json(region);
  },

  async updateRegion(req, res) {
    const code = param(req, 'code');
    if (!(await sql.renameRegion(ctx.knex, code, (req.body as { name: string }).name))) throw notFound('Region', code);
    res.json(await sql.getRegion(ctx.knex, code));
  },

  async deleteRegion(req, res) {
    const code = param(req, 'code');
    try {
      if (!(await sql.deleteRegion(ctx.knex, code))) throw notFound('Region', code);
    } catch (err) {
      throw isForeignKeyViolation(err) ? inUse('Region', code) : err;
    }
    res.status(204).end();
  },

  async createDepartment(req, res) {
    const department = req.body as sql.DepartmentRow;
    if (!(await sql.getRegion(ctx.knex, department.regionCode))) throw unknownReference('region', department.regionCode);
    await sql.insertDepartment(ctx.knex, department);
    res.status(201).json(await sql.getDepartment(ctx.knex, department.id));
  },

  async updateDepartment(req, res) {
    const id = param(req, 'id');
    const change = req.body as { name?: string; regionCode?: string };
    if (change.regionCode !== undefined && !(await sql.getRegion(ctx.knex, change.regionCode))) throw unknownReference('region', change.regionCode);
    if (!(await sql.updateDepartment(ctx.knex, id, change))) throw notFound('Department', id);
    res.json(await sql.getDepartment(ctx.knex, id));
  },

  async deleteDepartment(req, res) {
    const id = param(req, 'id');
    try {
      if (!(await sql.deleteDepartment(ctx.knex, id))) throw notFound('Department', id);
    } catch (err) {
      throw isForeignKeyViolation(err) ? inUse('Department', id) : err;
    }
    res.status(204).end();
  },
});
