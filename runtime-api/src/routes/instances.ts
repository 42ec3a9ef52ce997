/**
 * Instances (cases at the engine level): start in a region, list, read, variables, suspend and
 * resume, withdraw (撤回, by the applicant who started it), terminate, history. Moving a token
 * answers 501 (route table).
 */
import type { InstanceView, Variables } from '@tongban/engine';
import type { AppContext } from '../context.js';
import { principalOf, scopeOf } from '../context.js';
import { notFound } from '../errors.js';
import { getDepartment, getRegion, insertInstanceScope, instanceScope, queryInstances } from '../store/sql.js';
import { type HandlerFactory, iso, narrowScope, pageOf, param, queryText, unknownReference } from './handler.js';

interface StartBody {
  processKey: string;
  version?: number;
  businessKey?: string;
  regionCode?: string;
  departmentId?: string;
  variables?: Variables;
}

export function instanceJson(instance: InstanceView, scope: { regionCode: string | null; departmentId: string | null }) {
  return {
    id: instance.id,
    definitionId: instance.definitionId,
    processKey: instance.processKey,
    businessKey: instance.businessKey ?? null,
    status: instance.status,
    suspended: instance.suspended ?? null,
    parentId: instance.parentId ?? null,
    activeElementIds: [...instance.activeElementIds],
    variables: instance.variables,
    regionCode: scope.regionCode,
    departmentId: scope.departmentId,
    startedAt: iso(instance.startedAt),
    endedAt: iso(instance.endedAt),
  };
}

async function loadInstance(ctx: AppContext, id: string) {
  const instance = await ctx.engine.getInstance(id);
  if (!instance) throw notFound('Instance', id);
  return instanceJson(instance, await instanceScope(ctx.knex, id));
}

export const instanceHandlers: HandlerFactory = (ctx) => ({
  async startInstance(req, res) {
    const body = req.body as StartBody;
    const principal = principalOf(res);
    const byKey = principal.kind === 'apiKey';
    const regionCode = body.regionCode ?? (byKey ? principal.regionCode : null);
    const departmentId = body.departmentId ?? (byKey ? principal.departmentId : null);
    if (regionCode !== null && !(await getRegion(ctx.knex, regionCode))) throw unknownReference('region', regionCode);
    if (departmentId !== null && !(await getDepartment(ctx.knex, departmentId))) throw unknownReference('department', departmentId);
    const scope = { regionCode, departmentId };
    const instance = await ctx.metrics.command('startInstance', () =>
      ctx.engine.startInstance(body.processKey, {
        ...(body.businessKey !== undefined ? { businessKey: body.businessKey } : {}),
        ...(body.variables !== undefined ? { variables: body.variables } : {}),
        ...(body.version !== undefined ? { version: body.version } : {}),
        userId: principal.id, // the applicant: the only one who may withdraw
        // The case's region commits with the start, or neither does.
        inTransaction: (trx, instanceId) => insertInstanceScope(trx, { instanceId, ...scope, startedBy: principal.id }),
      }),
    );
    res.status(201).location(`/api/instances/${instance.id}`).json(instanceJson(instance, scope));
  },

  async listInstances(req, res) {
    const filter = {
      ...(queryText(req, 'processKey') !== undefined ? { processKey: queryText(req, 'processKey')! } : {}),
      ...(queryText(req, 'businessKey') !== undefined ? { businessKey: queryText(req, 'businessKey')! } : {}),
      ...(queryText(req, 'status') !== undefined ? { status: queryText(req, 'status')! } : {}),
    };
    const page = pageOf(req);
    const result = await queryInstances(ctx.knex, filter, narrowScope(scopeOf(res), queryText(req, 'regionCode')), page);
    res.json({ ...result, ...page });
  },

  async getInstance(req, res) {
    res.json(await loadInstance(ctx, param(req, 'id')));
  },

  async getInstanceVariables(req, res) {
    res.json({ variables: (await loadInstance(ctx, param(req, 'id'))).variables });
  },

  async setInstanceVariables(req, res) {
    const id = param(req, 'id');
    const { variables } = req.body as { variables: Variables };
    await ctx.metrics.command('setVariables', () => ctx.engine.setVariables(id, variables));
    res.json({ variables: (await loadInstance(ctx, id)).variables });
  },

  async terminateInstance(req, res) {
    const id = param(req, 'id');
    const { reason } = req.body as { reason: string };
    await ctx.metrics.command('terminateInstance', () => ctx.engine.terminateInstance(id, { reason, userId: principalOf(res).id }));
    res.json(await loadInstance(ctx, id));
  },

  async suspendInstance(req, res) {
    const id = param(req, 'id');
    const { reason } = req.body as { reason?: string };
    await ctx.metrics.command('suspendInstance', () => ctx.engine.suspendInstance(id, { userId: principalOf(res).id, ...(reason !== undefined ? { reason } : {}) }));
    res.json(await loadInstance(ctx, id));
  },

  async resumeInstance(req, res) {
    const id = param(req, 'id');
    await ctx.metrics.command('resumeInstance', () => ctx.engine.resumeInstance(id, { userId: principalOf(res).id }));
    res.json(await loadInstance(ctx, id));
  },

  async withdrawInstance(req, res) {
    const id = param(req, 'id');
    const { comment } = req.body as { comment?: string };
    await ctx.metrics.command('withdrawInstance', () => ctx.engine.withdrawInstance(id, principalOf(res).id, comment !== undefined ? { comment } : {}));
    res.json(await loadInstance(ctx, id));
  },

  async getInstanceHistory(req, res) {
    const events = await ctx.engine.history(param(req, 'id'));
    res.json({
      events: events.map((e) => ({
        id: e.id,
        instanceId: e.instanceId,
        type: e.type,
        elementId: e.elementId,
        elementType: e.elementType,
        taskId: e.taskId,
        userId: e.userId,
        data: e.data,
        time: iso(e.time),
      })),
    });
  },
});
