/**
 * Files and pickers: a clerk uploads a material's PDF on the task page and downloads it again;
 * the transfer dialog finds colleagues by name (a non-admin reads the directory of its region);
 * the applicant downloads the file from the public progress page.
 */
import { idCardCheckChar, usccCheckChar } from '../../../forms/src/index.js';
import { api, apiToken } from '../support/api.js';
import { check, step } from '../support/harness.js';
import { login, newPage, shot } from '../support/pages.js';
import type { Journey } from '../support/journey.js';
import { PDF } from '../support/files.js';

const USCC = (() => {
  const base = `91440106MA${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  return base + usccCheckChar(base);
})();
const REP_ID = (() => {
  const base = '44010619900101042';
  return base + idCardCheckChar(base);
})();

export const caseFilesJourney: Journey = {
  name: 'files',
  async run({ base, browser }) {
    const page = await newPage(browser);
    let caseNo = '';

    await step('a food-licence case is submitted at the window (API)', async () => {
      const clerk = await apiToken(base, 'clerk');
      const created = await api<{ id: string; caseNo: string }>(base, clerk, 'POST', '/api/cases', {
        itemId: '11440106MB2C0001XK440106',
        regionCode: '440106',
        channel: 'window',
        applicant: { type: 'legalPerson', name: '广州五山文件测试餐饮有限公司', uscc: USCC, legalRepresentative: '李四', phone: '13800138000' },
        formData: {
          applicant: { name: '广州五山文件测试餐饮有限公司', uscc: USCC, legalRepresentative: '李四', legalRepresentativeId: REP_ID, mobile: '13800138000' },
          premises: { regionCode: '440106001001', address: '天河区五山路100号首层', area: 120 },
          foodCategories: ['热食类食品制售'],
          onlineSales: false,
        },
      });
      caseNo = created.caseNo;
    });

    await step('the clerk uploads the business licence PDF in the materials checklist and downloads it', async () => {
      await login(page, base, 'clerk', 'demo1234');
      await page.goto(`${base}/workbench`);
      await page.locator('[data-test=count-groups]').click();
      const row = page.locator('[data-test=inbox] tr', { hasText: caseNo });
      await row.waitFor();
      await row.locator('[data-test=claim-task]').click();
      await page.locator('[data-test=task-head]').waitFor();
      await page.locator('.detail-tabs .el-tabs__item', { hasText: '材料' }).first().click();
      const licence = page.locator('[data-test=case-files-businessLicence]');
      await licence.waitFor();
      await licence.locator('input[type=file]').setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: PDF });
      await licence.locator('[data-test=case-file]', { hasText: '营业执照.pdf' }).waitFor();
      await shot(page, '40-task-materials-files');
      const [download] = await Promise.all([page.waitForEvent('download'), licence.locator('[data-test=case-file]').first().click()]);
      check(download.suggestedFilename() === '营业执照.pdf', 'the download keeps the file name');
    });

    await step('the transfer dialog finds colleagues by name in the clerk’s region', async () => {
      await page.locator('[data-test=action-transfer]').click();
      await page.locator('[data-test=action-dialog]').waitFor();
      await page.locator('[data-test=action-user]').click();
      await page.keyboard.type('市场');
      const option = page.locator('.el-select-dropdown__item:visible', { hasText: '市场监管局审批人' });
      await option.waitFor();
      check((await page.locator('.el-select-dropdown__item:visible', { hasText: '温泉镇审核人' }).count()) === 0, 'no one from another county');
      await option.click();
      await shot(page, '41-transfer-picker');
      await page.locator('[data-test=action-dialog] .el-dialog__footer button', { hasText: '取消' }).click();
    });

    await step('the applicant downloads the file from the progress page', async () => {
      const anon = await newPage(browser);
      await anon.goto(`${base}/progress`);
      await anon.locator('input[data-test=progress-case]').fill(caseNo);
      await anon.locator('input[data-test=progress-id]').fill(USCC);
      await anon.locator('[data-test=progress-submit]').click();
      const files = anon.locator('[data-test=progress-files]');
      await files.waitFor();
      check((await files.textContent())?.includes('营业执照.pdf'), 'the file is listed');
      const [download] = await Promise.all([anon.waitForEvent('download'), files.locator('a, .el-link', { hasText: '营业执照.pdf' }).first().click()]);
      check(download.suggestedFilename() === '营业执照.pdf', 'the applicant’s download keeps the file name');
      await shot(anon, '42-public-progress-files');
      await anon.close();
    });

    await page.close();
  },
};
