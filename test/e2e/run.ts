/**
 * Browser tests of the designer: builds it, starts the real server (runtime-api, in-memory
 * database, demo users), and drives Debian's Chromium headless with playwright-core at
 * 1366×768. Screenshots go to test/e2e/screenshots/.
 *
 *   node --import tsx test/e2e/run.ts            (or: npm run e2e -w @tongban/designer)
 *
 * Environment: CHROMIUM (default /usr/bin/chromium), E2E_SKIP_BUILD=1 to reuse designer/dist,
 * E2E_HEADED=1 to watch.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = path.join(ROOT, 'test/e2e/screenshots');
const VIEWPORT = { width: 1366, height: 768 };

// ---- tiny test harness --------------------------------------------------------------------

let passed = 0;
let failed = 0;
const failures: string[] = [];

let current: Page | undefined;

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    failed++;
    const message = err instanceof Error ? err.message.split('\n').slice(0, 6).join('\n      ') : String(err);
    failures.push(`${name}: ${message}`);
    if (current && !current.isClosed()) await current.screenshot({ path: path.join(SHOTS, `failed-${failed}.png`) }).catch(() => undefined);
    console.log(`  ✘ ${name}\n      ${message}`);
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

// ---- server -------------------------------------------------------------------------------

function build(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  console.log('Building the designer…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@tongban/designer'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('designer build failed');
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=tongban-src', 'runtime-api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', TONGBAN_DATA_DIR: 'memory', LOG_LEVEL: 'warn', TONGBAN_LOGIN_RATE_LIMIT: '1000', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  return { url, child };
}

// ---- page helpers -------------------------------------------------------------------------

const consoleErrors: string[] = [];

async function newPage(browser: Browser): Promise<Page> {
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
  current = page;
  return page;
}

async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(SHOTS, `${name}.png`);
  await page.waitForTimeout(400); // let Element Plus finish its enter transitions (tags zoom in)
  await page.screenshot({ path: file });
  return file;
}

async function login(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('input[data-test=username]').fill(username);
  await page.locator('input[data-test=password]').fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A diagram element in the modeler, by BPMN id. */
function shape(page: Page, id: string): ReturnType<Page['locator']> {
  return page.locator(`.djs-element[data-element-id="${id}"]`);
}

/** Clicks a "+" button, then a node type in the popover that opened. */
async function addNode(page: Page, plus: ReturnType<Page['locator']>, type: string): Promise<void> {
  await plus.click();
  await page.locator(`[data-test=add-${type}]:visible`).click();
  await page.locator(`[data-test=add-${type}]:visible`).waitFor({ state: 'hidden' });
}

/** Types values into an allow-create multiple select. */
async function addTags(page: Page, selector: string, values: string[]): Promise<void> {
  await page.locator(selector).click();
  for (const v of values) {
    await page.keyboard.type(v);
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('Escape');
}

/** The "+" buttons of the outermost chain (not those inside branches). */
function topPlus(page: Page): ReturnType<Page['locator']> {
  return page.locator('[data-test=simple-builder] .flow > .chain > .add [data-test=add-node]');
}

// ---- journeys -----------------------------------------------------------------------------

/** E2E_ONLY=catalogue,town runs the shell checks and just those journeys (development aid). */
function only(journey: string): boolean {
  const list = process.env.E2E_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  return !list?.length || list.includes(journey);
}

async function run(base: string, browser: Browser): Promise<void> {
  const page = await newPage(browser);
  const ids: Record<string, string> = {};

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

  await step('with the topic set and without the CC, the process deploys', async () => {
    await page.locator(`[data-test=node-${ids.handoff}]`).click();
    await page.locator('input[data-test=handoff-topic]').fill('market.review');
    await page.locator(`[data-test=node-${ids.cc}]`).click();
    await page.locator(`[data-test=node-${ids.cc}] [data-test=remove-node]`).click();
    await page.locator('[data-test=deploy]').click();
    await page.locator('.el-message--success').waitFor();
    check((await page.locator('.el-message--success').textContent())?.includes('e2e_simple'), 'success names the key');
    await page.locator('[data-test=no-problems]').waitFor();
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
    await page.locator('[data-test=no-problems]').waitFor({ timeout: 15_000 });
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

  if (only('workbench')) await workbenchJourney(base, browser);
  if (only('form')) await formDesignerJourney(base, browser);
  if (only('catalogue')) await catalogueJourney(base, browser);
  if (only('town')) await townJourney(base, browser);
  if (only('watch')) await supervisionAuditJourney(base, browser);

  await step('no console errors', async () => {
    check(consoleErrors.length === 0, consoleErrors.join('\n'));
  });
}

// ---- clerk workbench ----------------------------------------------------------------------

async function workbenchJourney(base: string, browser: Browser): Promise<void> {
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
}

// ---- form designer --------------------------------------------------------------------------

async function formDesignerJourney(base: string, browser: Browser): Promise<void> {
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
}

// ---- API helpers (outside the browser, so their answers are no console errors) ------------------

async function apiToken(base: string, username: string, password = 'demo1234'): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}

async function api<T>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Picks an option of the Element Plus select whose wrapper carries data-test. */
async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.locator(`[data-test=${testId}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

// ---- catalogue: editor → reviewer → publish → guide ------------------------------------------

async function catalogueJourney(base: string, browser: Browser): Promise<void> {
  const page = await newPage(browser);
  const stamp = String(Date.now()).slice(-6);
  const baseCode = `11440106E2E${stamp}`;
  const implCode = `${baseCode}440106`;
  const name = `个体工商户登记（E2E${stamp}）`;
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
    await choose(page, 'process-key', 'food_business_licence');
    await shot(page, '21-item-editor-new');
    await page.locator('[data-test=save-item]').click();
    await page.waitForURL((u) => /\/catalogue\/[0-9a-f-]{36}$/.test(u.pathname));
    itemId = page.url().split('/').pop()!;
    await page.locator('[data-test=open-status]', { hasText: '草稿' }).waitFor();
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
    check((await page.locator('[data-test=bpmn-viewer] .tb-diff-added').count()) > 5, 'every element is new');
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
    const created = await api<{ caseNo: string }>(base, clerk, 'POST', '/api/cases', { itemId, regionCode: '440106', channel: 'window', applicant: { type: 'naturalPerson', name: '李四', idNumber: '11010519491231002X' } });
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
}

// ---- town workspace -------------------------------------------------------------------------

async function townJourney(base: string, browser: Browser): Promise<void> {
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
}

// ---- supervision and audit ------------------------------------------------------------------

async function supervisionAuditJourney(base: string, browser: Browser): Promise<void> {
  const page = await newPage(browser);

  await step('the supervisor opens the dashboard: cards, 三率一数 for the month, overdue list', async () => {
    await login(page, base, 'supervisor', 'demo1234');
    await page.locator('[data-test=nav-supervision]').click();
    await page.locator('[data-test=cards]').waitFor();
    await page.locator('.el-tabs__item', { hasText: '三率一数' }).click();
    await page.locator('[data-test=metrics]').waitFor();
    check((await page.locator('[data-test=metrics]').textContent())?.includes('合计'), 'a total row');
    await shot(page, '40-supervision-metrics');
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

  await page.close();
}

async function main(): Promise<void> {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  build();
  const { url, child } = await startServer();
  console.log(`Server at ${url}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: process.env.E2E_HEADED !== '1',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    await run(url, browser);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
  console.log(`\nScreenshots in ${path.relative(ROOT, SHOTS)}/`);
  if (failures.length) console.log(`\nFailures:\n  ${failures.join('\n  ')}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
