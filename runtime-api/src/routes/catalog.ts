/**
 * Catalogue routes (事项): listing, the item, its versions and their lifecycle. The rules live
 * in `catalog/` (lifecycle.ts, templates.ts); this file only maps HTTP to them.
 */
import type { Request } from 'express';
import type { AppContext } from '../context.js';
import { principalOf, scopeOf } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { bundleReport } from '../catalog/bundle.js';
import { diffVersions } from '../catalog/diff.js';
import { createItem, publishItem, retireItem, reviewItem, submitItem, updateItem } from '../catalog/lifecycle.js';
import * as store from '../catalog/store.js';
import { updateParameters, upgradeOffer } from '../catalog/templates.js';
import type { VersionStatus } from '../catalog/types.js';
import { itemHeaderView, itemSummaryView, versionView } from '../catalog/views.js';
import { getDepartment, getRegion } from '../store/sql.js';
import type { HandlerFactory } from './handler.js';
import { pageOf, param, queryText } from './handler.js';

/**
 * The item as `getItem` shows it: header, published and open versions, upgrade offer; for a
 * bundle its members' standing now (`bundle`, from the published version, else the open one);
 * for an item, the bundles it is a member of (`inBundles`: retiring it stops them).
 */
export async function itemDetail(ctx: AppContext, id: string, options: { publishedOnly?: boolean } = {}) {
  const item = await store.getItem(ctx.knex, id);
  if (!item) throw notFound('Item', id);
  const [published, open, upgrade, inBundles] = await Promise.all([
    store.publishedVersion(ctx.knex, id),
    options.publishedOnly ? undefined : store.openVersion(ctx.knex, id),
    upgradeOffer(ctx.knex, item),
    item.kind === 'item' ? store.bundlesWithMember(ctx.knex, item.implCode, options.publishedOnly) : [],
  ]);
  const bundle = await bundleReport(ctx.knex, (published ?? open)?.composition ?? null);
  return { ...itemHeaderView(item), published: published ? versionView(published) : null, open: open ? versionView(open) : null, upgrade, bundle, inBundles };
}

const bool = (req: Request, name: string): boolean | undefined => {
  const value = (req.query as Record<string, unknown>)[name];
  return value === undefined ? undefined : value === true || value === 'true';
};

/** Listing filters from the (validated) query. */
export function itemFilter(req: Request, scope: readonly string[] | null): store.ItemFilter {
  const optional = <K extends string>(key: K, value: string | boolean | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    scope,
    templatesAbove: true,
    ...optional('regionCode', queryText(req, 'regionCode')),
    ...optional('departmentId', queryText(req, 'departmentId')),
    ...optional('itemType', queryText(req, 'itemType')),
    ...optional('theme', queryText(req, 'theme')),
    ...(queryText(req, 'status') === undefined ? {} : { status: queryText(req, 'status') as VersionStatus }),
    ...optional('q', queryText(req, 'q')),
    ...optional('isTemplate', bool(req, 'isTemplate')),
    ...optional('templateId', queryText(req, 'templateId')),
    ...optional('upgradable', bool(req, 'upgradable')),
    ...pageOf(req),
  } as store.ItemFilter;
}

export const catalogHandlers: HandlerFactory = (ctx) => ({
  async listItems(req, res) {
    const filter = itemFilter(req, scopeOf(res));
    const { items, total } = await store.listItems(ctx.knex, filter);
    res.json({ items: items.map(itemSummaryView), total, limit: filter.limit, offset: filter.offset });
  },

  async createItem(req, res) {
    const body = req.body as { baseCode: string; implCode: string; regionCode: string; isTemplate?: boolean; kind?: 'item' | 'bundle'; data: unknown };
    const id = await createItem(ctx, body, principalOf(res).id);
    res.status(201).json(await itemDetail(ctx, id));
  },

  /** 办事指南 for applicants: the published version only. */
  async getPublicItem(req, res) {
    const id = param(req, 'id');
    const found = await store.findItem(ctx.knex, id);
    const detail = await itemDetail(ctx, found?.id ?? id, { publishedOnly: true });
    if (!detail.published) throw notFound('Published item', id);
    const [department, region] = await Promise.all([getDepartment(ctx.knex, detail.departmentId), getRegion(ctx.knex, detail.regionCode)]);
    // A bundle's guide names each member's department, as the member's own guide does.
    const bundle = detail.bundle && {
      ...detail.bundle,
      members: await Promise.all(detail.bundle.members.map(async (m) => ({ ...m, departmentName: (await getDepartment(ctx.knex, m.departmentId))?.name ?? null }))),
    };
    res.json({
      ...detail,
      bundle,
      open: null,
      upgrade: { available: false, templateVersion: null, fromTemplateVersion: null },
      departmentName: department?.name ?? null,
      regionName: region?.name ?? null,
    });
  },

  async getItem(req, res) {
    res.json(await itemDetail(ctx, param(req, 'id')));
  },

  async updateItem(req, res) {
    const body = req.body as { data?: unknown; parameters?: Record<string, unknown>; name?: string };
    const userId = principalOf(res).id;
    const id = param(req, 'id');
    if (body.parameters !== undefined) {
      if (body.data !== undefined) throw new ApiError(400, 'VALIDATION_FAILED', 'Send either data or parameters, not both.', [{ path: '/body', message: 'data and parameters together' }]);
      res.json(versionView(await updateParameters(ctx, id, body.parameters, body.name, userId)));
      return;
    }
    if (body.data === undefined) throw new ApiError(400, 'VALIDATION_FAILED', 'Send data (the item version) or parameters (derived items).', [{ path: '/body/data', message: 'required' }]);
    res.json(versionView(await updateItem(ctx, id, body.data, userId)));
  },

  async listItemVersions(req, res) {
    res.json({ items: (await store.listVersions(ctx.knex, param(req, 'id'))).map(versionView) });
  },

  async submitItem(req, res) {
    res.json(versionView(await submitItem(ctx, param(req, 'id'), principalOf(res).id)));
  },

  async reviewItem(req, res) {
    const body = req.body as { decision: 'approve' | 'reject'; comment?: string };
    res.json(versionView(await reviewItem(ctx, param(req, 'id'), body.decision, body.comment, principalOf(res).id)));
  },

  async publishItem(req, res) {
    res.json(versionView(await publishItem(ctx, param(req, 'id'), principalOf(res).id)));
  },

  async retireItem(req, res) {
    res.json(versionView(await retireItem(ctx, param(req, 'id'))));
  },

  async diffItem(req, res) {
    const id = param(req, 'id');
    const number = queryText(req, 'version');
    const version = number === undefined ? ((await store.openVersion(ctx.knex, id)) ?? (await store.latestVersion(ctx.knex, id))) : await store.getVersion(ctx.knex, id, Number(number));
    if (!version) throw notFound('Item version', `${id}${number === undefined ? '' : ` v${number}`}`);
    res.json(diffVersions(version, await store.publishedVersion(ctx.knex, id)));
  },
});
