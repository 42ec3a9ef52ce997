/**
 * Import and export: JSON round trip, Excel round trip in the departments' column layout, and
 * the row-by-row error report (nothing saved on failure unless ?partial=true).
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { ITEM_COLUMNS, MATERIAL_COLUMNS } from '../../../runtime-api/src/catalog/excel-columns.js';
import { errorOf, type Harness, INSIDE_VILLAGE, OUTSIDE_VILLAGE, startHarness } from '../support/harness.js';
import { itemData, makeItem, unique } from './fixtures.js';

/** supertest: collect a binary body. */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('api: catalogue import and export', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness('catalog_exchange');
  });
  after(() => h?.close());

  const importing = (body: object, query = '') => h.http().post(`/api/catalogue/import${query}`).set(h.as.editor.headers).send(body);

  it('round-trips JSON: export, change, import as new drafts', async () => {
    const q = `JX-${unique()}`;
    await makeItem(h, INSIDE_VILLAGE, 'published', { implCode: `${q}-1` });
    await makeItem(h, INSIDE_VILLAGE, 'draft', { implCode: `${q}-2` });
    const exported = await h.http().get(`/api/catalogue/export?q=${q}`).set(h.as.editor.headers);
    expect(exported.status).to.equal(200);
    const items = exported.body.items as Array<{ implCode: string; data: { name: string; process: unknown } }>;
    expect(items.map((i) => i.implCode)).to.deep.equal([`${q}-1`, `${q}-2`]);
    expect(items[0]!.data.process).to.deep.equal({ definitionId: 'api_task:1' });
    const changed = items.map((i) => ({ ...i, data: { ...i.data, name: `${i.data.name}（修订）` } }));
    const fresh = { ...items[0]!, implCode: `${q}-3` };
    const report = await importing({ items: [...changed, fresh] });
    expect(report.status, JSON.stringify(report.body)).to.equal(200);
    expect(report.body).to.include({ saved: true, created: 1, updated: 2, failed: 0 });
    const again = await h.http().get(`/api/catalogue/export?q=${q}`).set(h.as.editor.headers);
    expect(again.body.items.map((i: { data: { name: string } }) => i.data.name)).to.deep.equal(['测试事项（修订）', '测试事项（修订）', '测试事项']);
  });

  it('round-trips Excel: the exported workbook imports back to the same data', async () => {
    const q = `XL-${unique()}`;
    await makeItem(h, INSIDE_VILLAGE, 'published', { implCode: `${q}-1`, data: itemData({ fees: [{ name: '工本费', amount: 10 }], onSiteVisits: 1, onSiteReason: '核验原件', applicantTypes: ['naturalPerson', 'legalPerson'] }) });
    const before = await h.http().get(`/api/catalogue/export?q=${q}`).set(h.as.editor.headers);
    const xlsx = await h.http().get(`/api/catalogue/export.xlsx?q=${q}`).set(h.as.editor.headers).buffer(true).parse(binary);
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers['content-type']).to.match(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ExcelJS.Buffer);
    expect(workbook.worksheets.map((w) => w.name)).to.deep.equal(['事项', '申请材料', '情形']);
    expect(workbook.getWorksheet('事项')!.getRow(1).values).to.include.members(ITEM_COLUMNS.map(([header]) => header));

    const report = await importing({ xlsxBase64: (xlsx.body as Buffer).toString('base64') });
    expect(report.status, JSON.stringify(report.body)).to.equal(200);
    expect(report.body).to.include({ created: 0, updated: 1, failed: 0 });
    const after = await h.http().get(`/api/catalogue/export?q=${q}`).set(h.as.editor.headers);
    const { process: _p1, ...beforeData } = before.body.items[0].data;
    const { process: _p2, ...afterData } = after.body.items[0].data;
    expect(afterData).to.deep.equal(beforeData);
  });

  it('reports Excel errors by sheet, row and column, and saves nothing unless partial', async () => {
    const q = `XE-${unique()}`;
    await makeItem(h, INSIDE_VILLAGE, 'draft', { implCode: `${q}-form` }); // stores nothing in tb_form_version until submitted
    await makeItem(h, INSIDE_VILLAGE, 'in_review', { implCode: `${q}-pinned` }); // pins form cat-test-form
    const workbook = new ExcelJS.Workbook();
    const items = workbook.addWorksheet('事项');
    items.addRow(ITEM_COLUMNS.map(([header]) => header));
    const row = (implCode: string, region: string, changes: Record<string, unknown> = {}) => {
      const base: Record<string, unknown> = {
        baseCode: 'XE0001', implCode, name: '开具证明', itemType: '20 公共服务', departmentId: 'town-in', regionCode: region,
        'legalLimit.value': 10, 'legalLimit.unit': '工作日', 'promisedLimit.value': 5, 'promisedLimit.unit': '工作日', immediate: '承诺件',
        onSiteVisits: 0, onlineDepth: 4, theme: '社会民生', applicantTypes: '自然人', fees: '不收费', process: 'api_task', form: 'cat-test-form', isTemplate: '否',
        ...changes,
      };
      items.addRow(ITEM_COLUMNS.map(([, field]) => base[field] ?? ''));
    };
    row(`${q}-ok`, INSIDE_VILLAGE);
    row(`${q}-bad`, INSIDE_VILLAGE, { itemType: '行政审批', onSiteVisits: 1, form: 'no-such-form' });
    row(`${q}-far`, OUTSIDE_VILLAGE);
    const materials = workbook.addWorksheet('申请材料');
    materials.addRow(MATERIAL_COLUMNS.map(([header]) => header));
    materials.addRow([`${q}-ok`, '', 'idCard', '居民身份证', '必要', '', '纸质和电子', 1, '居民身份证', '']);
    materials.addRow([`${q}-far`, '', 'photo', '照片', '必要', '', '纸质', 0, '', '']);
    const xlsxBase64 = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');

    const refused = await importing({ xlsxBase64 });
    expect(refused.status).to.equal(422);
    const error = errorOf(refused.body);
    expect(error.code).to.equal('IMPORT_FAILED');
    const report = error.details as { saved: boolean; failed: number; rows: Array<{ row: number; status: string; problems: { message: string }[] }> };
    expect(report).to.include({ saved: false, failed: 2 });
    expect(report.rows.map((r) => `${r.row}:${r.status}`)).to.deep.equal(['2:skipped', '3:failed', '4:failed']);
    const messages = report.rows.flatMap((r) => r.problems.map((p) => p.message));
    expect(messages).to.include('事项表第 3 行“表单编号”：表单“no-such-form”不存在');
    expect(messages.some((m) => m.startsWith('事项表第 3 行“事项类型”：'))).to.equal(true);
    expect(messages).to.include('事项表第 3 行“到现场理由”：到现场理由：必填');
    expect(messages.some((m) => m.startsWith('申请材料表第 3 行：份数：'))).to.equal(true);
    expect((await h.http().get(`/api/items?q=${q}-ok`).set(h.as.editor.headers)).body.total).to.equal(0);

    const partial = await importing({ xlsxBase64 }, '?partial=true');
    expect(partial.status).to.equal(200);
    expect(partial.body).to.include({ saved: true, created: 1, failed: 2 });
    expect((await h.http().get(`/api/items?q=${q}-ok`).set(h.as.editor.headers)).body.total).to.equal(1);
  });

  it('reports a file that is not a workbook, and rows outside the caller’s region', async () => {
    const junk = await importing({ xlsxBase64: Buffer.from('not a zip').toString('base64') });
    expect(junk.status).to.equal(422);
    expect((errorOf(junk.body).details as { rows: { problems: { message: string }[] }[] }).rows[0]!.problems[0]!.message).to.match(/Excel/);
    const far = await importing({ items: [{ baseCode: 'XE2', implCode: `XF-${unique()}`, regionCode: OUTSIDE_VILLAGE, data: itemData() }] });
    expect((errorOf(far.body).details as { rows: { problems: { message: string }[] }[] }).rows[0]!.problems[0]!.message).to.match(/不在您的管辖范围内/);
  });
});
