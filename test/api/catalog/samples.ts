/**
 * One valid request per catalogue route, for the permission matrix and the generated error
 * tests (spread into `support/samples.ts`). `place` puts the object inside or outside the
 * fixtures' town.
 */
import { expect } from 'chai';
import type { Response } from 'supertest';
import type { Actor } from '../../../runtime-api/src/identity/roles.js';
import type { CATALOG_OPERATIONS } from '../../../runtime-api/src/catalog/openapi.js';
import { type Harness, INSIDE_VILLAGE, OUTSIDE_TOWN, OUTSIDE_VILLAGE } from '../support/harness.js';
import type { Place, Sample } from '../support/samples.js';
import { itemData, makeDerived, makeItem, makeTemplate, unique } from './fixtures.js';

type Builder = (h: Harness, place: Place, actor: Actor) => Promise<Sample>;
const regionOf = (place: Place) => (place === 'inside' ? INSIDE_VILLAGE : OUTSIDE_VILLAGE);

/** A listing filtered to one object of `place`: non-admins see it only inside their region. */
function visibility(res: Response, actor: Actor, place: Place): void {
  expect((res.body as { total: number }).total, `${actor} ${place}`).to.equal(place === 'inside' || actor === 'admin' ? 1 : 0);
}

export const CATALOG_SAMPLES: Record<keyof typeof CATALOG_OPERATIONS, Builder> = {
  listItems: async (h, place) => {
    const code = `L-${unique()}`;
    await makeItem(h, regionOf(place), 'draft', { implCode: code });
    return { path: `/api/items?q=${code}`, check: visibility };
  },
  createItem: async (_h, place) => ({ path: '/api/items', body: { baseCode: `B${unique()}`, implCode: `C-${unique()}`, regionCode: regionOf(place), data: itemData() } }),
  getPublicItem: async (h, place) => ({ path: `/api/public/items/${await makeItem(h, regionOf(place), 'published')}` }),
  getItem: async (h, place) => ({ path: `/api/items/${await makeItem(h, regionOf(place), 'draft')}` }),
  updateItem: async (h, place) => ({ path: `/api/items/${await makeItem(h, regionOf(place), 'published')}`, body: { data: itemData({ name: '改名后的事项' }) } }),
  listItemVersions: async (h, place) => ({ path: `/api/items/${await makeItem(h, regionOf(place), 'draft')}/versions` }),
  submitItem: async (h, place) => ({ path: `/api/items/${await makeItem(h, regionOf(place), 'draft')}/submit` }),
  reviewItem: async (h, place) => ({ path: `/api/items/${await makeItem(h, regionOf(place), 'in_review')}/review`, body: { decision: 'approve', comment: '同意发布' } }),
  publishItem: async (h, place) => ({ path: `/api/items/${await makeItem(h, regionOf(place), 'approved')}/publish` }),
  retireItem: async (h, place) => ({ path: `/api/items/${await makeItem(h, regionOf(place), 'published')}/retire` }),
  diffItem: async (h, place) => ({ path: `/api/items/${await makeItem(h, regionOf(place), 'in_review')}/diff` }),
  deriveItem: async (h, place) => ({
    path: `/api/items/${await makeTemplate(h)}/derive`,
    body: { regionCode: regionOf(place), parameters: { handler: 'town-in', phone: '13800138000' }, implCode: `D-${unique()}` },
  }),
  // Inside: a template of the district, above the caller (readable); outside: another town's.
  listDerivedItems: async (h, place) => ({ path: `/api/items/${place === 'inside' ? await makeTemplate(h) : await makeTemplate(h, OUTSIDE_TOWN)}/derived` }),
  upgradeItem: async (h, place) => ({ path: `/api/items/${(await makeDerived(h, regionOf(place), { upgradable: true })).itemId}/upgrade` }),
  exportCatalogue: async (h, place) => {
    const code = `E-${unique()}`;
    await makeItem(h, regionOf(place), 'draft', { implCode: code });
    return {
      path: `/api/catalogue/export?q=${code}`,
      check: (res, actor) => expect((res.body as { items: unknown[] }).items.length, actor).to.equal(place === 'inside' || actor === 'admin' ? 1 : 0),
    };
  },
  exportCatalogueXlsx: async (h, place) => {
    const code = `X-${unique()}`;
    await makeItem(h, regionOf(place), 'draft', { implCode: code });
    return { path: `/api/catalogue/export.xlsx?q=${code}` };
  },
  // Outside: a partial import, whose row is refused for callers who do not reach that region.
  importCatalogue: async (_h, place) => ({
    path: place === 'inside' ? '/api/catalogue/import' : '/api/catalogue/import?partial=true',
    body: { items: [{ baseCode: `B${unique()}`, implCode: `I-${unique()}`, regionCode: regionOf(place), data: itemData() }] },
    check: (res, actor) => expect((res.body as { created: number }).created, actor).to.equal(place === 'inside' || actor === 'admin' ? 1 : 0),
  }),
};
