/**
 * Catalogue: an editor draws the item's approval chain in the simple builder, drafts the item,
 * designs its form in the form designer and submits it; a reviewer sees the diff, approves,
 * publishes; guide and progress.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api, apiToken } from '../support/api.js';
import { addNode, topPlus } from '../support/builder.js';
import { check, step } from '../support/harness.js';
import { addTags, choose, login, newPage, shot } from '../support/pages.js';
import { ROOT, VIEWPORT } from '../support/paths.js';
import type { Journey } from '../support/journey.js';

export const catalogueJourney: Journey = {
  name: 'catalogue',
  async run({ base, browser }) {
    const page = await newPage(browser);
    const stamp = String(Date.now()).slice(-6);
    const baseCode = `11440106E2E${stamp}`;
    const implCode = `${baseCode}440106`;
    const name = `个体工商户登记（E2E${stamp}）`;
    const processKey = `e2e_item_${stamp}`;
    let itemId = '';

    await step('an editor sees the catalogue with filters and the seeded items', async () => {
      await login(page, base, 'editor', 'demo1234');
      await page.locator('[data-test=nav-catalogue]').click();
      await page.locator('[data-test=item-table]').waitFor();
      await page.locator('[data-test=item-table] tr', { hasText: '食品经营许可（新办）' }).waitFor();
      check((await page.locator('[data-test=item-table]').textContent())?.includes('已发布'), 'status column');
      await page.locator('input[data-test=catalogue-search]').fill('居住证明');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => !document.querySelector('[data-test=item-table]')?.textContent?.includes('食品经营许可'));
      check((await page.locator('[data-test=item-table]').textContent())?.includes('五山社区开具居住证明'), 'search finds the village item');
      await shot(page, '20-catalogue-list');
    });

    await step('the editor draws the item’s approval chain in the simple builder and deploys it', async () => {
      await page.locator('[data-test=nav-processDesigner]').click();
      await page.locator('[data-test=simple-builder]').waitFor();
      await page.locator('input[data-test=process-name]').fill(`${name}流程`);
      await page.locator('input[data-test=process-key]').fill(processKey);
      await addNode(page, topPlus(page).first(), 'approver');
      await page.locator('input[data-test=node-name]').fill('登记审查');
      await addTags(page, '[data-test=assignee-groups]', ['market:approver']);
      await page.locator('[data-test=no-problems]').waitFor({ timeout: 15_000 });
      await page.locator('[data-test=deploy]').click();
      await page.locator('.el-message--success', { hasText: processKey }).waitFor();
      await page.locator('[data-test=nav-catalogue]').click();
    });

    await step('the editor creates an item draft: codes, basic information, limits, a material with e-certificate, process', async () => {
      await page.locator('[data-test=new-item]').click();
      await page.locator('[data-test=item-editor]').waitFor();
      await page.locator('input[data-test=base-code]').fill(baseCode);
      await page.locator('input[data-test=impl-code]').fill(implCode);
      await choose(page, 'item-region', '天河区');
      await page.locator('input[data-test=item-name]').fill(name);
      await choose(page, 'item-department', '天河区市场监督管理局');
      await page.locator('.el-tabs__item', { hasText: '时限与办理' }).click();
      await page.locator('[data-test=promised-limit] input').fill('5');
      await page.locator('[data-test=onsite-visits] input').fill('1');
      await page.locator('[data-test=onsite-visits] input').press('Tab');
      await page.locator('input[data-test=onsite-reason]').fill('核验身份证件原件');
      await page.locator('.el-tabs__item', { hasText: '申请材料' }).click();
      await page.locator('[data-test=add-material]').click();
      await page.locator('input[data-test=material-name]').first().fill('经营者身份证明');
      await page.locator('[data-test=materials] input[placeholder="如：居民身份证"]').first().fill('居民身份证');
      await page.locator('.el-tabs__item', { hasText: '流程与表单' }).click();
      await choose(page, 'process-key', processKey);
      await shot(page, '21-item-editor-new');
      await page.locator('[data-test=save-item]').click();
      await page.waitForURL((u) => /\/catalogue\/[0-9a-f-]{36}$/.test(u.pathname));
      itemId = page.url().split('/').pop()!;
      await page.locator('[data-test=open-status]', { hasText: '草稿' }).waitFor();
    });

    await step('the editor designs the item’s form in the form designer and saves it into the draft', async () => {
      await page.locator('.el-tabs__item', { hasText: '流程与表单' }).click();
      await page.locator('[data-test=open-form-designer]').click();
      await page.locator('[data-test=form-designer]').waitFor();
      await page.locator('[data-test=fd-save]').waitFor(); // the item's draft is loaded: what is added now is kept
      await page.locator('[data-test=palette-text]').click();
      await page.locator('input[data-test=fd-label]').fill('经营者姓名');
      await page.locator('[data-test=fd-required]').click();
      await page.locator('[data-test=palette-idNumber]').click();
      await page.locator('input[data-test=fd-label]').fill('经营者身份证号');
      await page.locator('[data-test=fd-required]').click();
      await page.locator('[data-test=fd-save]').click();
      await page.locator('.el-message--success', { hasText: name }).waitFor();
      await page.goto(`${base}/catalogue/${itemId}`);
      await page.locator('[data-test=item-editor]').waitFor();
      await page.locator('.el-tabs__item', { hasText: '流程与表单' }).click();
      await page.locator('text=2 个字段').waitFor();
      await page.locator('.preview input[data-test="field-idNumber1"]').waitFor();
    });

    await step('the editor submits it for review', async () => {
      await page.locator('[data-test=submit-item]').click();
      await page.locator('[data-test=open-status]', { hasText: '审核中' }).waitFor();
      await page.locator('.el-tabs__item', { hasText: '版本记录' }).click();
      check((await page.locator('[data-test=versions]').textContent())?.includes('市级事项编辑'), 'the version history names the editor');
      await shot(page, '22-item-submitted');
    });

    await step('a reviewer finds it in review and sees what is new: fields, form, the whole process drawn as added', async () => {
      await login(page, base, 'reviewer', 'demo1234');
      await page.locator('[data-test=nav-catalogue]').click();
      await choose(page, 'status-filter', '审核中');
      await page.locator(`[data-test="review-${implCode}"]`).click();
      await page.locator('[data-test=item-review]').waitFor();
      const fields = (await page.locator('[data-test=field-changes]').textContent()) ?? '';
      check(fields.includes('事项名称') && fields.includes(name), 'the name is listed as new');
      check(fields.includes('到现场理由'), 'the visit reason is listed');
      await page.locator('[data-test=bpmn-viewer] .djs-element.tb-diff-added').first().waitFor();
      // The form's changes come with the server's diff, after the fields.
      const form = page.locator('[data-test=form-changes]', { hasText: '经营者姓名' });
      await form.waitFor();
      check((await form.textContent())?.includes('经营者身份证号'), 'both designed fields are listed as new');
      // The drawn chain: start, 登记审查, end and the two flows between them, all new.
      check((await page.locator('[data-test=bpmn-viewer] .djs-element.tb-diff-added', { hasText: '登记审查' }).count()) === 1, 'the approver step is new');
      check((await page.locator('[data-test=bpmn-viewer] .djs-element.tb-diff-added').count()) >= 5, 'every element is new');
      await shot(page, '23-review-new-item');
    });

    await step('the reviewer approves with a comment and publishes', async () => {
      await page.locator('textarea[data-test=review-comment]').fill('材料齐全，同意发布。');
      await page.locator('[data-test=approve]').click();
      await page.locator('[data-test=review-decision]', { hasText: '通过' }).waitFor();
      await page.locator('[data-test=publish]').click();
      await page.locator('.el-message--success', { hasText: '已发布' }).waitFor();
      await page.goto(`${base}/catalogue/${itemId}`);
      await page.locator('[data-test=item-editor]').waitFor();
      await page.locator('text=已发布 v1').waitFor();
    });

    await step('the service guide shows the published item, signed in and to anyone', async () => {
      await page.goto(`${base}/guide/${itemId}`);
      await page.locator('[data-test=service-guide]').waitFor();
      const text = (await page.locator('[data-test=service-guide]').textContent()) ?? '';
      check(text.includes(name), 'the name');
      check(text.includes('经营者身份证明') && text.includes('居民身份证'), 'the material with its e-certificate');
      check(text.includes('5 个工作日'), 'the promised limit');
      await shot(page, '24-guide');
      const anon = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
      await anon.goto(`${base}/guide/${itemId}`);
      await anon.locator('[data-test=service-guide]').waitFor();
      check(((await anon.locator('[data-test=service-guide]').textContent()) ?? '').includes(name), 'the public guide (GET /api/public/items/{id}) without signing in');
      await anon.close();
    });

    await step('a published item changed: the reviewer sees the BPMN difference on both diagrams and rejects', async () => {
      // A new version of the food process: the fire review renamed (removed + added) and the decision changed.
      const editorToken = await apiToken(base, 'editor');
      const xml = readFileSync(path.join(ROOT, 'examples/food-business-licence/process.bpmn'), 'utf8')
        .replaceAll('Task_FireReview', 'Task_FireCheck')
        .replace('name="许可决定"', 'name="许可决定（局长）"');
      await api(base, editorToken, 'POST', '/api/deployments', { name: 'food-v2', resources: [{ name: 'food-business-licence.bpmn', xml }] });
      await login(page, base, 'editor', 'demo1234');
      await page.locator('[data-test=nav-catalogue]').click();
      await page.locator('[data-test=item-table] a', { hasText: '食品经营许可（新办）' }).click();
      await page.locator('[data-test=item-editor]').waitFor();
      await page.locator('.el-tabs__item', { hasText: '时限与办理' }).click();
      const promised = page.locator('[data-test=promised-limit] input');
      const before = Number(await promised.inputValue());
      await promised.fill(String(before - 1));
      await promised.press('Tab');
      await page.locator('[data-test=submit-item]').click();
      await page.locator('[data-test=open-status]', { hasText: '审核中' }).waitFor();

      await login(page, base, 'reviewer', 'demo1234');
      await page.goto(`${base}/catalogue`);
      await page.locator('[data-test="review-11440106MB2C0001XK440106"]').click();
      await page.locator('[data-test=item-review]').waitFor();
      check((await page.locator('[data-test=field-changes]').textContent())?.includes('承诺时限'), 'the promised limit changed');
      await page.locator('[data-test=bpmn-viewer] .djs-element.tb-diff-changed').first().waitFor();
      check((await page.locator('[data-test=bpmn-viewer] .djs-element.tb-diff-added[data-element-id=Task_FireCheck]').count()) === 1, 'the new task is green');
      const changes = (await page.locator('[data-test=bpmn-changes]').textContent()) ?? '';
      check(changes.includes('Task_FireReview') || changes.includes('消防'), 'the removed task is listed');
      await shot(page, '25-review-bpmn-diff');
      await page.locator('[data-test=diagram-old]').click();
      await page.locator('[data-test=bpmn-viewer] .djs-element.tb-diff-removed[data-element-id=Task_FireReview]').waitFor();
      await shot(page, '26-review-bpmn-diff-published');
      await page.locator('textarea[data-test=review-comment]').fill('消防审查环节请说明调整原因。');
      await page.locator('[data-test=reject]').click();
      await page.locator('[data-test=review-decision]', { hasText: '退回' }).waitFor();
    });

    await step('a clerk registers a case for the new item; anyone looks up its progress by case number and ID number', async () => {
      const clerk = await apiToken(base, 'clerk');
      const created = await api<{ caseNo: string }>(base, clerk, 'POST', '/api/cases', { itemId, regionCode: '440106', channel: 'window', applicant: { type: 'naturalPerson', name: '李四', idNumber: '11010519491231002X' }, formData: { text1: '李四', idNumber1: '11010519491231002X' } });
      const anon = await newPage(browser);
      await anon.goto(`${base}/progress`);
      await anon.locator('input[data-test=progress-case]').fill(created.caseNo);
      await anon.locator('input[data-test=progress-id]').fill('11010519491231002X');
      await anon.locator('[data-test=progress-submit]').click();
      await anon.locator('[data-test=progress-result]').waitFor();
      const text = (await anon.locator('[data-test=progress-result]').textContent()) ?? '';
      check(text.includes(created.caseNo) && text.includes(name), 'case number and item');
      check(text.includes('待受理'), 'the status');
      check(!text.includes('李四'), 'no applicant name on the public page');
      await shot(anon, '27-public-progress');
      await anon.close();
    });

    await page.close();
  },
};
