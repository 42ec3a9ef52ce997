/** Process designer: simple builder ⇄ modeler, server validation, deployment, definitions, English. */
import type { Page } from 'playwright-core';
import { addNode, topPlus } from '../support/builder.js';
import { check, step } from '../support/harness.js';
import { addTags, login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';

/** A diagram element in the modeler, by BPMN id. */
function shape(page: Page, id: string): ReturnType<Page['locator']> {
  return page.locator(`.djs-element[data-element-id="${id}"]`);
}

export const processDesignerJourney: Journey = {
  name: 'designer',
  async run({ base, browser }) {
    const page = await newPage(browser);
    const ids: Record<string, string> = {};
    await login(page, base, 'admin', 'admin1234');

    await step('builds a simple chain: approver, condition with hand-off, parallel, CC', async () => {
      await page.locator('[data-test=nav-processDesigner]').click();
      await page.locator('[data-test=simple-builder]').waitFor();
      await page.locator('input[data-test=process-name]').fill('食品经营许可（简易）');
      await page.locator('input[data-test=process-key]').fill('e2e_simple');

      // Approver 窗口受理, candidate group window:clerk.
      await addNode(page, topPlus(page).first(), 'approver');
      await page.locator('input[data-test=node-name]').fill('窗口受理');
      await addTags(page, '[data-test=assignee-groups]', ['window:clerk']);
      ids.approver = (await page.locator('[data-node-type=approver]').first().getAttribute('data-test'))!.replace('node-', '');

      // Condition: applicantType = "企业" → hand-off to market.review; default branch empty.
      await addNode(page, topPlus(page).nth(1), 'condition');
      await page.locator('input[data-test=rule-field]').fill('applicantType');
      await page.locator('input[data-test=rule-value]').fill('企业');
      await page.locator('[data-test=condition-preview]').waitFor();
      check((await page.locator('[data-test=condition-preview]').textContent()) === 'applicantType = "企业"', 'the condition editor writes FEEL');
      const condition = page.locator('[data-node-type=condition]');
      ids.condition = (await condition.getAttribute('data-test'))!.replace('node-', '');
      await addNode(page, condition.locator('.column').first().locator('[data-test=add-node]').first(), 'handoff');
      await page.locator('input[data-test=node-name]').fill('市场监管局核查');
      // The topic stays empty for now: the server's validation must name this step.
      ids.handoff = (await page.locator('[data-node-type=handoff]').getAttribute('data-test'))!.replace('node-', '');

      // Parallel with two (empty) branches, then a CC.
      await addNode(page, topPlus(page).last(), 'parallel');
      ids.parallel = (await page.locator('[data-node-type=parallel]').getAttribute('data-test'))!.replace('node-', '');
      await addNode(page, topPlus(page).last(), 'cc');
      await addTags(page, '[data-test=assignee-users]', ['zhangsan']);
      ids.cc = (await page.locator('[data-node-type=cc]').getAttribute('data-test'))!.replace('node-', '');
      check((await page.locator('[data-node-type]').count()) === 5, 'five nodes on the canvas');
    });

    await step('the server validation names the hand-off without topic, on the card and in the list', async () => {
      const row = page.locator('[data-test=problem]', { hasText: ids.handoff! });
      await row.waitFor({ timeout: 15_000 });
      check((await row.textContent())?.includes('缺少适配器主题'), `Chinese wording: ${await row.textContent()}`);
      const rows = await page.locator('[data-test=problem]').allTextContents();
      check(rows.every((r) => !r.includes(ids.approver!)), 'the approver has no problem');
      check(await page.locator(`[data-test=node-${ids.handoff}].invalid`).count(), 'the card is marked');
      await page.locator('[data-test=simple-builder] .canvas').evaluate((el) => el.scrollTo(0, 0));
      await shot(page, '03-simple-builder');
      await row.click();
      await page.locator('input[data-test=handoff-topic]').waitFor();
      await shot(page, '03b-problem-selected');
    });

    await step('switching to the modeler keeps every element, with problems marked', async () => {
      await page.locator('[data-test=mode-modeler]').click();
      await page.locator('.djs-container').waitFor();
      for (const id of Object.values(ids)) {
        check(await page.locator(`.djs-element[data-element-id="${id}"]`).count(), `element ${id} in the modeler`);
      }
      check(await page.locator(`.djs-element[data-element-id="${ids.parallel}_join"]`).count(), 'the join gateway');
      await page.locator('.tb-problem-badge').first().waitFor();
      check((await page.locator('[data-test=designer-notice]').textContent())?.includes('已保留'), 'the notice says everything is kept');
    });

    await step('the properties panel has the 通办 group for a user task', async () => {
      await shape(page, ids.approver!).click({ force: true });
      const header = page.locator('.bio-properties-panel-group-header-title', { hasText: '通办' });
      await header.waitFor();
      await header.click();
      await page.locator('[data-entry-id=tongban-candidateGroups] input').waitFor();
      check((await page.locator('[data-entry-id=tongban-candidateGroups] input').inputValue()) === 'window:clerk', 'candidate groups shown');
      check((await page.locator('.djs-palette').textContent()) !== null, 'palette present');
      await shot(page, '04-modeler');
    });

    await step('back to the simple builder: the chain is intact', async () => {
      await page.locator('[data-test=mode-simple]').click();
      await page.locator('[data-test=simple-builder]').waitFor();
      check((await page.locator('[data-node-type]').count()) === 5, 'five nodes again');
    });

    await step('undo, redo and drag in the simple builder', async () => {
      const order = (): Promise<string[]> =>
        page.locator('[data-test=simple-builder] .flow > .chain > [data-node-type]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test')!.replace('node-', '')));
      const before = await order();
      check(before.join() === [ids.approver, ids.condition, ids.parallel, ids.cc].join(), `chain order ${before.join()}`);
      // The parallel node, dragged by its gateway onto the last "+" (after the CC), moves below
      // the CC with its branches. Both are in view once the CC is: a drag does not scroll.
      const cc = page.locator(`[data-test=node-${ids.cc}]`);
      await cc.scrollIntoViewIfNeeded();
      // Mouse steps rather than dragTo: several dragover events, so a busy page still sees one.
      const from = (await page.locator(`[data-test=node-${ids.parallel}] > .gateway`).boundingBox())!;
      const to = (await page.locator('[data-test=simple-builder] .flow > .chain > .add').last().boundingBox())!;
      await page.mouse.move(from.x + 12, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + 12, from.y + from.height / 2 + 20, { steps: 4 });
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
      await page.mouse.up();
      const moved = [ids.approver, ids.condition, ids.cc, ids.parallel].join();
      await page.waitForFunction((want) => [...document.querySelectorAll('[data-test=simple-builder] .flow > .chain > [data-node-type]')].map((e) => e.getAttribute('data-test')!.replace('node-', '')).join() === want, moved);
      await shot(page, '04b-builder-dragged');
      await page.locator('[data-test=undo]').click();
      check((await order()).join() === before.join(), 'the undo button puts the parallel node back');
      await page.locator('[data-test=simple-builder] .canvas').click({ position: { x: 20, y: 240 } });
      await page.keyboard.press('Control+Shift+Z');
      check((await order()).join() === moved, 'Ctrl+Shift+Z moves it again');
      await page.keyboard.press('Control+Z');
      check((await order()).join() === before.join(), 'Ctrl+Z takes it back');
    });

    await step('with the topic set and without the CC, the process deploys', async () => {
      await page.locator(`[data-test=node-${ids.handoff}]`).click();
      await page.locator('input[data-test=handoff-topic]').fill('market.review');
      await page.locator(`[data-test=node-${ids.cc}]`).click();
      await page.locator(`[data-test=node-${ids.cc}] [data-test=remove-node]`).click();
      await page.locator('[data-test=deploy]').click();
      await page.locator('.el-message--success').waitFor();
      check((await page.locator('.el-message--success').textContent())?.includes('e2e_simple'), 'success names the key');
      await page.locator('[data-test=no-problems]:not(.el-zoom-in-center-leave-active)').waitFor();
    });

    await step('an edit in the modeler beyond the simple form keeps the modeler and says why', async () => {
      await page.locator('[data-test=mode-modeler]').click();
      await shape(page, ids.approver!).click({ force: true });
      await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
      await page.keyboard.press('Escape');
      await page.locator('[data-test=mode-simple]').click();
      await page.locator('[data-test=not-simple]').waitFor();
      check(await page.locator('[data-test=bpmn-modeler]').isVisible(), 'still in the modeler');
      await shot(page, '05-not-simple');
    });

    await step('bpmnlint marks the unnamed task beside the engine validation', async () => {
      const row = page.locator('[data-test=problem][data-source=lint][data-rule=label-required]').first();
      await row.waitFor();
      check((await row.textContent())?.includes('缺少名称'), `lint wording: ${await row.textContent()}`);
      const id = (await row.locator('code.id').textContent())!.trim();
      check(await page.locator(`.djs-element[data-element-id="${id}"].tb-has-problem`).count(), 'the new task is outlined');
      check(await page.locator('[data-test=lint-count]').isVisible(), 'the panel counts lint problems apart from the engine');
      await shot(page, '05b-modeler-lint');
    });

    await step('the definitions list shows the deployment and opens it in the simple builder', async () => {
      await page.locator('[data-test=nav-definitions]').click();
      const row = page.locator('[data-test=definitions-table] tr', { hasText: 'e2e_simple' });
      await row.waitFor();
      check(await page.locator('[data-test=definitions-table] tr', { hasText: 'food_business_licence' }).count(), 'the example is listed');
      await shot(page, '06-definitions');
      await row.locator('[data-test=open-definition]').click();
      await page.locator('[data-test=simple-builder]').waitFor();
      check((await page.locator('[data-node-type]').count()) === 4, 'four nodes read back from the deployed XML');
    });

    await step('the example process opens in the modeler when it does not fit the simple form', async () => {
      await page.locator('[data-test=nav-definitions]').click();
      await page.locator('[data-test=definitions-table] tr', { hasText: 'food_business_licence' }).locator('[data-test=open-definition]').click();
      await page.locator('.djs-container').waitFor();
      await page.locator('.djs-element[data-element-id="accept"]').waitFor();
      await page.locator('[data-test=not-simple]').waitFor();
      await page.locator('[data-test=no-problems]:not(.el-zoom-in-center-leave-active)').waitFor({ timeout: 15_000 });
      check((await page.locator('.designer .toolbar').textContent())?.includes('food_business_licence.bpmn'), 'the toolbar names the file');
      await shot(page, '07-example-in-modeler');
    });

    await step('English is available', async () => {
      await page.locator('[data-test=locale-switcher]').click();
      await page.locator('.el-dropdown-menu__item:visible', { hasText: 'English' }).click();
      await page.locator('[data-test=nav-processDesigner]', { hasText: 'Process designer' }).waitFor();
      await page.locator('.djs-container').waitFor();
      await shot(page, '08-english-modeler');
      await page.locator('[data-test=locale-switcher]').click();
      await page.locator('.el-dropdown-menu__item:visible', { hasText: '中文' }).click();
    });

    await page.close();
  },
};
