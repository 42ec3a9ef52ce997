/** Form designer: palette, drag and drop, preview with ID-number check, step permission matrix. */
import { check, step } from '../support/harness.js';
import { login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';

export const formDesignerJourney: Journey = {
  name: 'form',
  async run({ base, browser }) {
    const page = await newPage(browser);

    await step('an editor builds a form from the palette (click and drag) and reorders by dragging', async () => {
      await login(page, base, 'editor', 'demo1234');
      await page.locator('[data-test=nav-formDesigner]').click();
      await page.locator('[data-test=form-designer]').waitFor();
      await page.locator('input[data-test=form-title]').fill('个体工商户设立登记申请表');
      await page.locator('[data-test=palette-text]').click();
      await page.locator('input[data-test=fd-label]').fill('经营者姓名');
      await page.locator('[data-test=fd-required]').click();
      await page.locator('[data-test=palette-idNumber]').click();
      await page.locator('[data-test=palette-radio]').click();
      await page.locator('[data-test=palette-address]').click();
      // Drag a table from the palette to the top of the form.
      await page.locator('[data-test=palette-table]').dragTo(page.locator('[data-test=fd-field-text1]'));
      const order = async () => (await page.locator('[data-test=fd-canvas] [data-field-type]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field-type'))));
      check(JSON.stringify(await order()) === JSON.stringify(['table', 'text', 'idNumber', 'radio', 'address']), `dropped at the top: ${JSON.stringify(await order())}`);
      // Drag the table below the address.
      await page.locator('[data-test=fd-field-rows1]').dragTo(page.locator('[data-test=fd-canvas] .drop-end'));
      check(JSON.stringify(await order()) === JSON.stringify(['text', 'idNumber', 'radio', 'address', 'table']), `moved to the end: ${JSON.stringify(await order())}`);
      await page.locator('[data-test=fd-field-idNumber1]').click();
      await page.locator('input[data-test=fd-label]').fill('经营者身份证号');
      await page.locator('[data-test=fd-required]').click();
      await shot(page, '16-form-designer');
    });

    await step('the preview renders the generated schema and checks the ID number in the browser', async () => {
      await page.locator('.fd-tabs .el-tabs__item', { hasText: '预览' }).click();
      await page.locator('[data-test=fd-preview]').waitFor();
      await page.locator('input[data-test="field-idNumber1"]').fill('110105194912310021');
      await page.locator('[data-test=fd-preview]', { hasText: '身份证号码格式或校验位不正确' }).waitFor();
      await page.locator('input[data-test="field-idNumber1"]').fill('11010519491231002X');
      await page.locator('input[data-test="field-text1"]').fill('张三');
      await page.waitForTimeout(200);
      check((await page.locator('[data-test=fd-preview]').textContent())?.includes('身份证号码格式或校验位不正确') === false, 'a correct number passes');
      await shot(page, '17-form-preview');
    });

    await step('the permission matrix sets a field hidden at a review step; the preview as that step hides it', async () => {
      await page.locator('[data-test=fd-process]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: 'food_business_licence' }).click();
      await page.locator('.fd-tabs .el-tabs__item', { hasText: '环节权限' }).click();
      await page.locator('[data-test=fd-matrix] table th', { hasText: '市场监管局审查' }).waitFor();
      const cell = page.locator('[data-test="perm-Task_MarketReview-/idNumber1"]');
      await cell.locator('label', { hasText: '隐藏' }).click();
      check(await cell.locator('.is-active', { hasText: '隐藏' }).count(), 'the cell is hidden');
      check(await page.locator('[data-test="perm-Start_Applied-/idNumber1"] .is-active', { hasText: '编辑' }).count(), 'the applicant edits it');
      await shot(page, '18-form-matrix');
      await page.locator('.fd-tabs .el-tabs__item', { hasText: '预览' }).click();
      await page.locator('[data-test=fd-preview-step]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '市场监管局审查' }).click();
      await page.waitForTimeout(200);
      check((await page.locator('input[data-test="field-idNumber1"]').count()) === 0, 'hidden at the market review');
      check(await page.locator('input[data-test="field-text1"]').isDisabled(), 'read-only at the market review');
      await page.locator('.fd-tabs .el-tabs__item', { hasText: 'JSON' }).click();
      check((await page.locator('[data-test=fd-json]').textContent())?.includes('"format": "id-card"'), 'the JSON has the format');
    });

    await page.close();
  },
};
