/** Town workspace: a village item from the county template, parameters only. */
import { check, step } from '../support/harness.js';
import { login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';

export const townJourney: Journey = {
  name: 'town',
  async run({ base, browser }) {
    const page = await newPage(browser);
    const village = `五山社区（东区${String(Date.now()).slice(-4)}）`;

    await step('a town editor sees the county template and creates a village item from its parameters only', async () => {
      await login(page, base, 'towneditor', 'demo1234');
      await page.locator('[data-test=nav-townWorkspace]').click();
      await page.locator('[data-test=templates]').waitFor();
      await page.locator('[data-test="derive-20440106CJ0001440106"]').click();
      await page.locator('[data-test=template-params]').waitFor();
      check((await page.locator('input[data-test=derived-impl-code]').inputValue()).endsWith('-2'), 'a free 实施编码 is suggested');
      await page.locator('[data-test=wizard-next]').click();
      await page.locator('.el-form-item__error', { hasText: '必填' }).first().waitFor();
      await page.locator('input[data-test=param-village]').fill(village);
      await page.locator('input[data-test=param-phone]').fill('020-87110009');
      await shot(page, '30-town-wizard-params');
      await page.locator('[data-test=wizard-next]').click();
      await page.locator('[data-test=wizard] [data-test=service-guide]').waitFor();
      const guide = (await page.locator('[data-test=wizard] [data-test=service-guide]').textContent()) ?? '';
      check(guide.includes(`${village}开具居住证明`), 'the guide shows the filled name');
      check(guide.includes('020-87110009'), 'the contact with the phone');
      await shot(page, '31-town-wizard-guide');
      await page.locator('[data-test=wizard-next]').click();
      await page.locator('[data-test=wizard] .el-form, [data-test=wizard] form').first().waitFor();
      await shot(page, '32-town-wizard-form');
      await page.locator('[data-test=wizard-submit]').click();
      await page.locator('[data-test=wizard-done]').waitFor();
      await page.locator('[data-test=wizard] .el-dialog__footer button', { hasText: '关闭' }).click();
      const row = page.locator('[data-test=town-items] tr', { hasText: `${village}开具居住证明` });
      await row.waitFor();
      check((await row.textContent())?.includes('审核中'), 'submitted for town review');
      await shot(page, '33-town-items');
    });

    await page.close();
  },
};
