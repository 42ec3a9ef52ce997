/** Clerk workbench: window intake, inbox, claim, task detail, accept; the market approver rejects. */
import { check, step } from '../support/harness.js';
import { login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';

export const workbenchJourney: Journey = {
  name: 'workbench',
  async run({ base, browser }) {
    const page = await newPage(browser);
    const caseNo = `E2E${Date.now()}`;

    await step('a clerk registers a case at the window', async () => {
      await login(page, base, 'clerk', 'demo1234');
      await page.locator('[data-test=nav-workbench]').click();
      await page.locator('[data-test=inbox]').waitFor();
      await page.locator('[data-test=intake-open]').click();
      await page.locator('[data-test=intake-dialog]').waitFor();
      // The food-business-licence example.
      await page.locator('[data-test=intake-process]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: 'food_business_licence' }).click();
      await page.locator('input[data-test=intake-caseno]').fill(caseNo);
      await page.locator('input[data-test=intake-name]').fill('张三');
      await page.locator('input[data-test=intake-id]').fill('11010519491231002X');
      await shot(page, '10-workbench-intake');
      await page.locator('[data-test=intake-submit]').click();
      await page.locator('.el-message--success').waitFor();
    });

    await step('the inbox counts it among the group tasks, with its case number', async () => {
      await page.locator('[data-test=count-groups]').click();
      const row = page.locator('[data-test=inbox] tr', { hasText: caseNo });
      await row.waitFor();
      check((await row.textContent())?.includes('窗口受理'), 'the step name is shown');
      check(Number(await page.locator('[data-test=count-groups] .num').textContent()) >= 1, 'the group counter counts it');
      await shot(page, '11-workbench-inbox');
    });

    await step('the clerk claims and opens the task: applicant, data, diagram with the current step, history', async () => {
      await page.locator('[data-test=inbox] tr', { hasText: caseNo }).locator('[data-test=claim-task]').click();
      await page.locator('[data-test=task-head]').waitFor();
      check((await page.locator('[data-test=task-head]').textContent())?.includes(caseNo), 'the header names the case');
      check((await page.locator('[data-test=applicant]').textContent())?.includes('张三'), 'the applicant is shown');
      check((await page.locator('[data-test=applicant]').textContent())?.includes('110105********002X'), 'the ID number is masked');
      await page.locator('[data-test=action-accept]').waitFor();
      await shot(page, '12-task-form');
      await page.locator('.detail-tabs .el-tabs__item', { hasText: '流程图' }).click();
      await page.locator('.bpmn-viewer .djs-element.tb-current[data-element-id="accept"]').waitFor();
      check(await page.locator('.bpmn-viewer .djs-element.tb-finished[data-element-id="Start_Applied"]').count(), 'the start event is finished');
      await shot(page, '13-task-diagram');
      await page.locator('.detail-tabs .el-tabs__item', { hasText: '办理记录' }).click();
      await page.locator('[data-test=task-history]', { hasText: '领取' }).waitFor();
    });

    await step('the clerk accepts the case with a comment; the next steps go to the departments', async () => {
      await page.locator('[data-test=action-accept]').click();
      await page.locator('[data-test=action-dialog]').waitFor();
      await page.locator('textarea[data-test=action-comment]').fill('材料齐全，符合法定形式，予以受理。');
      await shot(page, '14-task-accept-dialog');
      await page.locator('[data-test=action-confirm]').click();
      await page.locator('[data-test=inbox]').waitFor();
      check((await page.locator('[data-test=inbox] tr', { hasText: caseNo }).count()) === 0, 'the task left the clerk’s inbox');
    });

    await step('the market approver sees the review task, with the accept comment in the history', async () => {
      const p = await newPage(browser);
      await login(p, base, 'market', 'demo1234');
      await p.goto(`${base}/workbench`);
      await p.locator('[data-test=count-groups]').click();
      const row = p.locator('[data-test=inbox] tr', { hasText: caseNo });
      await row.waitFor();
      await row.locator('[data-test=claim-task]').click();
      await p.locator('[data-test=action-approve]').waitFor();
      await p.locator('.detail-tabs .el-tabs__item', { hasText: '办理记录' }).click();
      await p.locator('[data-test=task-history]', { hasText: '材料齐全，符合法定形式，予以受理。' }).waitFor();
      await p.locator('[data-test=action-return]').waitFor();
      await shot(p, '15-approver-history');
      await p.locator('[data-test=action-reject]').click();
      check(await p.locator('[data-test=action-confirm]').isDisabled(), 'a rejection needs a reason');
      await p.locator('textarea[data-test=action-comment]').fill('经营场所与申请不符。');
      await p.locator('[data-test=action-confirm]').click();
      await p.locator('[data-test=inbox]').waitFor();
      await p.close();
    });

    await page.close();
  },
};
