/**
 * The Excel layout departments keep their item lists in (事项清单), one workbook, three sheets:
 * 事项 (one row per item), 申请材料 (one row per material; 情形编号 empty for the item's own
 * materials) and 情形 (one row per situation). Codes and names may be written either way
 * (`01` or `行政许可`, `workingDays` or `工作日`). Forms and processes are designed in the
 * designer, so a row names them: 流程标识 (a deployed process key) and 表单编号 (a form id
 * already stored); an existing item keeps its own when those cells are empty.
 */
import { ITEM_TYPES, LIMIT_UNIT_NAMES, MATERIAL_FORM_NAMES, APPLICANT_TYPE_NAMES } from './types.js';

export const ITEM_SHEET = '事项';
export const MATERIAL_SHEET = '申请材料';
export const SITUATION_SHEET = '情形';

/** Sheet 事项: header → field. Order is the column order. */
export const ITEM_COLUMNS = [
  ['基本编码', 'baseCode'],
  ['实施编码', 'implCode'],
  ['事项名称', 'name'],
  ['事项类型', 'itemType'],
  ['实施主体编码', 'departmentId'],
  ['行政区划代码', 'regionCode'],
  ['法定时限', 'legalLimit.value'],
  ['法定时限单位', 'legalLimit.unit'],
  ['承诺时限', 'promisedLimit.value'],
  ['承诺时限单位', 'promisedLimit.unit'],
  ['办件类型', 'immediate'],
  ['到现场次数', 'onSiteVisits'],
  ['到现场理由', 'onSiteReason'],
  ['网上办理深度', 'onlineDepth'],
  ['主题', 'theme'],
  ['服务对象', 'applicantTypes'],
  ['收费', 'fees'],
  ['设定依据', 'legalBasis'],
  ['咨询方式', 'contact'],
  ['流程标识', 'process'],
  ['表单编号', 'form'],
  ['是否模板', 'isTemplate'],
] as const;

export const MATERIAL_COLUMNS = [
  ['实施编码', 'implCode'],
  ['情形编号', 'situationId'],
  ['材料编号', 'id'],
  ['材料名称', 'name'],
  ['必要性', 'necessity'],
  ['需要的情形', 'condition'],
  ['材料形式', 'form'],
  ['份数', 'copies'],
  ['可替代电子证照', 'eCertificate'],
  ['来源渠道', 'source'],
] as const;

export const SITUATION_COLUMNS = [
  ['实施编码', 'implCode'],
  ['情形编号', 'id'],
  ['情形名称', 'name'],
  ['情形说明', 'description'],
  ['流程变量', 'variables'],
] as const;

/** Which column a path of the import row is about, for the row report (codes and region sit beside the data). */
const ROW_FIELDS = ['baseCode', 'implCode', 'regionCode'];
export const COLUMN_OF_PATH: ReadonlyArray<[RegExp, string]> = ITEM_COLUMNS.filter(([, f]) => !['process', 'form', 'isTemplate'].includes(f)).map(([header, field]) => [
  new RegExp(`^${ROW_FIELDS.includes(field) ? '' : '/data'}/${field.replace('.', '/')}(/|$)`),
  header,
]);

const invert = <K extends string>(names: Readonly<Record<K, string>>): Record<string, K> => Object.fromEntries(Object.entries(names).map(([k, v]) => [v, k as K])) as Record<string, K>;

export const ITEM_TYPE_BY_NAME = invert(ITEM_TYPES);
export const UNIT_BY_NAME = invert(LIMIT_UNIT_NAMES);
export const MATERIAL_FORM_BY_NAME = invert(MATERIAL_FORM_NAMES);
export const APPLICANT_TYPE_BY_NAME = invert(APPLICANT_TYPE_NAMES);
export const NECESSITY_BY_NAME: Record<string, string> = { 必要: 'required', 必须: 'required', 容缺: 'conditional', 按情形: 'conditional', '容缺/按情形': 'conditional', 非必要: 'optional', 可选: 'optional' };
export const NECESSITY_TEXT: Record<string, string> = { required: '必要', conditional: '按情形', optional: '非必要' };
