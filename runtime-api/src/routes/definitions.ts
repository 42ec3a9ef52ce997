/** Deployments (with a dry run) and deployed definitions. */
import type { DeployResource } from '@tongban/engine';
import { notFound } from '../errors.js';
import { type HandlerFactory, iso, param, queryText } from './handler.js';

export const definitionHandlers: HandlerFactory = (ctx) => ({
  async createDeployment(req, res) {
    const body = req.body as { name?: string; resources: DeployResource[] };
    const result = await ctx.metrics.command('deploy', () =>
      ctx.engine.deploy({ ...(body.name !== undefined ? { name: body.name } : {}), resources: body.resources }),
    );
    res.status(201).json(result);
  },

  async validateDeployment(req, res) {
    const { resources } = req.body as { resources: DeployResource[] };
    const problems = await ctx.engine.validate(resources);
    res.json({ valid: problems.length === 0, problems });
  },

  async listDefinitions(req, res) {
    const key = queryText(req, 'key');
    const items = await ctx.engine.listDefinitions(key === undefined ? {} : { key });
    res.json({ items: items.map(definitionJson) });
  },

  async getDefinition(req, res) {
    const id = param(req, 'id');
    const found = (await ctx.engine.listDefinitions()).find((d) => d.id === id);
    if (!found) throw notFound('Definition', id);
    res.json(definitionJson(found));
  },

  async getDefinitionXml(req, res) {
    const xml = await ctx.engine.definitionXml(param(req, 'id'));
    res.type('application/xml').send(xml);
  },
});

function definitionJson(d: { id: string; key: string; version: number; name: string | null; deploymentId: string; resource: string; createdAt: Date }) {
  return { id: d.id, key: d.key, version: d.version, name: d.name, deploymentId: d.deploymentId, resource: d.resource, createdAt: iso(d.createdAt) };
}
