/**
 * Cases as the API shows them to staff: a summary for lists, the full case (timeline, clock
 * stops, open steps, cards, rating) for one, and the receipt (回执) printed for the applicant.
 */
import type { Knex } from 'knex';
import { getVersionById } from '../catalog/store.js';
import type { AppContext } from '../context.js';
import { getDepartment, getRegion, getUser } from '../store/sql.js';
import { listCards } from '../supervision/cards.js';
import { concludesAtAcceptance, issuesCertificate } from './acceptance-result.js';
import { maskId } from './applicant.js';
import { nowOf } from './common.js';
import { memberJson } from './members.js';
import { CASE_STATUS_NAMES, type CaseRow, SUSPENSION_NAMES } from './model.js';
import { getRating, type RatingRow } from './rating.js';
import { listEvents, listMembers, listSuspensions } from './store.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function caseSummaryJson(c: CaseRow) {
  return {
    id: c.id,
    caseNo: c.caseNo,
    itemId: c.itemId,
    itemName: c.itemName,
    regionCode: c.regionCode,
    departmentId: c.departmentId,
    channel: c.channel,
    status: c.status,
    statusName: CASE_STATUS_NAMES[c.status],
    applicantName: c.applicant.name,
    submittedAt: c.submittedAt.toISOString(),
    promisedDueAt: iso(c.promisedDueAt),
    clockStopped: c.clockStoppedAt !== null,
    concludedAt: iso(c.concludedAt),
    isBundle: c.isBundle,
  };
}

/** The result as the applicant sees it on the receipt and in the progress lookup: null until 办结. */
export function publicResultJson(c: CaseRow) {
  if (c.status !== 'concluded' || !c.decision) return null;
  return { decision: c.decision, certificateNo: c.result?.certificateNo ?? null, documentNo: c.result?.documentNo ?? null, note: c.result?.note ?? null };
}

export function ratingJson(r: RatingRow) {
  return {
    score: r.score,
    comment: r.comment,
    ratedAt: r.ratedAt.toISOString(),
    followUp: r.followUpStatus === null ? null : { status: r.followUpStatus, resolution: r.followUpResolution, resolvedBy: r.followUpResolvedBy, resolvedAt: iso(r.followUpResolvedAt) },
  };
}

export async function caseJson(ctx: AppContext, c: CaseRow) {
  const [suspensions, events, tasks, cards, rating, members] = await Promise.all([
    listSuspensions(ctx.knex, c.id),
    listEvents(ctx.knex, c.id),
    // A bundle's members' steps run in called processes, which share the case number.
    c.isBundle ? ctx.engine.queryTasks({ businessKey: c.caseNo }).then((all) => all.filter((t) => t.rootId === c.id)) : ctx.engine.queryTasks({ instanceId: c.id }),
    listCards(ctx.knex, { caseId: c.id }, null, { limit: 200, offset: 0 }),
    getRating(ctx.knex, c.id),
    c.isBundle ? listMembers(ctx.knex, c.id) : [],
  ]);
  const memberOf = (instanceId: string) => members.find((m) => m.instanceId === instanceId)?.position ?? null;
  return {
    ...caseSummaryJson(c),
    item: { id: c.itemId, versionId: c.itemVersionId, implCode: c.implCode, baseCode: c.baseCode, name: c.itemName, itemType: c.itemType },
    processDefinitionId: c.processDefinitionId,
    applicant: c.applicant,
    materials: c.materials,
    situationId: c.situationId,
    immediate: c.immediate,
    // What the accept dialog asks for (acceptance-result.ts).
    acceptanceResult: concludesAtAcceptance(c) ? { certificateRequired: issuesCertificate(c) } : null,
    promisedLimit: c.promisedLimit,
    legalLimit: c.legalLimit,
    onlineDepth: c.onlineDepth,
    plannedOnSiteVisits: c.plannedOnSiteVisits,
    onSiteVisits: c.onSiteVisits,
    submittedBy: c.submittedBy,
    acceptedAt: iso(c.acceptedAt),
    acceptedBy: c.acceptedBy,
    legalDueAt: iso(c.legalDueAt),
    clockStoppedAt: iso(c.clockStoppedAt),
    stoppedWorkingDays: c.stoppedWorkingDays,
    refusalReason: c.refusalReason,
    decision: c.decision,
    result: c.result,
    concludedBy: c.concludedBy,
    handlingWorkingDays: c.handlingWorkingDays,
    withdrawnAt: iso(c.withdrawnAt),
    withdrawalReason: c.withdrawalReason,
    updatedAt: c.updatedAt.toISOString(),
    suspensions: suspensions.map((s) => ({
      id: s.id,
      kind: s.kind,
      name: SUSPENSION_NAMES[s.kind],
      reason: s.reason,
      missingMaterials: s.missingMaterials,
      startedAt: s.startedAt.toISOString(),
      startedBy: s.startedBy,
      endedAt: iso(s.endedAt),
      endedBy: s.endedBy,
      stoppedWorkingDays: s.stoppedWorkingDays,
    })),
    openTasks: tasks.map((t) => ({
      id: t.id,
      elementId: t.elementId,
      name: t.name,
      assignee: t.assignee,
      candidateGroups: [...t.candidateGroups],
      dueAt: iso(t.dueAt),
      memberPosition: memberOf(t.instanceId),
    })),
    members: members.map(memberJson),
    cards: cards.items.map((k) => ({
      id: k.id,
      level: k.level,
      taskId: k.taskId === '' ? null : k.taskId,
      elementId: k.elementId,
      dueAt: k.dueAt.toISOString(),
      issuedAt: k.issuedAt.toISOString(),
      revokedAt: iso(k.revokedAt),
      revokedBy: k.revokedBy,
      revokeReason: k.revokeReason,
    })),
    rating: rating ? ratingJson(rating) : null,
    timeline: events.map((e) => ({ type: e.type, at: e.at.toISOString(), by: e.by, data: e.data })),
  };
}

const RECEIPT_TITLES = {
  submitted: '收件凭证',
  supplement: '补正材料通知书',
  refused: '不予受理通知书',
  other: '受理通知书',
} as const;

async function officeOf(knex: Knex, c: CaseRow) {
  const [department, region, version, handler] = await Promise.all([
    getDepartment(knex, c.departmentId),
    getRegion(knex, c.regionCode),
    getVersionById(knex, c.itemVersionId),
    getUser(knex, c.acceptedBy ?? c.submittedBy),
  ]);
  return {
    departmentId: c.departmentId,
    departmentName: department?.name ?? null,
    regionCode: c.regionCode,
    regionName: region?.name ?? null,
    contact: version?.data.contact ?? null,
    handledBy: handler?.displayName ?? null,
  };
}

/** 回执: what the applicant takes home — and how to follow the case without an account. */
export async function receiptJson(ctx: AppContext, c: CaseRow) {
  const suspensions = c.status === 'supplement' ? await listSuspensions(ctx.knex, c.id) : [];
  const members = c.isBundle ? await listMembers(ctx.knex, c.id) : [];
  const open = suspensions.find((s) => s.endedAt === null);
  const title = c.status === 'submitted' ? RECEIPT_TITLES.submitted : c.status === 'supplement' ? RECEIPT_TITLES.supplement : c.status === 'refused' ? RECEIPT_TITLES.refused : RECEIPT_TITLES.other;
  const idNumber = c.applicant.type === 'naturalPerson' ? c.applicant.idNumber : c.applicant.uscc;
  return {
    title,
    caseNo: c.caseNo,
    issuedAt: nowOf(ctx).toISOString(),
    item: { name: c.itemName, implCode: c.implCode },
    // 一件事: the items this one case applies for.
    members: members.map((m) => ({ position: m.position, name: m.itemName, implCode: m.implCode })),
    applicant: {
      type: c.applicant.type,
      name: c.applicant.name,
      idNumber: maskId(idNumber ?? ''),
      agent: c.applicant.agent ? { name: c.applicant.agent.name, idNumber: maskId(c.applicant.agent.idNumber) } : null,
    },
    channel: c.channel,
    status: c.status,
    statusName: CASE_STATUS_NAMES[c.status],
    submittedAt: c.submittedAt.toISOString(),
    acceptedAt: iso(c.acceptedAt),
    materialsReceived: c.materials,
    missingMaterials: open?.missingMaterials ?? [],
    refusalReason: c.refusalReason,
    immediate: c.immediate,
    promisedLimit: c.promisedLimit,
    promisedDueAt: iso(c.promisedDueAt),
    result: publicResultJson(c),
    office: await officeOf(ctx.knex, c),
    progressLookup: '凭办件编号和申请人身份证号（或统一社会信用代码）可在网上查询办理进度：POST /api/public/progress',
  };
}
