/** Clerk workbench: window intake as a case (case number, receipt), inbox, claim, task detail, accept; the market approver rejects. */
import { idCardCheckChar, usccCheckChar } from '../../../forms/src/index.js';
import { api, apiToken } from '../support/api.js';
import { check, step } from '../support/harness.js';
import { login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';

const COMPANY = '广州市天河区窗口测试餐饮有限公司';
const USCC = (() => {
  const base = `91440106MB${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  return base + usccCheckChar(base);
})();
const REP_ID = (() => {
  const base = '44010619900101043';
  return base + idCardCheckChar(base);
})();

export const workbenchJourney: Journey = {
  name: 'workbench',
  async run({ base, browser }) {
    const page = await newPage(browser);
    let caseNo = '';

    await step('a clerk registers a case at the window: item, applicant with agent, form; the server numbers it', async () => {
      await login(page, base, 'clerk', 'demo1234');
      await page.locator('[data-test=nav-workbench]').click();
      await page.locator('[data-test=inbox]').waitFor();
      await page.locator('[data-test=intake-open]').click();
      const dialog = page.locator('[data-test=intake-dialog]');
      await dialog.waitFor();
      // The food-business-licence example, found by searching the published items.
      await dialog.locator('[data-test=intake-item] input').fill('食品经营');
      await page.locator('.el-select-dropdown__item:visible', { hasText: '食品经营许可（新办）' }).click();
      await dialog.locator('[data-test=intake-form]').waitFor();
      check((await dialog.locator('[data-test=intake-form]').textContent())?.includes('内部备注') === false, 'fields hidden at the applicant step are not offered');
      await dialog.locator('input[data-test=intake-name]').fill(COMPANY);
      await dialog.locator('input[data-test=intake-uscc]').fill(USCC);
      await dialog.locator('input[data-test=intake-agent-name]').fill('张三');
      await dialog.locator('input[data-test=intake-agent-id]').fill('11010519491231002X');
      const field = (path: string) => dialog.locator(`[data-test=intake-form] :is(input[data-test="field-${path}"], [data-test="field-${path}"] input)`).first();
      await field('applicant.name').fill(COMPANY);
      await field('applicant.uscc').fill(USCC);
      await field('applicant.legalRepresentative').fill('李四');
      await field('applicant.legalRepresentativeId').fill(REP_ID);
      await field('applicant.mobile').fill('13800138000');
      await field('premises.regionCode').fill('440106');
      await field('premises.address').fill('天河区五山路100号首层');
      await field('premises.area').fill('120');
      await dialog.locator('[data-test="field-foodCategories"] .el-checkbox', { hasText: '热食类食品制售' }).click();
      await shot(page, '10-workbench-intake');
      await dialog.locator('[data-test=intake-submit]').click();
      const number = dialog.locator('[data-test=intake-case-no]');
      await number.waitFor();
      caseNo = (await number.textContent())?.trim() ?? '';
      // The rule (case-number.ts): county code + the item's basic code + YYYYMMDD + five-digit serial.
      check(/^44010611440106MB2C0001XK\d{13}$/.test(caseNo), `the case number follows the rule: ${caseNo}`);
      check((await dialog.locator('[data-test=intake-receipt]').textContent())?.includes(COMPANY), 'the receipt names the applicant');
      await page.locator('[data-test=intake-open-task]').waitFor();
      await shot(page, '10b-workbench-intake-receipt');
      await dialog.locator('.el-dialog__footer .el-button', { hasText: '关闭' }).click();
      await dialog.waitFor({ state: 'hidden' });
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
      check((await page.locator('[data-test=applicant]').textContent())?.includes(COMPANY), 'the applicant is shown');
      check((await page.locator('[data-test=applicant]').textContent())?.includes(USCC), 'the credit code is shown');
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

    await step('a case in 补正 shows what is missing at the window; 补正提交 puts it back to 待受理', async () => {
      const clerk = await apiToken(base, 'clerk');
      const kase = await api<{ id: string; caseNo: string }>(base, clerk, 'POST', '/api/cases', {
        itemId: '11440106MB2C0001XK440106',
        regionCode: '440106',
        channel: 'window',
        applicant: { type: 'legalPerson', name: COMPANY, uscc: USCC, legalRepresentative: '李四' },
        formData: {
          applicant: { name: COMPANY, uscc: USCC, legalRepresentative: '李四', legalRepresentativeId: REP_ID, mobile: '13800138000' },
          premises: { regionCode: '440106', address: '天河区五山路100号首层', area: 120 },
          foodCategories: ['热食类食品制售'],
        },
      });
      const supplemented = await api<{ openTasks: Array<{ id: string }> }>(base, clerk, 'POST', `/api/cases/${kase.id}/supplement`, {
        missingMaterials: [{ name: '经营场所平面图', reason: '未标注面积' }],
        reason: '材料不全',
      });
      await page.goto(`${base}/workbench/tasks/${supplemented.openTasks[0]!.id}`);
      const card = page.locator('[data-test=supplement-card]');
      await card.waitFor();
      check((await card.textContent())?.includes('经营场所平面图'), 'the missing material is listed');
      check((await page.locator('[data-test=task-head]').textContent())?.includes('补正'), 'the case status reads 补正');
      await shot(page, '16-workbench-supplement');
      await page.locator('[data-test=action-resubmit]').click();
      await page.locator('.el-message--success').waitFor();
      await card.waitFor({ state: 'detached' });
      await page.locator('[data-test=task-head]', { hasText: '待受理' }).waitFor();
      const after = await api<{ status: string; materials: Array<{ name: string }> }>(base, clerk, 'GET', `/api/cases/${kase.id}`);
      check(after.status === 'submitted', `the case is back to 待受理: ${after.status}`);
      check(after.materials.some((m) => m.name === '经营场所平面图'), 'the brought material is recorded as received');
    });

    await page.close();
  },
};
