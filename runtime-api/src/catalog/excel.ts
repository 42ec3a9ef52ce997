/**
 * Excel workbooks of the catalogue (exceljs): write the three sheets of `excel-columns.ts`,
 * and read them back into import rows with problems located by sheet and row number. Cells
 * are read as text and converted here, so a number typed as text ("20") works as well.
 */
import ExcelJS from 'exceljs';
import type { FormDefinition } from '@tongban/forms';
import {
  APPLICANT_TYPE_BY_NAME, COLUMN_OF_PATH, ITEM_COLUMNS, ITEM_SHEET, ITEM_TYPE_BY_NAME, MATERIAL_COLUMNS, MATERIAL_FORM_BY_NAME, MATERIAL_SHEET,
  NECESSITY_BY_NAME, NECESSITY_TEXT, SITUATION_COLUMNS, SITUATION_SHEET, UNIT_BY_NAME,
} from './excel-columns.js';
import type { ExchangeItem, ImportRow } from './exchange.js';
import { APPLICANT_TYPE_NAMES, ITEM_TYPES, LIMIT_UNIT_NAMES, MATERIAL_FORM_NAMES, type ItemData, type ItemTypeCode, type Material } from './types.js';
import type { ItemProblem } from './validate-item.js';

// ── writing ────────────────────────────────────────────────────────────────────────────────

function materialRow(implCode: string, situationId: string, m: Material): unknown[] {
  return [implCode, situationId, m.id, m.name, NECESSITY_TEXT[m.necessity], m.condition ?? '', MATERIAL_FORM_NAMES[m.form], m.copies, m.eCertificate ?? '', m.source ?? ''];
}

function itemRow(x: ExchangeItem): unknown[] {
  const d = x.data;
  return [
    x.baseCode, x.implCode, d.name, `${d.itemType} ${ITEM_TYPES[d.itemType]}`, d.departmentId, x.regionCode,
    d.legalLimit.value, LIMIT_UNIT_NAMES[d.legalLimit.unit], d.promisedLimit.value, LIMIT_UNIT_NAMES[d.promisedLimit.unit],
    d.immediate ? '即办件' : '承诺件', d.onSiteVisits, d.onSiteReason ?? '', d.onlineDepth, d.theme,
    d.applicantTypes.map((t) => APPLICANT_TYPE_NAMES[t]).join('、'),
    d.fees.length === 0 ? '不收费' : d.fees.map((f) => `${f.name}:${f.amount}`).join(';'),
    d.legalBasis ?? '', d.contact ?? '', d.process.key ?? d.process.definitionId ?? '', d.form.id, x.isTemplate ? '是' : '否',
  ];
}

export async function writeWorkbook(items: readonly ExchangeItem[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '通办';
  const sheet = (name: string, columns: ReadonlyArray<readonly [string, string]>) => {
    const ws = workbook.addWorksheet(name);
    ws.addRow(columns.map(([header]) => header)).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 16));
    return ws;
  };
  const itemsSheet = sheet(ITEM_SHEET, ITEM_COLUMNS);
  const materialsSheet = sheet(MATERIAL_SHEET, MATERIAL_COLUMNS);
  const situationsSheet = sheet(SITUATION_SHEET, SITUATION_COLUMNS);
  for (const x of items) {
    itemsSheet.addRow(itemRow(x));
    for (const m of x.data.materials) materialsSheet.addRow(materialRow(x.implCode, '', m));
    for (const s of x.data.situations) {
      situationsSheet.addRow([x.implCode, s.id, s.name, s.description ?? '', Object.entries(s.variables).map(([k, v]) => `${k}=${String(v)}`).join(';')]);
      for (const m of s.materials) materialsSheet.addRow(materialRow(x.implCode, s.id, m));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ── reading ────────────────────────────────────────────────────────────────────────────────

/** A cell as trimmed text, whatever exceljs made of it (rich text, formula results, links). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    return '';
  }
  return String(value).trim();
}

interface SheetRow {
  readonly row: number;
  readonly cells: Record<string, string>;
}

function readSheet(workbook: ExcelJS.Workbook, name: string, columns: ReadonlyArray<readonly [string, string]>): SheetRow[] | undefined {
  const ws = workbook.getWorksheet(name);
  if (!ws) return undefined;
  const headers = new Map<number, string>();
  ws.getRow(1).eachCell((cell, col) => {
    const field = columns.find(([header]) => header === cellText(cell.value))?.[1];
    if (field) headers.set(col, field);
  });
  const out: SheetRow[] = [];
  ws.eachRow((row, number) => {
    if (number === 1) return;
    const cells: Record<string, string> = {};
    row.eachCell((cell, col) => {
      const field = headers.get(col);
      if (field) cells[field] = cellText(cell.value);
    });
    if (Object.values(cells).some((v) => v !== '')) out.push({ row: number, cells });
  });
  return out;
}

const intOf = (text: string): number | string => (/^-?\d+$/.test(text) ? Number(text) : text);
const numOf = (text: string): number | string => (text !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
const opt = <K extends string>(key: K, text: string | undefined) => (text ? { [key]: text } : {});

function parseMaterial(c: Record<string, string>): Material {
  return {
    id: c.id ?? '',
    name: c.name ?? '',
    necessity: (NECESSITY_BY_NAME[c.necessity ?? ''] ?? c.necessity ?? '') as Material['necessity'],
    ...opt('condition', c.condition),
    form: (MATERIAL_FORM_BY_NAME[c.form ?? ''] ?? c.form ?? '') as Material['form'],
    copies: intOf(c.copies ?? '') as number,
    ...opt('eCertificate', c.eCertificate),
    ...opt('source', c.source),
  };
}

function parseVariables(text: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const pair of text.split(/[;；]/).map((p) => p.trim()).filter(Boolean)) {
    const [k, ...rest] = pair.split('=');
    const v = rest.join('=').trim();
    out[k!.trim()] = v === 'true' ? true : v === 'false' ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  return out;
}

function parseFees(text: string): ItemData['fees'] | string {
  if (text === '' || text === '不收费' || text === '免费') return [];
  return text.split(/[;；]/).filter(Boolean).map((part) => {
    const [name, amount] = part.split(/[:：]/);
    return { name: (name ?? '').trim(), amount: numOf((amount ?? '').trim().replace(/元$/, '')) as number };
  });
}

const unitOf = (text: string) => UNIT_BY_NAME[text] ?? text;
const itemTypeOf = (text: string) => {
  const code = /^(\d{2})\b/.exec(text)?.[1];
  return (code ?? ITEM_TYPE_BY_NAME[text] ?? text) as ItemTypeCode;
};

/**
 * Cells whose words the sheet must spell one of a few ways: said here with the words allowed,
 * since the schema's own message would name codes the sheet never shows. Empty cells are left
 * to the schema ("必填").
 */
function vocabularyProblems(row: number, c: Record<string, string>): ItemProblem[] {
  const problems: ItemProblem[] = [];
  const at = (path: string, column: string, text: string, allowed: string) =>
    problems.push({ path, message: `${ITEM_SHEET}表第 ${row} 行“${column}”：“${text}”无法识别，应填写${allowed}` });
  const units = Object.values(LIMIT_UNIT_NAMES).join('或');
  for (const [field, column] of [['legalLimit.unit', '法定时限单位'], ['promisedLimit.unit', '承诺时限单位']] as const) {
    const text = c[field] ?? '';
    if (text !== '' && !(unitOf(text) in LIMIT_UNIT_NAMES)) at(`/data/${field.replace('.', '/')}`, column, text, units);
  }
  const type = c.itemType ?? '';
  if (type !== '' && !(itemTypeOf(type) in ITEM_TYPES)) at('/data/itemType', '事项类型', type, `编码或名称，如“01 行政许可”“20 公共服务”`);
  if (c.immediate && !['即办件', '承诺件'].includes(c.immediate)) at('/data/immediate', '办件类型', c.immediate, '即办件或承诺件');
  if (c.isTemplate && !['是', '否'].includes(c.isTemplate)) at('/isTemplate', '是否模板', c.isTemplate, '是或否');
  return problems;
}

export interface Existing {
  /** The newest version's data of an item already stored, by 实施编码. */
  latestData(implCode: string): Promise<ItemData | undefined>;
  form(formId: string): Promise<FormDefinition | undefined>;
}

/**
 * Import rows from a workbook. Forms come from 表单编号 (a stored form id) or, for an existing
 * item, its current form; process likewise. Problems name the sheet, row and column.
 */
export async function readWorkbook(buffer: Buffer, existing: Existing): Promise<ImportRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    return [{ row: 0, input: {}, problems: [{ path: '', message: '文件不是有效的 Excel（.xlsx）工作簿' }] }];
  }
  const items = readSheet(workbook, ITEM_SHEET, ITEM_COLUMNS);
  if (!items) return [{ row: 0, input: {}, problems: [{ path: '', message: `工作簿缺少工作表“${ITEM_SHEET}”` }] }];
  const materials = readSheet(workbook, MATERIAL_SHEET, MATERIAL_COLUMNS) ?? [];
  const situations = readSheet(workbook, SITUATION_SHEET, SITUATION_COLUMNS) ?? [];
  const rows: ImportRow[] = [];
  for (const { row, cells: c } of items) {
    const implCode = c.implCode ?? '';
    const problems: ItemProblem[] = vocabularyProblems(row, c);
    const previous = implCode ? await existing.latestData(implCode) : undefined;
    const ownMaterials = materials.filter((m) => m.cells.implCode === implCode);
    const baseRows = ownMaterials.filter((m) => !m.cells.situationId);
    const ownSituations = situations.filter((s) => s.cells.implCode === implCode);
    let form = previous?.form;
    if (c.form && c.form !== previous?.form.id) {
      form = await existing.form(c.form);
      if (!form) problems.push({ path: '/data/form', message: `${ITEM_SHEET}表第 ${row} 行“表单编号”：表单“${c.form}”不存在` });
    } else if (!form) problems.push({ path: '/data/form', message: `${ITEM_SHEET}表第 ${row} 行“表单编号”：新事项必须填写` });
    const process = c.process ? (c.process.includes(':') ? { definitionId: c.process } : { key: c.process }) : previous?.process;
    if (!process) problems.push({ path: '/data/process', message: `${ITEM_SHEET}表第 ${row} 行“流程标识”：新事项必须填写` });
    const data = {
      name: c.name ?? '',
      itemType: itemTypeOf(c.itemType ?? ''),
      departmentId: c.departmentId ?? '',
      legalLimit: { value: intOf(c['legalLimit.value'] ?? ''), unit: unitOf(c['legalLimit.unit'] ?? '') },
      promisedLimit: { value: intOf(c['promisedLimit.value'] ?? ''), unit: unitOf(c['promisedLimit.unit'] ?? '') },
      immediate: c.immediate === '即办件',
      onSiteVisits: intOf(c.onSiteVisits ?? '0'),
      ...opt('onSiteReason', c.onSiteReason),
      onlineDepth: intOf(c.onlineDepth ?? ''),
      materials: baseRows.map((m) => parseMaterial(m.cells)),
      situations: ownSituations.map((s) => ({
        id: s.cells.id ?? '',
        name: s.cells.name ?? '',
        ...opt('description', s.cells.description),
        materials: ownMaterials.filter((m) => m.cells.situationId === s.cells.id).map((m) => parseMaterial(m.cells)),
        variables: parseVariables(s.cells.variables ?? ''),
      })),
      fees: parseFees(c.fees ?? ''),
      theme: c.theme ?? '',
      applicantTypes: (c.applicantTypes ?? '').split(/[、,，;；\s]+/).filter(Boolean).map((t) => APPLICANT_TYPE_BY_NAME[t] ?? t),
      ...opt('legalBasis', c.legalBasis),
      ...opt('contact', c.contact),
      process: process ?? {},
      form: form ?? {},
      fieldPermissions: previous?.fieldPermissions ?? {},
      ...(previous?.templateParameters ? { templateParameters: previous.templateParameters } : {}),
    };
    const materialRowOf = (index: number) => baseRows[index]?.row;
    const situationRowOf = (index: number) => ownSituations[index]?.row;
    rows.push({
      row,
      input: { baseCode: c.baseCode ?? '', implCode, regionCode: c.regionCode ?? '', isTemplate: c.isTemplate === '是', data },
      problems,
      locate: (p) => {
        const material = /^\/data\/materials\/(\d+)/.exec(p.path);
        if (material) return { path: p.path, message: `${MATERIAL_SHEET}表第 ${materialRowOf(Number(material[1])) ?? '?'} 行：${p.message}` };
        const situation = /^\/data\/situations\/(\d+)/.exec(p.path);
        if (situation) return { path: p.path, message: `${SITUATION_SHEET}表第 ${situationRowOf(Number(situation[1])) ?? '?'} 行：${p.message}` };
        if (p.message.startsWith(`${ITEM_SHEET}表`)) return p;
        const column = COLUMN_OF_PATH.find(([re]) => re.test(p.path))?.[1];
        return { path: p.path, message: `${ITEM_SHEET}表第 ${row} 行${column ? `“${column}”` : ''}：${p.message}` };
      },
    });
  }
  return rows;
}
