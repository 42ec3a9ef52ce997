/**
 * Submitting a case (收件): at the window, online (the online hall posts with its API key) or at
 * a village agent point. The item's published version decides everything the case keeps: its
 * pinned process version, form and permissions, limits, online depth and on-site visits.
 *
 * The case number is taken first (its own statement, see case-number.ts); then the pinned
 * process starts, and in the start's own transaction (`inTransaction`) the case row, the
 * instance's region (`tb_instance_scope`) and the first timeline entry are written — a case
 * and its process exist together or not at all. The case id is the instance id.
 */
import { assertMembersCurrent } from '../catalog/bundle.js';
import { publishedItemVersion, type PublishedItemVersion } from '../catalog/published.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Principal } from '../identity/principal.js';
import { regionContains } from '../identity/regions.js';
import { getRegion, insertInstanceScope } from '../store/sql.js';
import { applicantKey, checkApplicant } from './applicant.js';
import { formatCaseNumber, nextSerial } from './case-number.js';
import { nowOf } from './common.js';
import { acceptApplication, FORM_VARIABLE } from './forms.js';
import type { Applicant, CaseRow, Channel, ReceivedMaterial } from './model.js';
import { settle } from './settle.js';
import { attachSubmissionFiles } from '../files/files.js';
import { addEvent, insertCase, insertMembers } from './store.js';

export interface SubmitInput {
  readonly itemId: string;
  readonly regionCode?: string;
  readonly channel: Channel;
  readonly applicant: Applicant;
  readonly materials?: readonly ReceivedMaterial[];
  readonly situationId?: string;
  readonly formData?: Record<string, unknown>;
  /** Uploads to attach besides those the form data refers to (`file:<id>`). */
  readonly files?: readonly string[];
}

async function caseRegion(ctx: AppContext, principal: Principal, item: PublishedItemVersion, given: string | undefined): Promise<string> {
  const regionCode = given ?? (principal.kind === 'apiKey' ? principal.regionCode : null) ?? item.regionCode;
  if (!regionCode || !(await getRegion(ctx.knex, regionCode))) throw new ApiError(422, 'UNKNOWN_REGION', `There is no region ${regionCode}.`, { regionCode });
  if (regionCode.length < 6) throw new ApiError(422, 'REGION_TOO_HIGH', 'A case belongs to a county, town or village (a region code of 6 digits or more).', { regionCode });
  if (!regionContains(item.regionCode, regionCode)) {
    throw new ApiError(422, 'REGION_NOT_SERVED', `Item ${item.implCode} is implemented in region ${item.regionCode}; region ${regionCode} is not part of it.`, {
      itemRegionCode: item.regionCode,
      regionCode,
    });
  }
  return regionCode;
}

const definitionVersion = (definitionId: string) => Number(definitionId.slice(definitionId.lastIndexOf(':') + 1));

export async function submitCase(ctx: AppContext, principal: Principal, input: SubmitInput): Promise<CaseRow> {
  const now = nowOf(ctx);
  const item = await publishedItemVersion(ctx.knex, input.itemId);
  if (!item) throw new ApiError(422, 'ITEM_NOT_PUBLISHED', `Item ${input.itemId} does not exist or has no published version.`, { itemId: input.itemId });
  // A bundle (一件事) cannot be applied for while a member is retired; a member republished since runs the version the bundle pinned.
  if (item.composition) await assertMembersCurrent(ctx.knex, item.composition, { allowOutdated: true });
  const regionCode = await caseRegion(ctx, principal, item, input.regionCode);
  checkApplicant(input.applicant, item.applicantTypes, now);
  const situation = input.situationId === undefined ? undefined : item.situations.find((s) => s.id === input.situationId);
  if (input.situationId !== undefined && !situation) throw new ApiError(422, 'UNKNOWN_SITUATION', `Item ${item.implCode} has no situation ${input.situationId}.`);
  const formData = await acceptApplication(ctx.knex, item.versionId, input.formData ?? {});

  const serial = await nextSerial(ctx.knex, regionCode.slice(0, 6), ctx.engine.calendar.localDate(now));
  const caseNo = formatCaseNumber(regionCode, item.baseCode, ctx.engine.calendar.localDate(now), serial);
  const applicant = input.applicant;
  let created: CaseRow | undefined;
  await ctx.metrics.command('startInstance', () =>
    ctx.engine.startInstance(item.processKey, {
      version: definitionVersion(item.processDefinitionId),
      businessKey: caseNo,
      userId: principal.id,
      variables: {
        ...(item.templateParams ?? {}),
        ...(situation?.variables ?? {}),
        caseNo,
        itemId: item.itemId,
        channel: input.channel,
        // Who applied, not their ID number: variables are readable by every case reader.
        applicant: { type: applicant.type, name: applicant.name },
        situationId: situation?.id ?? null,
        [FORM_VARIABLE]: formData,
      },
      inTransaction: async (trx, instanceId) => {
        await insertInstanceScope(trx, { instanceId, regionCode, departmentId: item.departmentId, startedBy: principal.id });
        created = {
          id: instanceId,
          caseNo,
          itemId: item.itemId,
          itemVersionId: item.versionId,
          implCode: item.implCode,
          baseCode: item.baseCode,
          itemName: item.name,
          itemType: item.itemType,
          processDefinitionId: item.processDefinitionId,
          regionCode,
          departmentId: item.departmentId,
          channel: input.channel,
          status: 'submitted',
          resumeStatus: null,
          applicant,
          applicantIdNumber: applicantKey(applicant),
          agentIdNumber: applicant.agent?.idNumber ?? null,
          materials: input.materials ?? [],
          situationId: situation?.id ?? null,
          immediate: item.immediate,
          promisedLimit: item.promisedLimit,
          legalLimit: item.legalLimit,
          onlineDepth: item.onlineDepth,
          plannedOnSiteVisits: item.onSiteVisits,
          // Coming to the window or the village agent point is a visit; applying online is not.
          onSiteVisits: input.channel === 'online' ? 0 : 1,
          submittedAt: now,
          submittedBy: principal.id,
          acceptedAt: null,
          acceptedBy: null,
          promisedDueAt: null,
          legalDueAt: null,
          clockStoppedAt: null,
          stoppedWorkingDays: 0,
          refusalReason: null,
          decision: null,
          result: null,
          concludedAt: null,
          concludedBy: null,
          handlingWorkingDays: null,
          withdrawnAt: null,
          withdrawalReason: null,
          isBundle: item.composition !== null,
          updatedAt: now,
        };
        await insertCase(trx, created);
        await attachSubmissionFiles(trx, principal.id, [formData, (input.files ?? []).map((ref) => ({ ref }))], instanceId, now);
        if (item.composition) {
          await insertMembers(
            trx,
            item.composition.members.map((m) => ({
              caseId: instanceId,
              position: m.position,
              itemId: m.itemId,
              implCode: m.implCode,
              itemName: m.name,
              itemVersionId: m.versionId,
              processDefinitionId: m.processDefinitionId,
              departmentId: m.departmentId,
              instanceId: null,
              status: 'pending',
              decision: null,
              result: null,
              concludedAt: null,
            })),
          );
        }
        await addEvent(trx, { caseId: instanceId, type: 'submitted', at: now, by: principal.id, data: { channel: input.channel } });
      },
    }),
  );
  return (await settle(ctx, created!.id, principal.id)) ?? created!;
}

/** The applicant on the public pages: no account, so history and the case name no user. */
export const ONLINE_APPLICANT: Principal = {
  kind: 'user',
  id: 'applicant',
  username: 'applicant',
  displayName: '申请人（网上申请）',
  regionCode: null,
  departmentId: null,
  grants: [],
  groups: [],
};

/** 网上申请: only items offered online (在线预审 or 全程网办) take applications without an account. */
export async function applyOnline(ctx: AppContext, input: Omit<SubmitInput, 'channel' | 'regionCode' | 'materials'>): Promise<CaseRow> {
  const item = await publishedItemVersion(ctx.knex, input.itemId);
  if (item && item.onlineDepth < 3) {
    throw new ApiError(422, 'NOT_OFFERED_ONLINE', `Item ${item.implCode} is not offered online (online depth ${item.onlineDepth}); apply at the service window.`, { onlineDepth: item.onlineDepth });
  }
  return submitCase(ctx, ONLINE_APPLICANT, { ...input, channel: 'online' });
}
