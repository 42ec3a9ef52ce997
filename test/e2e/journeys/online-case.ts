/**
 * One case from the applicant's side to the supervisor's, on the 食品经营许可 example: the
 * applicant reads the guide (situation questions narrow the materials), applies online and
 * gets a receipt; the window accepts; two department approvers in two browser contexts work
 * the parallel steps at the same time, and the case moves on only when the third joins; the
 * supervisor finds the case; the applicant follows it by case number and ID number and rates it.
 */
import type { Page } from 'playwright-core';
import { check, step } from '../support/harness.js';
import { login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';
import { PDF } from '../support/files.js';


const FOOD = '11440106MB2C0001XK440106';
const COMPANY = { name: '广州市天河区好味餐饮有限公司', uscc: '91440106MA5D0E1F2Y', legalRep: '赵六', legalRepId: '11010519491231002X' };
const AGENT = { name: '王五', idNumber: '440106199001010013' };

/** The group task of this case in an approver's (or clerk's) inbox. */
async function inboxRow(page: Page, caseNo: string): Promise<ReturnType<Page['locator']>> {
  await page.locator('[data-test=count-groups]').click();
  const row = page.locator('[data-test=inbox] tr', { hasText: caseNo });
  await row.waitFor();
  return row;
}

/** Approves the open task with a comment, from its detail page. */
async function approve(page: Page, comment: string): Promise<void> {
  await page.locator('[data-test=action-approve]').click();
  await page.locator('[data-test=action-dialog]').waitFor();
  await page.locator('textarea[data-test=action-comment]').fill(comment);
  await page.locator('[data-test=action-confirm]').click();
  await page.locator('[data-test=inbox]').waitFor();
}

/** The supervisor's case search: the found case's text, once it shows `status`. */
async function supervisorFinds(page: Page, caseNo: string, status: string): Promise<string> {
  await page.locator('input[data-test=case-search-input]').fill(caseNo);
  await page.locator('[data-test=case-search-submit]').click();
  const found = page.locator('[data-test=case-found]', { hasText: caseNo }).filter({ has: page.locator('[data-test=case-status]', { hasText: status }) });
  await found.waitFor();
  return (await found.textContent()) ?? '';
}

export const onlineCaseJourney: Journey = {
  name: 'apply',
  async run({ base, browser }) {
    const applicant = await newPage(browser);
    let caseNo = '';

    await step('an applicant reads the guide; the situation questions narrow the material list', async () => {
      await applicant.goto(`${base}/guide/${FOOD}`);
      const materials = applicant.locator('[data-test=guide-materials]');
      await materials.locator('tr', { hasText: '食品经营许可申请书' }).waitFor();
      const before = (await materials.textContent()) ?? '';
      check(before.includes('授权委托书') && before.includes('消防安全检查合格证明'), 'before answering, every situation’s materials are listed');
      await applicant.locator('[data-test=situation-agent] .el-radio-button', { hasText: '是' }).click();
      await applicant.locator('[data-test=situation-catering] .el-radio-button', { hasText: '否' }).click();
      await materials.locator('tr', { hasText: '消防安全检查合格证明' }).waitFor({ state: 'detached' });
      const after = (await materials.textContent()) ?? '';
      check(after.includes('授权委托书') && after.includes('代理人身份证明'), 'the agent’s materials stay');
      check((await materials.locator('tbody tr').count()) === 8, `six of the item and two of the agent: ${await materials.locator('tbody tr').count()}`);
      check((await applicant.locator('[data-test=service-guide]').textContent())?.includes('共 8 项'), 'the count says 8');
      await shot(applicant, '50-apply-guide');
    });

    await step('the applicant fills the application; the form’s own checks speak first; the receipt names the case number', async () => {
      await applicant.locator('[data-test=guide-apply]').click();
      await applicant.locator('[data-test=apply-form]').waitFor();
      check(/\/apply\/[^/]+\?situation=agent$/.test(applicant.url()), `the guide's answer goes along: ${applicant.url()}`);
      check((await applicant.locator('[data-test=apply-situation] label.is-checked').textContent())?.includes('委托代理人办理'), 'the agent situation is chosen');
      check((await applicant.locator('[data-test=apply-form]').textContent())?.includes('内部备注') === false, 'fields hidden from applicants are not shown');
      // Nothing filled: the browser lists what is missing before asking the server.
      await applicant.locator('[data-test=apply-submit]').click();
      await applicant.locator('[data-test=apply-problems]', { hasText: '申请表还有' }).waitFor();
      await applicant.locator('[data-test=apply-form] .el-form-item__error').first().waitFor();

      await applicant.locator('input[data-test=apply-name]').fill(COMPANY.name);
      await applicant.locator('input[data-test=apply-uscc]').fill(COMPANY.uscc);
      await applicant.locator('input[data-test=apply-legal-rep]').fill(COMPANY.legalRep);
      await applicant.locator('input[data-test=apply-phone]').fill('13800138000');
      await applicant.locator('input[data-test=apply-agent-name]').fill(AGENT.name);
      await applicant.locator('input[data-test=apply-agent-id]').fill(AGENT.idNumber);
      // el-input puts data-test on the input, el-input-number on its wrapper.
      const field = (path: string) => applicant.locator(`[data-test=apply-form] :is(input[data-test="field-${path}"], [data-test="field-${path}"] input)`).first();
      await field('applicant.name').fill(COMPANY.name);
      await field('applicant.uscc').fill(COMPANY.uscc);
      await field('applicant.legalRepresentative').fill(COMPANY.legalRep);
      await field('applicant.legalRepresentativeId').fill(COMPANY.legalRepId);
      await field('applicant.mobile').fill('13800138000');
      await field('premises.regionCode').fill('440106');
      await field('premises.address').fill('天河路385号太古汇负一层B12');
      await field('premises.area').fill('86');
      await applicant.locator('[data-test="field-foodCategories"] .el-checkbox', { hasText: '预包装食品销售' }).click();
      await applicant.locator('[data-test="field-foodCategories"] .el-checkbox', { hasText: '自制饮品制售' }).click();
      await applicant.locator('[data-test=apply-form] .el-form-item__error').first().waitFor({ state: 'detached' });
      await applicant.locator('[data-test=apply-problems]').waitFor({ state: 'detached' });
      await shot(applicant, '51-apply-form');

      // The business licence as a PDF, uploaded without an account; the new case gets it.
      const licence = applicant.locator('[data-test=material-upload-businessLicence]');
      await licence.locator('input[type=file]').setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: PDF });
      await licence.getByText('营业执照.pdf').waitFor();

      await applicant.locator('[data-test=apply-submit]').click();
      const receipt = applicant.locator('[data-test=apply-receipt]');
      await receipt.waitFor();
      caseNo = ((await applicant.locator('[data-test=receipt-case-no]').textContent()) ?? '').trim();
      check(caseNo.startsWith('440106') && caseNo.includes('11440106MB2C0001XK'), `a case number of the district and item: ${caseNo}`);
      const text = (await receipt.textContent()) ?? '';
      check(text.includes('食品经营许可（新办）') && text.includes(COMPANY.name), 'item and applicant');
      check(text.includes('待受理'), 'the status');
      check(!text.includes(COMPANY.uscc) && text.includes('9144**********1F2Y'), 'the credit code masked');
      check(text.includes('天河区市场监督管理局'), 'the handling department by name');
      await shot(applicant, '52-apply-receipt');
    });

    await step('the agent follows the case by case number and their ID number', async () => {
      await applicant.locator('[data-test=receipt-progress]').click();
      await applicant.locator('input[data-test=progress-case]').fill(caseNo);
      await applicant.locator('input[data-test=progress-id]').fill(AGENT.idNumber);
      await applicant.locator('[data-test=progress-submit]').click();
      const result = applicant.locator('[data-test=progress-result]');
      await result.waitFor();
      const text = (await result.textContent()) ?? '';
      check(text.includes(caseNo) && text.includes('待受理') && text.includes('已提交申请'), `status and first step: ${text}`);
    });

    await step('a clerk finds the online application in the inbox and accepts it', async () => {
      const clerk = await newPage(browser);
      await login(clerk, base, 'clerk', 'demo1234');
      await clerk.goto(`${base}/workbench`);
      const row = await inboxRow(clerk, caseNo);
      check((await row.textContent())?.includes('窗口受理'), 'the acceptance step');
      await row.locator('[data-test=claim-task]').click();
      check((await clerk.locator('[data-test=applicant]').textContent())?.includes(COMPANY.name), 'the applicant’s name');
      await clerk.locator('.detail-tabs .el-tabs__item', { hasText: '材料' }).first().click();
      await clerk.locator('[data-test=case-files-businessLicence] [data-test=case-file]', { hasText: '营业执照.pdf' }).waitFor();
      await clerk.locator('[data-test=action-accept]').click();
      await clerk.locator('[data-test=action-dialog]').waitFor();
      await clerk.locator('textarea[data-test=action-comment]').fill('网上申请材料齐全，予以受理。');
      await clerk.locator('[data-test=action-confirm]').click();
      await clerk.locator('[data-test=inbox]').waitFor();
      await clerk.close();
    });

    const market = await newPage(browser);
    const health = await newPage(browser);

    await step('two approvers of two departments, signed in side by side, each see the case in their inbox', async () => {
      await Promise.all([login(market, base, 'market', 'demo1234'), login(health, base, 'health', 'demo1234')]);
      await Promise.all([market.goto(`${base}/workbench`), health.goto(`${base}/workbench`)]);
      const [m, h] = await Promise.all([inboxRow(market, caseNo), inboxRow(health, caseNo)]);
      check((await m.textContent())?.includes('市场监管局审查'), 'the market review');
      check((await h.textContent())?.includes('卫生健康委审查'), 'the health review');
      await Promise.all([m.locator('[data-test=claim-task]').click(), h.locator('[data-test=claim-task]').click()]);
      await Promise.all([market.locator('[data-test=action-approve]').waitFor(), health.locator('[data-test=action-approve]').waitFor()]);
      check((await market.locator('[data-test=task-head]').textContent())?.includes(caseNo), 'market has the case open');
      check((await health.locator('[data-test=task-head]').textContent())?.includes(caseNo), 'health has the case open');
      await market.locator('.detail-tabs .el-tabs__item', { hasText: '流程图' }).click();
      await market.locator('.bpmn-viewer .djs-element.tb-current[data-element-id="Task_HealthReview"]').waitFor();
      check(await market.locator('.bpmn-viewer .djs-element.tb-current[data-element-id="Task_MarketReview"]').count(), 'both parallel steps are current');
      check(await market.locator('.bpmn-viewer .djs-element.tb-finished[data-element-id="accept"]').count(), 'the acceptance is finished');
      await shot(market, '53-parallel-market-diagram');
      await shot(health, '54-parallel-health-task');
    });

    await step('both approve with a comment; the case waits at the join for the fire brigade', async () => {
      await approve(market, '经营场所符合食品安全要求，同意。');
      await approve(health, '从业人员健康证明齐全，同意。');
      await market.reload();
      await market.locator('[data-test=count-groups]').click();
      await market.locator('[data-test=inbox]').waitFor();
      check((await market.locator('[data-test=inbox] tr', { hasText: caseNo }).count()) === 0, 'no decision step for the market yet');
    });

    const supervisor = await newPage(browser);

    await step('the supervisor finds the case on the dashboard: in progress, only the fire review open', async () => {
      await login(supervisor, base, 'supervisor', 'demo1234');
      await supervisor.locator('[data-test=nav-supervision]').click();
      await supervisor.locator('[data-test=count-red]').waitFor();
      await supervisor.locator('.el-tabs__item', { hasText: '办件查询' }).click();
      const text = await supervisorFinds(supervisor, caseNo, '办理中');
      check(text.includes('办理中'), `status: ${text}`);
      check(text.includes('消防救援大队审查') && !text.includes('市场监管局审查') && !text.includes('卫生健康委审查'), `only the fire review is open: ${text}`);
      check(text.includes('网上申请') && text.includes('天河区市场监督管理局'), 'channel and department by name');
      await shot(supervisor, '55-supervisor-case');
    });

    await step('the fire brigade approves; the join completes and the decision reaches the market approver', async () => {
      const fire = await newPage(browser);
      await login(fire, base, 'fire', 'demo1234');
      await fire.goto(`${base}/workbench`);
      await (await inboxRow(fire, caseNo)).locator('[data-test=claim-task]').click();
      await fire.locator('.detail-tabs .el-tabs__item', { hasText: '办理记录' }).click();
      const history = fire.locator('[data-test=task-history]');
      await history.locator('text=经营场所符合食品安全要求，同意。').waitFor();
      check((await history.textContent())?.includes('从业人员健康证明齐全，同意。'), 'both comments in the history');
      await shot(fire, '56-parallel-fire-history');
      await approve(fire, '消防安全承诺书已签署，同意。');
      await fire.close();

      await market.reload();
      const row = await inboxRow(market, caseNo);
      check((await row.textContent())?.includes('许可决定'), 'the decision step');
      await row.locator('[data-test=claim-task]').click();
      await approve(market, '准予许可。');
    });

    await step('the applicant sees the case concluded and rates it; the supervisor sees the rating', async () => {
      await applicant.goto(`${base}/progress`);
      await applicant.locator('input[data-test=progress-case]').fill(caseNo);
      await applicant.locator('input[data-test=progress-id]').fill(COMPANY.uscc);
      await applicant.locator('[data-test=progress-submit]').click();
      const result = applicant.locator('[data-test=progress-result]');
      await result.waitFor();
      const text = (await result.textContent()) ?? '';
      check(text.includes('办结') && text.includes('准予'), `concluded, granted: ${text}`);
      const rating = result.locator('.rating');
      await rating.locator('.el-rate__item').nth(3).click();
      await rating.locator('input').fill('网上申请很方便，审批也快。');
      await shot(applicant, '57-progress-rating');
      await rating.locator('button', { hasText: '提交评价' }).click();
      await applicant.locator('.el-message--success', { hasText: '感谢您的评价' }).waitFor();
      await rating.waitFor({ state: 'detached' });

      const found = await supervisorFinds(supervisor, caseNo, '办结');
      check(found.includes('办结') && found.includes('准予'), `concluded on the dashboard: ${found}`);
      check(found.includes('4 / 5') && found.includes('网上申请很方便'), `the rating: ${found}`);
      await shot(supervisor, '58-supervisor-case-concluded');
    });

    for (const p of [applicant, market, health, supervisor]) await p.close();
  },
};
