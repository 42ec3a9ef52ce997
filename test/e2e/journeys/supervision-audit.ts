/** Supervision dashboard (cards, 三率一数 with charts, overdue), audit log, lint of a definition. */
import { check, step } from '../support/harness.js';
import { login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';

export const supervisionAuditJourney: Journey = {
  name: 'watch',
  async run({ base, browser }) {
    const page = await newPage(browser);

    await step('the supervisor opens the dashboard: cards, 三率一数 for the month, overdue list', async () => {
      await login(page, base, 'supervisor', 'demo1234');
      await page.locator('[data-test=nav-supervision]').click();
      await page.locator('[data-test=cards]').waitFor();
      await page.locator('.el-tabs__item', { hasText: '三率一数' }).click();
      await page.locator('[data-test=metrics]').waitFor();
      check((await page.locator('[data-test=metrics]').textContent())?.includes('合计'), 'a total row');
      await shot(page, '40-supervision-metrics');
      // Charts under the table: the six-month trend always; per group when the period has cases.
      await page.locator('[data-test=chart-trend] canvas').waitFor();
      const groups = await page.locator('[data-test=metrics] .el-table__row:not(.total-row)').count();
      await page.locator(groups > 0 ? '[data-test=chart-rates] canvas' : '[data-test=metrics-charts] .el-empty').waitFor();
      check((await page.locator('[data-test=chart-handling] canvas').count()) === (groups > 0 ? 1 : 0), 'a handling-time chart when there are groups');
      await page.locator('[data-test=metrics-charts]').scrollIntoViewIfNeeded();
      await shot(page, '40b-supervision-charts');
      await page.locator('.el-tabs__item', { hasText: '超期办件' }).click();
      await page.locator('[data-test=overdue]').waitFor();
    });

    await step('the audit log shows entries and the chain is intact', async () => {
      await page.locator('[data-test=nav-audit]').click();
      await page.locator('[data-test=chain-status]', { hasText: '哈希链完整' }).waitFor();
      await page.locator('[data-test=audit-log] .el-table__row').first().waitFor();
      await shot(page, '41-audit');
      // The town editor's submission (town journey) is in the supervisor's county; sign-ins carry no region.
      await page.locator('input[data-test=audit-operation]').fill('submitItem');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test=audit-log] .el-table__row')].every((r) => r.textContent?.includes('submitItem')));
      check((await page.locator('[data-test=audit-log] .el-table__row').count()) > 0, 'filtered by operation');
      await page.locator('[data-test=audit-log] .el-table__expand-icon').first().click();
      await shot(page, '42-audit-filtered');
    });

    await step('bpmnlint checks a deployed definition: the construction permit joins two flows at a task', async () => {
      await page.locator('[data-test=lint-definition]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: 'construction_permit' }).first().click();
      const row = page.locator('[data-test=lint-results] .el-table__row', { hasText: 'Task_Issue' }).first();
      await row.waitFor();
      check((await row.textContent())?.includes('fake-join'), `rule named: ${await row.textContent()}`);
      await page.locator('[data-test=lint-summary]').waitFor();
      await page.locator('[data-test=definition-lint] .djs-container').waitFor();
      await page.locator('[data-test=definition-lint]').scrollIntoViewIfNeeded();
      await shot(page, '43-audit-lint');
    });

    await page.close();
  },
};
