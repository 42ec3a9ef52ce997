/** Pages that record console errors, screenshots, signing in, and Element Plus helpers. */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { setCurrentPage } from './harness.js';
import { SHOTS, VIEWPORT } from './paths.js';

/** Every console error and failed request of every page opened with newPage; the runner asserts none. */
export const consoleErrors: string[] = [];

export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
  // Name the request behind a "Failed to load resource" console error.
  page.on('response', (res) => {
    if (res.status() >= 400) consoleErrors.push(`  ↳ ${res.request().method()} ${res.url()} → ${res.status()}`);
  });
  page.setDefaultTimeout(10_000);
  setCurrentPage(page);
  return page;
}

export async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(SHOTS, `${name}.png`);
  await page.waitForTimeout(400); // let Element Plus finish its enter transitions (tags zoom in)
  await page.screenshot({ path: file });
  return file;
}

export async function login(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('input[data-test=username]').fill(username);
  await page.locator('input[data-test=password]').fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Picks an option of the Element Plus select whose wrapper carries data-test. */
export async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.locator(`[data-test=${testId}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** Types values into an allow-create multiple select. */
export async function addTags(page: Page, selector: string, values: string[]): Promise<void> {
  await page.locator(selector).click();
  for (const v of values) {
    await page.keyboard.type(v);
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('Escape');
}
