/** The simple approval builder: adding nodes to the chain. */
import type { Page } from 'playwright-core';

/** Clicks a "+" button, then a node type in the popover that opened. */
export async function addNode(page: Page, plus: ReturnType<Page['locator']>, type: string): Promise<void> {
  await plus.click();
  await page.locator(`[data-test=add-${type}]:visible`).click();
  await page.locator(`[data-test=add-${type}]:visible`).waitFor({ state: 'hidden' });
}

/** The "+" buttons of the outermost chain (not those inside branches). */
export function topPlus(page: Page): ReturnType<Page['locator']> {
  return page.locator('[data-test=simple-builder] .flow > .chain > .add [data-test=add-node]');
}
