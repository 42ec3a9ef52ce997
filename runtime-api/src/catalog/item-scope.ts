/**
 * The region rule for one item (route-table scopes `item` and `itemRead`): an item belongs to
 * its region, so a role held there or above reaches it (a town editor reaches the town's and
 * its villages' items, nothing else). `itemRead` also lets callers below a template read it —
 * a town editor must see the county's template to derive village items from it.
 */
import type { Knex } from 'knex';
import { ApiError, notFound } from '../errors.js';
import { scopeReaches } from '../identity/principal.js';
import { getItem } from './store.js';

/** Is a template in `templateRegion` readable by a caller whose scope lies below it? */
export function templateAbove(scope: readonly string[] | null, templateRegion: string): boolean {
  return scope !== null && scope.some((s) => s.startsWith(templateRegion));
}

export async function checkItemScope(knex: Knex, itemId: string, scope: readonly string[] | null, mode: 'item' | 'itemRead'): Promise<void> {
  const item = await getItem(knex, itemId);
  if (!item) throw notFound('Item', itemId);
  if (scopeReaches(scope, item.regionCode)) return;
  if (mode === 'itemRead' && item.isTemplate && templateAbove(scope, item.regionCode)) return;
  throw new ApiError(403, 'OUTSIDE_REGION', 'This item belongs to a region outside yours.');
}
