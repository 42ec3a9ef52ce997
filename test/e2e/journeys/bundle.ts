/**
 * Bundles (一件事): an editor opens the seeded 开办餐饮店 bundle from the catalogue, sees its two
 * members in order with the certificate the registration issues, the published items the member
 * search offers, and what the server composed — the outline, the merged materials and who asks
 * for each, the 营业执照 no longer asked (the seeded bundle is not changed). Then the editor makes
 * a new bundle of the same two items from the catalogue list; saving it shows what the server composed.
 */
import { check, step } from '../support/harness.js';
import { choose, login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';

const BUNDLE = '11440106YJS0001CY440106';
const REGISTRATION = '20440106GT0001440106';
const FOOD = '11440106MB2C0001XK440106';

export const bundleJourney: Journey = {
  name: 'bundle',
  async run({ base, browser }) {
    const page = await newPage(browser);
    const stamp = String(Date.now()).slice(-6);
    const newCode = `11440106YJSE2E${stamp}440106`;

    await step('an editor finds the 开办餐饮店 bundle in the catalogue and opens it in the editor', async () => {
      await login(page, base, 'editor', 'demo1234');
      await page.locator('[data-test=nav-catalogue]').click();
      await page.locator('input[data-test=catalogue-search]').fill('开办餐饮店');
      await page.keyboard.press('Enter');
      await page.locator(`[data-test=bundle-${BUNDLE}]`).waitFor();
      await page.locator('[data-test=item-table] tr', { hasText: '开办餐饮店' }).getByRole('button', { name: '编辑' }).click();
      await page.locator('[data-test=item-editor] [data-test=bundle-tag]').waitFor();
    });

    await step('the members tab lists both members in order, the registration issuing the 营业执照', async () => {
      await page.getByRole('tab', { name: /成员事项/ }).click();
      const table = page.locator('[data-test=member-table]');
      await table.locator(`[data-test=member-${REGISTRATION}]`).waitFor();
      const rows = await table.locator('.el-table__body tr').allTextContents();
      check(rows.length === 2, `two members, got ${rows.length}`);
      check(rows[0]!.includes('个体工商户设立登记') && rows[1]!.includes('食品经营许可（新办）'), `members in order: ${rows.join(' | ')}`);
      check((await table.locator('input[data-test=member-issues-0]').inputValue()) === '营业执照', 'the registration issues the 营业执照');
      check(!(await page.locator('[data-test=member-warning]').count()), 'no warning: both members are published');
      await shot(page, '29-bundle-members');
    });

    await step('the member search offers published items, not the members already listed', async () => {
      await page.locator('[data-test=member-search]').click();
      await page.locator('.el-select-dropdown__item:visible').first().waitFor();
      const offered = await page.locator('.el-select-dropdown__item:visible').allTextContents();
      check(offered.length > 0, 'some published items are offered');
      check(!offered.some((o) => o.includes(REGISTRATION) || o.includes(FOOD) || o.includes(BUNDLE)), `members and the bundle itself are not offered: ${offered.join(' | ')}`);
      await page.keyboard.press('Escape');
    });

    await step('the composition shows the outline, the merged materials with who asks for each, and the 营业执照 no longer asked', async () => {
      await page.getByRole('tab', { name: '组合结果' }).click();
      const outline = (await page.locator('[data-test=bundle-outline]').textContent()) ?? '';
      check(/一窗受理.*个体工商户设立登记.*食品经营许可（新办）.*办结/.test(outline), `outline: ${outline}`);
      const materials = page.locator('[data-test=bundle-materials] .el-table__body tr');
      check((await materials.first().textContent())?.includes('联办申请表'), 'the bundle’s own application form first');
      const both = await materials.filter({ hasText: '个体工商户设立登记、食品经营许可（新办）' }).count();
      check(both > 0, 'a material both members ask for is asked once');
      check((await page.locator('[data-test=bundle-replaced]').textContent())?.includes('营业执照'), 'the 营业执照 is no longer asked');
      check((await page.locator('[data-test=bundle-fields]').count()) > 0, 'the merged form fields are listed');
      await shot(page, '29-bundle-composition');
    });

    await step('the editor creates a new bundle: codes, lead department, limit, two members picked in the search; saved, the server composes it', async () => {
      await page.locator('[data-test=nav-catalogue]').click();
      await page.locator('[data-test=new-bundle]').click();
      await page.locator('input[data-test=base-code]').waitFor();
      check((await page.locator('[data-test=item-editor] .page-title').textContent())?.includes('新建一件事'), 'the new bundle editor');
      await page.locator('input[data-test=base-code]').fill(`11440106YJSE2E${stamp}`);
      await page.locator('input[data-test=impl-code]').fill(newCode);
      await choose(page, 'item-region', '天河区');
      await page.locator('input[data-test=item-name]').fill(`开办小吃店（E2E${stamp}）`);
      await choose(page, 'item-department', '天河区市场监督管理局');
      await page.locator('.el-tabs__item', { hasText: '时限与办理' }).click();
      await page.locator('[data-test=promised-limit] input').fill('5');
      await page.getByRole('tab', { name: /成员事项/ }).click();
      for (const code of [REGISTRATION, FOOD]) {
        await page.locator('[data-test=member-search]').click();
        await page.keyboard.type(code);
        await page.locator(`[data-test=member-option-${code}]:visible`).click();
        await page.locator(`[data-test=member-table] [data-test=member-${code}]`).waitFor();
      }
      await page.locator('input[data-test=member-issues-0]').fill('营业执照');
      await page.locator('[data-test=save-item]').click();
      await page.waitForURL((u) => /\/catalogue\/[0-9a-f-]{36}$/.test(u.pathname));
      await page.locator('[data-test=open-status]', { hasText: '草稿' }).waitFor();
      await page.getByRole('tab', { name: /成员事项/ }).click();
      const rows = await page.locator('[data-test=member-table] .el-table__body tr').allTextContents();
      check(rows.length === 2 && rows.every((r) => r.includes('已发布')), `both members composed from their published versions: ${rows.join(' | ')}`);
      check((await page.locator('input[data-test=member-issues-0]').inputValue()) === '营业执照', 'the certificate the registration issues is kept');
      await page.getByRole('tab', { name: '组合结果' }).click();
      check((await page.locator('[data-test=bundle-materials] .el-table__body tr').filter({ hasText: '个体工商户设立登记、食品经营许可（新办）' }).count()) > 0, 'the new bundle asks a shared material once');
      check((await page.locator('[data-test=bundle-replaced]').textContent())?.includes('营业执照'), 'the 营业执照 is not asked');
    });

    await step('submitted, the reviewer sees the members among the changes', async () => {
      await page.locator('[data-test=submit-item]').click();
      await page.locator('[data-test=open-status]', { hasText: '审核中' }).waitFor();
      await login(page, base, 'reviewer', 'demo1234');
      await page.locator('[data-test=nav-catalogue]').click();
      await choose(page, 'status-filter', '审核中');
      await page.locator(`[data-test="review-${newCode}"]`).click();
      await page.locator('[data-test=item-review]').waitFor();
      const members = page.locator('[data-test=field-changes] tr', { hasText: '成员事项' });
      await members.first().waitFor();
      const text = (await members.allTextContents()).join(' | ');
      check(text.includes(`${REGISTRATION}（营业执照）`) && text.includes(FOOD), `the members are listed as new: ${text}`);
      await shot(page, '29-bundle-review');
    });
    await page.close();
  },
};
