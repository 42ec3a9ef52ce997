/**
 * The catalogue's vocabulary (DESIGN §3, GLOSSARY): what one version of a service item (事项)
 * says. `ItemData` is what editors write and what `tb_item_version.data` stores; identity
 * (codes, region, level) lives on `tb_item` and is the same for every version.
 */
import type { FieldPermissions, FormDefinition } from '@tongban/forms';

/** National item-type codes (权力事项类型), with their names. */
export const ITEM_TYPES = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
} as const;
export type ItemTypeCode = keyof typeof ITEM_TYPES;
export const ITEM_TYPE_CODES = Object.keys(ITEM_TYPES) as ItemTypeCode[];

/** Window themes (GLOSSARY `theme`). */
export const THEMES = ['社会民生', '企业设立', '经营许可', '工程建设', '公安专项', '税务专项'] as const;
export type Theme = (typeof THEMES)[number];

export const LEVELS = ['province', 'city', 'county', 'town', 'village'] as const;
export type ItemLevel = (typeof LEVELS)[number];
export const LEVEL_NAMES: Readonly<Record<ItemLevel, string>> = { province: '省级', city: '市级', county: '县级', town: '乡镇（街道）级', village: '村（社区）级' };

export type LimitUnit = 'workingDays' | 'calendarDays';
export const LIMIT_UNIT_NAMES: Readonly<Record<LimitUnit, string>> = { workingDays: '工作日', calendarDays: '自然日' };

/** A time limit (法定时限 / 承诺时限). */
export interface TimeLimit {
  readonly value: number;
  readonly unit: LimitUnit;
}

export type Necessity = 'required' | 'conditional' | 'optional';
export const NECESSITY_NAMES: Readonly<Record<Necessity, string>> = { required: '必要', conditional: '容缺/按情形', optional: '非必要' };
export type MaterialForm = 'paper' | 'electronic' | 'both';
export const MATERIAL_FORM_NAMES: Readonly<Record<MaterialForm, string>> = { paper: '纸质', electronic: '电子', both: '纸质和电子' };

/** 申请材料: one document the applicant provides. */
export interface Material {
  /** Stable within the item (materials are matched by id across versions and situations). */
  readonly id: string;
  readonly name: string;
  readonly necessity: Necessity;
  /** When `conditional`: in which case it is needed (required then). */
  readonly condition?: string;
  readonly form: MaterialForm;
  /** Number of copies (份数), at least 1. */
  readonly copies: number;
  /** 电子证照 type that replaces it (e.g. 营业执照): when the applicant holds one, no upload. */
  readonly eCertificate?: string;
  readonly source?: string;
  readonly note?: string;
}

/** 情形: a variant of the item with its own extra materials and variables that steer the process. */
export interface Situation {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly materials: readonly Material[];
  /** Set as process variables when a case is in this situation (gateway conditions read them). */
  readonly variables: Readonly<Record<string, string | number | boolean>>;
}

/** A fee (收费); an item without fees is free (不收费). */
export interface Fee {
  readonly name: string;
  /** In yuan. */
  readonly amount: number;
  readonly basis?: string;
}

export type ApplicantType = 'naturalPerson' | 'legalPerson';
export const APPLICANT_TYPE_NAMES: Readonly<Record<ApplicantType, string>> = { naturalPerson: '自然人', legalPerson: '法人' };

/**
 * The process of a version: a deployed process by key (latest version when submitted) or by
 * definition id (`key:version`), or BPMN XML given inline (deployed when submitted).
 */
export interface ItemProcess {
  readonly key?: string;
  readonly definitionId?: string;
  readonly bpmn?: string;
}

export const TEMPLATE_PARAMETER_TYPES = ['text', 'department', 'phone', 'regionList', 'number', 'boolean'] as const;
export type TemplateParameterType = (typeof TEMPLATE_PARAMETER_TYPES)[number];

/** A parameter a template declares and a derived item fills (handling department, contact, …). */
export interface TemplateParameter {
  /** Identifier: `{{name}}` in the template's texts, and a process variable of derived items. */
  readonly name: string;
  readonly label: string;
  readonly type: TemplateParameterType;
  readonly required: boolean;
  readonly description?: string;
}

export type OnlineDepth = 1 | 2 | 3 | 4;
export const ONLINE_DEPTH_NAMES: Readonly<Record<OnlineDepth, string>> = { 1: '一级（信息公开）', 2: '二级（表格下载）', 3: '三级（在线预审）', 4: '四级（全程网办）' };

/** What an item is: a service item, or a bundle (一件事) of several published items. */
export const ITEM_KINDS = ['item', 'bundle'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One member of a bundle, named by its implementation code (实施编码). */
export interface BundleMemberSpec {
  readonly implCode: string;
  /** The 电子证照 this member issues (e.g. 营业执照): other members' materials it replaces are not asked. */
  readonly issues?: string;
}

/** What a bundle's editor writes: its members, in the order the applicant sees them. */
export interface BundleSpec {
  readonly members: readonly BundleMemberSpec[];
}

/** One version of a service item, as editors write it. */
export interface ItemData {
  readonly name: string;
  readonly itemType: ItemTypeCode;
  readonly departmentId: string;
  readonly legalLimit: TimeLimit;
  readonly promisedLimit: TimeLimit;
  /** 即办件 (true) or 承诺件 (false). */
  readonly immediate: boolean;
  readonly onSiteVisits: number;
  /** Required when `onSiteVisits` > 0: why the applicant must come in person. */
  readonly onSiteReason?: string;
  readonly onlineDepth: OnlineDepth;
  readonly materials: readonly Material[];
  readonly situations: readonly Situation[];
  readonly fees: readonly Fee[];
  readonly theme: Theme;
  readonly applicantTypes: readonly ApplicantType[];
  readonly legalBasis?: string;
  readonly contact?: string;
  readonly process: ItemProcess;
  readonly form: FormDefinition;
  readonly fieldPermissions: FieldPermissions;
  /** Templates only: the parameters derived items fill. */
  readonly templateParameters?: readonly TemplateParameter[];
  /**
   * Bundles only: the members. A bundle's `process`, `form` and `fieldPermissions` are composed
   * by the server from the members' published versions (bundle.ts); what an editor sends there is replaced.
   */
  readonly bundle?: BundleSpec;
}

export type VersionStatus = 'draft' | 'in_review' | 'published' | 'retired';
export const VERSION_STATUS_NAMES: Readonly<Record<VersionStatus, string>> = { draft: '草稿', in_review: '审核中', published: '已发布', retired: '已停用' };
