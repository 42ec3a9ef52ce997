/**
 * Excel import at the size a department sends: a 200-item sheet (with a material row per item)
 * in which a known set of rows is wrong in different ways. Every bad row is reported with its
 * sheet row number and a message naming what to fix; by default nothing is saved (all or
 * nothing, 422 IMPORT_FAILED); with ?partial=true exactly the good rows are saved and nothing
 * of a bad row is.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { ITEM_COLUMNS, MATERIAL_COLUMNS } from '../../../runtime-api/src/catalog/excel-columns.js';
import { errorOf, type Harness, INSIDE_VILLAGE, OUTSIDE_VILLAGE, startHarness } from '../support/harness.js';
import { makeItem, unique } from './fixtures.js';

interface RowReport {
  row: number;
  implCode: string | null;
  status: string;
  problems: { path: string; message: string }[];
}
interface Report {
  saved: boolean;
  created: number;
  updated: number;
  failed: number;
  rows: RowReport[];
}

const ITEMS = 200;

describe('api: Excel import of a 200-item sheet', function () {
  this.timeout(180_000);
  let h: Harness;
  let q: string;
  let xlsxBase64: string;
  /** Sheet row (事项) → what is wrong with it, as the report must say it. */
  const bad = new Map<number, (messages: string[]) => boolean>();
  const codeOf = (i: number) => `${q}-${String(i).padStart(3, '0')}`;
  /** Item i (1-based) sits on sheet row i + 1, under the header. */
  const rowOf = (i: number) => i + 1;

  before(async () => {
    h = await startHarness('catalog_excel_200');
    q = `X2-${unique()}`;
    await makeItem(h, INSIDE_VILLAGE, 'in_review', { implCode: `${q}-pin` }); // stores form cat-test-form

    const workbook = new ExcelJS.Workbook();
    const items = workbook.addWorksheet('事项');
    items.addRow(ITEM_COLUMNS.map(([header]) => header));
    const materials = workbook.addWorksheet('申请材料');
    materials.addRow(MATERIAL_COLUMNS.map(([header]) => header));

    // Which item is wrong, and how (the rest are good).
    const changes: Record<number, Record<string, unknown>> = {
      7: { name: '' }, // a required cell left empty
      23: { baseCode: 'XE 01/一' }, // a code with characters a code may not have
      41: { 'promisedLimit.unit': '小时' }, // a limit unit that is neither 工作日 nor 自然日
      58: { departmentId: 'no-such-department' }, // a department that does not exist
      77: { implCode: codeOf(76) }, // the 实施编码 of the row above, again
      99: { regionCode: OUTSIDE_VILLAGE }, // a village outside the importer's town
      121: { onSiteVisits: 2 }, // visits > 0 without 到现场理由
      133: { itemType: '行政审批' }, // not an item type
      150: { 'promisedLimit.value': 30 }, // promised limit above the statutory 10
      171: { regionCode: '44010600100' }, // 11 digits: not a region code
    };
    const BAD_MATERIAL_ITEM = 188; // its material row has 0 copies
    const contains = (text: string) => (messages: string[]) => messages.some((m) => m.includes(text));
    const at = (i: number, column: string) => `事项表第 ${rowOf(i)} 行“${column}”：`;
    bad.set(rowOf(7), contains(at(7, '事项名称')));
    bad.set(rowOf(23), contains(`事项表第 ${rowOf(23)} 行“基本编码”：基本编码：必填，字母、数字、点、横线或下划线`));
    bad.set(rowOf(41), contains(`${at(41, '承诺时限单位')}“小时”无法识别，应填写工作日或自然日`));
    bad.set(rowOf(58), contains(`${at(58, '实施主体编码')}实施主体（部门）“no-such-department”不存在`));
    bad.set(rowOf(77), contains(`事项表第 ${rowOf(77)} 行“实施编码”：实施编码：与第 ${rowOf(76)} 行重复`));
    bad.set(rowOf(99), contains(`事项表第 ${rowOf(99)} 行“行政区划代码”：行政区划代码：${OUTSIDE_VILLAGE} 不在您的管辖范围内`));
    bad.set(rowOf(121), contains(`${at(121, '到现场理由')}到现场理由：必填`));
    bad.set(rowOf(133), contains(`${at(133, '事项类型')}“行政审批”无法识别，应填写编码或名称，如“01 行政许可”“20 公共服务”`));
    bad.set(rowOf(150), contains(`${at(150, '承诺时限')}承诺时限：不能超过法定时限（10）`));
    bad.set(rowOf(171), contains(`事项表第 ${rowOf(171)} 行“行政区划代码”：行政区划代码：应为 2、4、6、9 或 12 位数字`));
    // The material row of item 188 is the 189th material row, sheet row 189 + 1.
    bad.set(rowOf(BAD_MATERIAL_ITEM), (messages) => messages.some((m) => m.startsWith(`申请材料表第 ${BAD_MATERIAL_ITEM + 1} 行：份数：`)));

    for (let i = 1; i <= ITEMS; i++) {
      const cells: Record<string, unknown> = {
        baseCode: `X2B${String(i).padStart(4, '0')}`, implCode: codeOf(i), name: `证明事项${i}`, itemType: i % 2 ? '20 公共服务' : '行政许可', departmentId: 'town-in',
        regionCode: INSIDE_VILLAGE, 'legalLimit.value': 10, 'legalLimit.unit': '工作日', 'promisedLimit.value': 1 + (i % 5), 'promisedLimit.unit': i % 3 ? '工作日' : '自然日',
        immediate: '承诺件', onSiteVisits: i % 4 === 0 ? 1 : 0, onSiteReason: i % 4 === 0 ? '核验原件' : '', onlineDepth: 1 + (i % 4), theme: '社会民生',
        applicantTypes: '自然人', fees: '不收费', process: 'api_task', form: 'cat-test-form', isTemplate: '否',
        ...changes[i],
      };
      // 承诺时限单位 自然日 with a statutory limit in 工作日 is compared by no rule; keep item 150's units equal so the check applies.
      if (i === 150) cells['promisedLimit.unit'] = '工作日';
      items.addRow(ITEM_COLUMNS.map(([, field]) => cells[field] ?? ''));
      materials.addRow([codeOf(i), '', 'idCard', '居民身份证', '必要', '', '纸质和电子', i === BAD_MATERIAL_ITEM ? 0 : 1, '居民身份证', '']);
    }
    xlsxBase64 = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
  });
  after(() => h?.close());

  const importing = (query = '') => h.http().post(`/api/catalogue/import${query}`).set(h.as.editor.headers).send({ xlsxBase64 });
  const stored = async (search: string): Promise<Array<{ implCode: string; name: string }>> => {
    const res = await h.http().get(`/api/items?q=${encodeURIComponent(search)}&limit=200`).set(h.as.editor.headers);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.items;
  };

  function expectEveryBadRowReported(report: Report): void {
    const failed = report.rows.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.row)).to.deep.equal([...bad.keys()].sort((a, b) => a - b));
    for (const r of failed) {
      const messages = r.problems.map((p) => p.message);
      expect(bad.get(r.row)!(messages), `row ${r.row}: ${JSON.stringify(messages)}`).to.equal(true);
      // One fault, one message (no echo of the same fault in schema words), saying where to look.
      expect(messages, `row ${r.row}`).to.have.length(1);
      expect(messages[0], `row ${r.row}`).to.match(/^(事项|申请材料)表第 \d+ 行/);
    }
    expect(report.rows).to.have.length(ITEMS);
    expect(report.failed).to.equal(bad.size);
  }

  it('by default saves nothing and reports every bad row by its row number (422 IMPORT_FAILED)', async () => {
    const res = await importing();
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).to.equal(422);
    const error = errorOf(res.body);
    expect(error.code).to.equal('IMPORT_FAILED');
    expect(error.message).to.equal(`导入失败：${bad.size} 行有问题，未保存任何事项（可加 ?partial=true 只导入正确的行）。`);
    const report = error.details as Report;
    expect(report).to.include({ saved: false, created: 0, updated: 0 });
    expectEveryBadRowReported(report);
    // The good rows were checked and would have been saved: they are reported as skipped.
    expect(report.rows.filter((r) => r.status === 'skipped')).to.have.length(ITEMS - bad.size);
    expect((await stored(`${q}-`)).map((i) => i.implCode)).to.deep.equal([`${q}-pin`]);
  });

  it('with ?partial=true saves exactly the good rows and nothing of a bad one', async () => {
    const res = await importing('?partial=true');
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).to.equal(200);
    const report = res.body as Report;
    expect(report).to.include({ saved: true, created: ITEMS - bad.size, updated: 0 });
    expectEveryBadRowReported(report);
    for (const r of report.rows) expect(r.status).to.equal(bad.has(r.row) ? 'failed' : 'created');

    const items = await stored(`${q}-`);
    const codes = new Set(items.map((i) => i.implCode));
    expect(items).to.have.length(ITEMS - bad.size + 1); // the good rows and the fixture that pinned the form
    for (let i = 1; i <= ITEMS; i++) {
      // Row 77 repeats item 76's code: only item 76 (证明事项76) is stored under it.
      if (i === 77) continue;
      expect(codes.has(codeOf(i)), `item ${i} (row ${rowOf(i)})`).to.equal(!bad.has(rowOf(i)));
    }
    expect(items.find((i) => i.implCode === codeOf(76))?.name).to.equal('证明事项76');
    expect(items.some((i) => i.name === '证明事项77')).to.equal(false);

    // A stored row has the sheet's data: limits, units, visits and its material.
    const exported = await h.http().get(`/api/catalogue/export?q=${codeOf(12)}`).set(h.as.editor.headers);
    const data = exported.body.items[0].data;
    expect(data).to.deep.include({ name: '证明事项12', itemType: '01', onSiteVisits: 1, onSiteReason: '核验原件', onlineDepth: 1 });
    expect(data.promisedLimit).to.deep.equal({ value: 3, unit: 'calendarDays' });
    expect(data.materials).to.deep.equal([{ id: 'idCard', name: '居民身份证', necessity: 'required', form: 'both', copies: 1, eCertificate: '居民身份证' }]);
  });
});
