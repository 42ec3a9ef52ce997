/** Template routes (应规整下级事项): derive a lower-level item, list derived items, upgrade one. */
import { principalOf, scopeOf } from '../context.js';
import { scopeReaches } from '../identity/principal.js';
import * as store from '../catalog/store.js';
import { deriveItem, upgradeItem } from '../catalog/templates.js';
import { versionView, itemSummaryView } from '../catalog/views.js';
import { itemDetail } from './catalog.js';
import type { HandlerFactory } from './handler.js';
import { param } from './handler.js';

export const catalogTemplateHandlers: HandlerFactory = (ctx) => ({
  async deriveItem(req, res) {
    const body = req.body as { regionCode: string; parameters: Record<string, unknown>; implCode?: string; name?: string };
    const id = await deriveItem(ctx, param(req, 'id'), body, principalOf(res).id);
    res.status(201).json(await itemDetail(ctx, id));
  },

  async listDerivedItems(req, res) {
    const scope = scopeOf(res);
    const { items } = await store.listItems(ctx.knex, { scope, templatesAbove: false, templateId: param(req, 'id'), limit: 1000, offset: 0 });
    res.json({ items: items.filter((i) => scopeReaches(scope, i.regionCode)).map(itemSummaryView) });
  },

  async upgradeItem(req, res) {
    res.json(versionView(await upgradeItem(ctx, param(req, 'id'), principalOf(res).id)));
  },
});
