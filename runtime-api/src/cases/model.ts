/**
 * The case (办件) vocabulary: statuses, channels, applicants, suspensions, and which status
 * may go where. The transition table is the one place that says what a command may do in which
 * status; commands check it with a conditional update (`where status = …`), so two clerks
 * acting at once cannot both move the same case.
 */
import type { ApplicantType, TimeLimit } from '../catalog/types.js';

export const CASE_STATUSES = ['submitted', 'accepted', 'refused', 'supplement', 'processing', 'concluded', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_NAMES: Readonly<Record<CaseStatus, string>> = {
  submitted: '待受理',
  accepted: '已受理',
  refused: '不予受理',
  supplement: '补正',
  processing: '办理中',
  concluded: '办结',
  withdrawn: '退件',
};

/** Statuses a case can still leave. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'accepted', 'supplement', 'processing'];
/** Statuses in which the promised-limit clock runs (unless a special procedure stopped it). */
export const CLOCK_STATUSES: readonly CaseStatus[] = ['accepted', 'processing'];

export const CHANNELS = ['window', 'online', 'villageAgent'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DECISIONS = ['granted', 'denied'] as const;
export type Decision = (typeof DECISIONS)[number];

export const SPECIAL_PROCEDURES = ['hearing', 'testing', 'expertReview'] as const;
export type SpecialProcedureKind = (typeof SPECIAL_PROCEDURES)[number];
export type SuspensionKind = 'supplement' | SpecialProcedureKind;
export const SUSPENSION_NAMES: Readonly<Record<SuspensionKind, string>> = {
  supplement: '补正',
  hearing: '听证',
  testing: '检验检测',
  expertReview: '专家评审',
};

export type { ApplicantType };

export interface Person {
  readonly name: string;
  readonly idNumber: string;
  readonly phone?: string;
}

/** 申请人: a natural person (ID number) or a legal person (USCC), with an optional agent (代理人). */
export interface Applicant {
  readonly type: ApplicantType;
  readonly name: string;
  /** Natural person: resident ID number. */
  readonly idNumber?: string;
  /** Legal person: unified social credit code. */
  readonly uscc?: string;
  /** Legal person: legal representative's name. */
  readonly legalRepresentative?: string;
  readonly phone?: string;
  readonly address?: string;
  readonly agent?: Person;
}

/** A material received (收件) with the application or on resubmission. */
export interface ReceivedMaterial {
  readonly materialId?: string;
  readonly name: string;
  readonly copies?: number;
  readonly form?: 'paper' | 'electronic' | 'eCertificate';
  /** When an e-certificate (电子证照) replaced the paper: its number. */
  readonly eCertificateNo?: string;
}

export interface MissingMaterial {
  readonly materialId?: string;
  readonly name: string;
  readonly reason?: string;
}

export interface CaseResult {
  readonly decision?: Decision;
  /** 决定文书号 / 结果文书 number. */
  readonly documentNo?: string;
  /** 证照编号 of the licence or certificate issued. */
  readonly certificateNo?: string;
  readonly note?: string;
}

export interface CaseRow {
  readonly id: string;
  readonly caseNo: string;
  readonly itemId: string;
  readonly itemVersionId: string;
  readonly implCode: string;
  readonly baseCode: string;
  readonly itemName: string;
  readonly itemType: string;
  readonly processDefinitionId: string;
  readonly regionCode: string;
  readonly departmentId: string;
  readonly channel: Channel;
  readonly status: CaseStatus;
  readonly resumeStatus: CaseStatus | null;
  readonly applicant: Applicant;
  readonly applicantIdNumber: string;
  readonly agentIdNumber: string | null;
  readonly materials: readonly ReceivedMaterial[];
  readonly situationId: string | null;
  readonly immediate: boolean;
  readonly promisedLimit: TimeLimit;
  readonly legalLimit: TimeLimit;
  readonly onlineDepth: number;
  readonly plannedOnSiteVisits: number;
  readonly onSiteVisits: number;
  readonly submittedAt: Date;
  readonly submittedBy: string;
  readonly acceptedAt: Date | null;
  readonly acceptedBy: string | null;
  readonly promisedDueAt: Date | null;
  readonly legalDueAt: Date | null;
  readonly clockStoppedAt: Date | null;
  readonly stoppedWorkingDays: number;
  readonly refusalReason: string | null;
  readonly decision: Decision | null;
  readonly result: CaseResult | null;
  readonly concludedAt: Date | null;
  readonly concludedBy: string | null;
  readonly handlingWorkingDays: number | null;
  readonly withdrawnAt: Date | null;
  readonly withdrawalReason: string | null;
  /** A bundle's case (一件事): one case for several items, each member's outcome in `tb_case_member`. */
  readonly isBundle: boolean;
  readonly updatedAt: Date;
}

export const MEMBER_STATUSES = ['pending', 'processing', 'concluded', 'withdrawn'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const MEMBER_STATUS_NAMES: Readonly<Record<MemberStatus, string>> = { pending: '待受理', processing: '办理中', concluded: '办结', withdrawn: '未办理' };

/** One member of a bundle's case: which item version it runs, its process instance (a child of the case's) and its outcome. */
export interface CaseMemberRow {
  readonly caseId: string;
  readonly position: number;
  readonly itemId: string;
  readonly implCode: string;
  readonly itemName: string;
  readonly itemVersionId: string;
  readonly processDefinitionId: string;
  readonly departmentId: string;
  readonly instanceId: string | null;
  readonly status: MemberStatus;
  readonly decision: Decision | null;
  readonly result: CaseResult | null;
  readonly concludedAt: Date | null;
}

export interface SuspensionRow {
  readonly id: string;
  readonly caseId: string;
  readonly kind: SuspensionKind;
  readonly reason: string | null;
  readonly missingMaterials: readonly MissingMaterial[] | null;
  readonly startedAt: Date;
  readonly startedBy: string;
  readonly endedAt: Date | null;
  readonly endedBy: string | null;
  readonly stoppedWorkingDays: number | null;
}

export interface CaseEventRow {
  readonly id: number;
  readonly caseId: string;
  readonly type: string;
  readonly at: Date;
  readonly by: string | null;
  readonly data: Record<string, unknown> | null;
}
