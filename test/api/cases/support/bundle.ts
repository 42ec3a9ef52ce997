/**
 * Bundle (一件事) fixtures: two published member items (one with a review step, one concluded
 * at acceptance, so their processes differ) and a bundle of them taken through the catalogue's
 * real lifecycle — composition, review, publication — as the catalogue fixtures' author and reviewer.
 */
import type { RunningServer } from '../../../../runtime-api/src/index.js';
import { createItem, publishItem as publishCatalogItem, reviewItem, submitItem } from '../../../../runtime-api/src/catalog/lifecycle.js';
import { getItem } from '../../../../runtime-api/src/catalog/store.js';
import type { ItemData } from '../../../../runtime-api/src/catalog/types.js';
import { AUTHOR, REVIEWER, unique } from '../../catalog/fixtures.js';
import { DISTRICT, publishItem } from './fixtures.js';

/** A bundle's own part; `members` by 实施编码. */
export function bundleData(members: readonly string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '开办测试小店（一件事）',
    itemType: '20',
    // The bundle's window: its clerks (town-in:clerk) accept for all members.
    departmentId: 'town-in',
    legalLimit: { value: 20, unit: 'workingDays' },
    promisedLimit: { value: 5, unit: 'workingDays' },
    immediate: false,
    onSiteVisits: 0,
    onlineDepth: 4,
    materials: [],
    situations: [],
    fees: [],
    theme: '企业设立',
    applicantTypes: ['naturalPerson'],
    bundle: { members: members.map((implCode) => ({ implCode })) },
    ...overrides,
  };
}

export const implCodeOf = async (server: RunningServer, itemId: string): Promise<string> => (await getItem(server.context.knex, itemId))!.implCode;

/** Two published members: 1 runs `case_basic` (accept → review), 2 runs `case_immediate` (concluded at acceptance). */
export async function publishMembers(server: RunningServer, data: { first?: Partial<ItemData>; second?: Partial<ItemData> } = {}): Promise<string[]> {
  const first = await publishItem(server, { data: { name: '成员甲：食品经营许可', ...data.first } });
  const second = await publishItem(server, { processKey: 'case_immediate', data: { name: '成员乙：个体工商户登记', immediate: true, promisedLimit: { value: 0, unit: 'workingDays' }, ...data.second } });
  return [await implCodeOf(server, first), await implCodeOf(server, second)];
}

/** A published bundle of `members` (default: two new members); returns its id and 实施编码. */
export async function publishBundle(server: RunningServer, options: { members?: readonly string[]; data?: Record<string, unknown>; regionCode?: string } = {}): Promise<{ id: string; implCode: string; members: readonly string[] }> {
  const members = options.members ?? (await publishMembers(server));
  const implCode = `YJS${unique()}`;
  const ctx = server.context;
  const id = await createItem(ctx, { baseCode: 'YJS0001', implCode, regionCode: options.regionCode ?? DISTRICT, kind: 'bundle', data: options.data ?? bundleData(members) }, AUTHOR);
  await submitItem(ctx, id, AUTHOR);
  await reviewItem(ctx, id, 'approve', '同意', REVIEWER);
  await publishCatalogItem(ctx, id, REVIEWER);
  return { id, implCode, members };
}
