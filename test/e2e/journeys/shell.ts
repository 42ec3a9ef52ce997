/** Always runs: the login page, the admin menu, and which screens each role sees. */
import { check, step } from '../support/harness.js';
import { login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';

export const shellJourney: Journey = {
  name: 'shell',
  async run({ base, browser }) {
    const page = await newPage(browser);

    await step('login page is Chinese and fits 1366×768', async () => {
      await page.goto(`${base}/login`);
      await page.locator('[data-test=login-submit]').waitFor();
      check((await page.locator('h1').textContent())?.includes('登录通办'), 'the title is 登录通办');
      await shot(page, '01-login');
    });

    await step('admin logs in and sees every menu item', async () => {
      await login(page, base, 'admin', 'admin1234');
      await page.locator('[data-test=nav]').waitFor();
      for (const key of ['home', 'catalogue', 'processDesigner', 'definitions', 'formDesigner', 'townWorkspace', 'workbench', 'supervision', 'audit']) {
        check(await page.locator(`[data-test=nav-${key}]`).isVisible(), `menu item ${key}`);
      }
      check(await page.locator('[data-test=region-switcher]').isVisible(), 'region switcher for the admin');
      await shot(page, '02-home-admin');
    });

    await step('no screen is a 待实现 placeholder any more', async () => {
      for (const key of ['catalogue', 'townWorkspace', 'supervision', 'audit']) {
        await page.locator(`[data-test=nav-${key}]`).click();
        await page.waitForLoadState('networkidle');
        check((await page.locator('[data-test=placeholder]').count()) === 0, `${key} is built`);
      }
    });

    await page.close();

    await step('an editor sees design screens, not the workbench', async () => {
      const p = await newPage(browser);
      await login(p, base, 'editor', 'demo1234');
      await p.locator('[data-test=nav]').waitFor();
      check(await p.locator('[data-test=nav-processDesigner]').isVisible(), 'process designer');
      check((await p.locator('[data-test=nav-workbench]').count()) === 0, 'no workbench');
      check(await p.locator('[data-test=region-switcher]').isVisible(), 'region switcher for a city editor');
      await p.close();
    });

    await step('a clerk sees the workbench, not the designer; no region switcher at county level is shown too', async () => {
      const p = await newPage(browser);
      await login(p, base, 'townclerk', 'demo1234');
      await p.locator('[data-test=nav]').waitFor();
      check(await p.locator('[data-test=nav-workbench]').isVisible(), 'workbench');
      check((await p.locator('[data-test=nav-processDesigner]').count()) === 0, 'no designer');
      check((await p.locator('[data-test=region-switcher]').count()) === 0, 'no region switcher in a town');
      await p.goto(`${base}/designer/process`);
      await p.locator('text=无权访问').waitFor();
      await shot(p, '09-town-clerk-forbidden');
      await p.close();
    });
  },
};
