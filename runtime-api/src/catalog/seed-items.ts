/**
 * Seeds the examples' service items on development starts: each `examples/<item>/item.json`
 * (with its `form.json`) is created, submitted, approved and published pinned to the process
 * the start just deployed — once: an item whose 实施编码 exists is left as it is (editors may
 * have changed it since). A template's `derived` entries become published village items.
 * The seed acts as two users, `system:seed` (author) and `system:seed-review` (reviewer), so
 * the history says where these versions came from.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FormDefinition } from '@tongban/forms';
import { ApiError } from '../errors.js';
import { type CatalogContext, createItem, publishItem, reviewItem, submitItem } from './lifecycle.js';
import { findItem } from './store.js';
import { deriveItem } from './templates.js';

const AUTHOR = 'system:seed';
const REVIEWER = 'system:seed-review';

interface ExampleItem {
  readonly baseCode: string;
  readonly implCode: string;
  readonly regionCode: string;
  readonly isTemplate?: boolean;
  /** `bundle` (一件事): no form.json — form and process are composed from the members. */
  readonly kind?: 'item' | 'bundle';
  readonly data: Record<string, unknown>;
  readonly derived?: ReadonlyArray<{ regionCode: string; parameters: Record<string, unknown>; implCode?: string }>;
}

async function publish(ctx: CatalogContext, id: string): Promise<void> {
  await submitItem(ctx, id, AUTHOR);
  await reviewItem(ctx, id, 'approve', '示例事项，首次启动时发布', REVIEWER);
  await publishItem(ctx, id, REVIEWER);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Creates and publishes the examples' items that do not exist yet; returns their 实施编码.
 * Bundles come after every item, since they compose their members' published versions; a
 * bundle whose members are missing is left out (logged by the caller through the return value).
 */
export async function seedExampleItems(ctx: CatalogContext, examplesDir: string): Promise<string[]> {
  let folders: string[];
  try {
    folders = (await readdir(examplesDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  const examples: Array<{ item: ExampleItem; form: FormDefinition | undefined }> = [];
  for (const folder of folders) {
    const item = await readJson<ExampleItem>(join(examplesDir, folder, 'item.json'));
    if (item) examples.push({ item, form: await readJson<FormDefinition>(join(examplesDir, folder, 'form.json')) });
  }
  const ordered = [...examples.filter((e) => e.item.kind !== 'bundle'), ...examples.filter((e) => e.item.kind === 'bundle')];
  const created: string[] = [];
  for (const { item, form } of ordered) {
    const bundle = item.kind === 'bundle';
    if ((!form && !bundle) || (await findItem(ctx.knex, item.implCode))) continue;
    const data = bundle ? item.data : { ...item.data, form };
    const input = { baseCode: item.baseCode, implCode: item.implCode, regionCode: item.regionCode, isTemplate: item.isTemplate ?? false, kind: item.kind ?? 'item', data } as const;
    // A bundle whose members are not there (an example folder removed) must not stop the server starting.
    const id = await createItem(ctx, input, AUTHOR).catch((error: unknown) => {
      if (bundle && error instanceof ApiError && error.status < 500) return undefined;
      throw error;
    });
    if (id === undefined) continue;
    await publish(ctx, id);
    created.push(item.implCode);
    for (const derived of item.derived ?? []) {
      const derivedId = await deriveItem(ctx, id, derived, AUTHOR);
      await publish(ctx, derivedId);
      created.push(derived.implCode ?? `${item.baseCode}-${derived.regionCode}`);
    }
  }
  return created;
}
