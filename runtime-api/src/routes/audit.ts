/** Reading and verifying the audit log (reviewers, supervisors, admins). */
import { verifyChain } from '../audit/chain.js';
import { listAuditEntries } from '../audit/store.js';
import { scopeOf } from '../context.js';
import { type HandlerFactory, pageOf, queryText } from './handler.js';

export const auditHandlers: HandlerFactory = (ctx) => ({
  async listAuditEntries(req, res) {
    const text = (name: string) => queryText(req, name);
    const page = pageOf(req);
    const result = await listAuditEntries(
      ctx.knex,
      {
        ...(text('from') !== undefined ? { from: new Date(text('from')!) } : {}),
        ...(text('to') !== undefined ? { to: new Date(text('to')!) } : {}),
        ...(text('actorId') !== undefined ? { actorId: text('actorId')! } : {}),
        ...(text('operationId') !== undefined ? { operationId: text('operationId')! } : {}),
        ...(text('targetId') !== undefined ? { targetId: text('targetId')! } : {}),
        ...(text('outcome') !== undefined ? { outcome: text('outcome')! } : {}),
      },
      scopeOf(res),
      page,
    );
    res.json({ items: result.items.map((e) => ({ ...e, at: e.at.toISOString(), roles: [...e.roles] })), total: result.total, ...page });
  },

  async verifyAuditChain(_req, res) {
    res.json(await verifyChain(ctx.knex));
  },
});
