/**
 * Bundles (一件事一次办): a catalogue item of kind `bundle` that lists member items by 实施编码
 * and is applied for in one case. Its versions go through the same review and publication as
 * any item; what an editor writes is the bundle's own part (name, lead department, limits,
 * applicant types, its own extra materials and situations, the members); the server composes
 * the rest from the members' *published* versions and pins it when the version is submitted:
 * the process (bundle-process.ts), the form and permissions and the merged materials and
 * situations (bundle-compose.ts), kept in `composition`.
 *
 * Refused, each with its own 4xx code: fewer than two members, the same member twice, a member
 * that does not exist, is itself a bundle or a template, has no published version, or is
 * implemented outside the bundle's region (a member must be implemented in the bundle's region
 * or above it, so it serves every place the bundle does); a promised limit longer than the
 * longest member's (members run in parallel after one acceptance, so the slowest member bounds
 * the whole — a bundle must not be slower than applying for that member alone); 即办 unless every
 * member is; applicant types no member serves; fields or situation variables members define
 * differently. Publication is refused while a member is retired or has published a newer
 * version than the one pinned (submit the bundle again to compose the new one).
 */
import type { FormDefinition } from '@tongban/forms';
import { ApiError } from '../errors.js';
import { regionContains } from '../identity/regions.js';
import { addMaterials, addSituations, composeForm, composePermissions, type ComposeProblem, type MemberInput } from './bundle-compose.js';
import { bundleProcessXml } from './bundle-process.js';
import type { BundleComposition, BundleMaterial, BundleMember, BundleSituation, MemberStanding } from './bundle-types.js';
import { publishedItemVersion, type PublishedItemVersion } from './published.js';
import * as store from './store.js';
import { type ItemData, type ItemKind, LIMIT_UNIT_NAMES, type LimitUnit, type TimeLimit } from './types.js';
import { assertItemData, itemProblems } from './validate-item.js';

/** Steps of the generated process whose field permissions the bundle composes. */
const BUNDLE_STEPS = ['applicant', 'accept'] as const;
/** Stands in for the composed parts while the editor's own part is checked. */
const PLACEHOLDER_FORM: FormDefinition = { id: 'bundle-placeholder', title: '一件事', schema: { type: 'object', properties: {} }, uiSchema: { type: 'VerticalLayout', elements: [] } };

const refuse = (code: string, message: string, details: Record<string, unknown> = {}) => new ApiError(422, code, message, details);

interface BundleOwner {
  readonly implCode: string;
  readonly regionCode: string;
  readonly isTemplate: boolean;
}

/** Where the members are: the published versions (checked one by one, in order). */
async function resolveMembers(db: store.Db, owner: BundleOwner, implCodes: readonly string[]): Promise<PublishedItemVersion[]> {
  if (implCodes.length < 2) throw refuse('BUNDLE_TOO_FEW_MEMBERS', `一件事至少要组合两个成员事项，现在只有 ${implCodes.length} 个。`, { members: implCodes });
  const seen = new Set<string>();
  const out: PublishedItemVersion[] = [];
  for (const implCode of implCodes) {
    if (seen.has(implCode)) throw refuse('BUNDLE_DUPLICATE_MEMBER', `成员事项“${implCode}”重复列出。`, { implCode });
    seen.add(implCode);
    const item = await store.findItem(db, implCode);
    if (!item || item.implCode !== implCode) throw refuse('BUNDLE_MEMBER_NOT_FOUND', `成员事项“${implCode}”不存在（请填写事项的实施编码）。`, { implCode });
    if (item.kind === 'bundle') throw refuse('BUNDLE_MEMBER_IS_BUNDLE', `“${item.name}”（${implCode}）本身是一件事，一件事不能再包含一件事。`, { implCode });
    if (item.isTemplate) throw refuse('BUNDLE_MEMBER_IS_TEMPLATE', `“${item.name}”（${implCode}）是模板（应规整下级事项），不能直接办理，请组合由它生成的本级事项。`, { implCode });
    if (!regionContains(item.regionCode, owner.regionCode)) {
      throw refuse('BUNDLE_MEMBER_OUTSIDE_REGION', `“${item.name}”（${implCode}）在行政区划 ${item.regionCode} 实施，不覆盖一件事所在的 ${owner.regionCode}：成员事项须在一件事的区划或其上级实施。`, {
        implCode,
        memberRegionCode: item.regionCode,
        regionCode: owner.regionCode,
      });
    }
    const published = await publishedItemVersion(db, item.id);
    if (!published) throw refuse('BUNDLE_MEMBER_NOT_PUBLISHED', `“${item.name}”（${implCode}）没有已发布的版本：一件事只能组合已发布的事项。`, { implCode });
    // The case tells its members' processes apart by definition: two members on one process could not be.
    const twin = out.find((m) => m.processDefinitionId === published.processDefinitionId);
    if (twin) throw refuse('BUNDLE_DUPLICATE_MEMBER', `“${item.name}”与“${twin.name}”使用同一个流程（${published.processDefinitionId}），无法在一件事中区分。`, { implCode, processDefinitionId: published.processDefinitionId });
    out.push(published);
  }
  return out;
}

/** A limit as a bound in another unit: N working days last at least N calendar days; N calendar days hold about N·5/7 working days. */
function boundIn(limit: TimeLimit, unit: LimitUnit): number {
  if (limit.unit === unit || unit === 'calendarDays') return limit.value;
  return Math.floor((limit.value * 5) / 7);
}

function limitProblems(data: ItemData, members: readonly PublishedItemVersion[]): ComposeProblem[] {
  const problems: ComposeProblem[] = [];
  const unit = data.promisedLimit.unit;
  const longest = Math.max(...members.map((m) => boundIn(m.promisedLimit, unit)));
  if (data.promisedLimit.value > longest) {
    problems.push({ path: '/promisedLimit/value', message: `承诺时限：一件事的成员并联办理，承诺时限不能超过最长的成员承诺时限（${longest} 个${LIMIT_UNIT_NAMES[unit]}）` });
  }
  if (data.immediate && members.some((m) => !m.immediate)) problems.push({ path: '/immediate', message: '即办件：只有全部成员事项都是即办件时，一件事才能是即办件' });
  for (const type of data.applicantTypes) {
    if (!members.some((m) => m.applicantTypes.includes(type))) problems.push({ path: '/applicantTypes', message: `服务对象：没有成员事项面向“${type === 'naturalPerson' ? '自然人' : '法人'}”` });
  }
  return problems;
}

function pinnedMember(m: PublishedItemVersion, position: number, issues: string | undefined): BundleMember {
  return {
    position,
    itemId: m.itemId,
    implCode: m.implCode,
    name: m.name,
    versionId: m.versionId,
    version: m.version,
    processDefinitionId: m.processDefinitionId,
    formVersionId: m.formVersionId,
    departmentId: m.departmentId,
    regionCode: m.regionCode,
    immediate: m.immediate,
    promisedLimit: m.promisedLimit,
    legalLimit: m.legalLimit,
    issues: issues ?? null,
  };
}

/** Materials replaced by what another member issues leave the list. */
function withoutIssued(materials: readonly BundleMaterial[], members: readonly BundleMember[]): { kept: BundleMaterial[]; replaced: BundleComposition['replaced'] } {
  const kept: BundleMaterial[] = [];
  const replaced: Array<BundleComposition['replaced'][number]> = [];
  for (const m of materials) {
    const issuer = members.find((x) => x.issues !== null && x.issues === m.eCertificate && !m.members.includes(x.implCode));
    if (issuer) replaced.push({ name: m.name, members: m.members, issuedBy: issuer.implCode });
    else kept.push(m);
  }
  return { kept, replaced };
}

export interface PreparedItem {
  readonly data: ItemData;
  readonly composition: BundleComposition | null;
}

/**
 * The data to store for an item of this kind: checked (422 ITEM_INVALID listing problems), and
 * for a bundle composed from its members' published versions (422 `BUNDLE_…` codes above).
 */
export async function prepareItemData(db: store.Db, raw: unknown, owner: BundleOwner & { kind: ItemKind }): Promise<PreparedItem> {
  const given = (raw ?? {}) as Partial<ItemData>;
  if (owner.kind === 'item') {
    if (typeof raw === 'object' && raw !== null && 'bundle' in raw) {
      throw new ApiError(422, 'ITEM_INVALID', '事项内容有 1 处问题：一件事：只有一件事（kind: bundle）可以列出成员事项', { problems: [{ path: '/bundle', message: '一件事：只有一件事（kind: bundle）可以列出成员事项' }] });
    }
    return { data: assertItemData(raw, { isTemplate: owner.isTemplate }), composition: null };
  }
  if (owner.isTemplate) throw refuse('BUNDLE_TEMPLATE', '一件事不能同时是模板（应规整下级事项）。');
  // The editor's own part first, with the composed parts stood in for.
  assertItemData({ ...given, process: { key: 'bundle' }, form: PLACEHOLDER_FORM, fieldPermissions: {} }, { isTemplate: false });
  const own = given as ItemData;
  const specs = own.bundle?.members ?? [];
  const members = await resolveMembers(db, owner, specs.map((m) => m.implCode));
  const pinned = members.map((m, i) => pinnedMember(m, i + 1, specs[i]!.issues));
  const problems: ComposeProblem[] = limitProblems(own, members);
  if (problems.length > 0) throw refuse('BUNDLE_LIMIT_INVALID', `一件事的时限或服务对象不符合成员事项：${problems[0]!.message}`, { problems });

  const inputs: readonly MemberInput[] = members;
  let materials: BundleMaterial[] = addMaterials([], own.materials, owner.implCode);
  let situations: BundleSituation[] = addSituations([], own.situations, owner.implCode, problems);
  for (const m of inputs) {
    materials = addMaterials(materials, m.materials, m.implCode);
    situations = addSituations(situations, m.situations, m.implCode, problems);
  }
  const form = composeForm(`bundle-${owner.implCode}`, `${own.name}申请表`, inputs, problems);
  if (problems.length > 0) throw refuse('BUNDLE_COMPOSITION_CONFLICT', `成员事项无法合并：${problems[0]!.message}`, { problems });
  const { kept, replaced } = withoutIssued(materials, pinned);
  const data: ItemData = {
    ...own,
    form,
    fieldPermissions: composePermissions(inputs, BUNDLE_STEPS),
    process: { bpmn: bundleProcessXml({ implCode: owner.implCode, name: own.name, departmentId: own.departmentId, members: pinned }) },
  };
  const composedProblems = itemProblems(data, { isTemplate: false });
  if (composedProblems.length > 0) throw refuse('BUNDLE_COMPOSITION_CONFLICT', `成员事项无法合并：${composedProblems[0]!.message}`, { problems: composedProblems });
  return { data, composition: { members: pinned, materials: kept, situations, replaced } };
}

/** Each pinned member with its standing now: still the published version, outdated by a newer one, retired, or gone. */
export async function memberStandings(db: store.Db, composition: BundleComposition): Promise<Array<BundleMember & { standing: MemberStanding; publishedVersion: number | null }>> {
  return Promise.all(
    composition.members.map(async (m) => {
      const item = await store.getItem(db, m.itemId);
      const published = item ? await store.publishedVersion(db, m.itemId) : undefined;
      const standing: MemberStanding = !item ? 'missing' : !published ? 'retired' : published.id === m.versionId ? 'published' : 'outdated';
      return { ...m, standing, publishedVersion: published?.version ?? null };
    }),
  );
}

/** 409 when a member cannot be used now: retired (or gone), or — unless `allowOutdated` — republished since the bundle was composed. */
export async function assertMembersCurrent(db: store.Db, composition: BundleComposition, options: { allowOutdated: boolean }): Promise<void> {
  for (const m of await memberStandings(db, composition)) {
    if (m.standing === 'retired' || m.standing === 'missing') {
      throw new ApiError(409, 'BUNDLE_MEMBER_RETIRED', `成员事项“${m.name}”（${m.implCode}）已停用：成员恢复发布或从一件事中移除之前，一件事不能发布或申请。`, { implCode: m.implCode });
    }
    if (m.standing === 'outdated' && !options.allowOutdated) {
      throw new ApiError(409, 'BUNDLE_MEMBER_CHANGED', `成员事项“${m.name}”（${m.implCode}）已发布第 ${m.publishedVersion} 版，一件事组合的是第 ${m.version} 版：请重新提交一件事审核。`, {
        implCode: m.implCode,
        pinnedVersion: m.version,
        publishedVersion: m.publishedVersion,
      });
    }
  }
}

/** The bundle report on an item view: members with their standing, and which are retired. */
export async function bundleReport(db: store.Db, composition: BundleComposition | null) {
  if (!composition) return null;
  const members = await memberStandings(db, composition);
  return {
    members: members.map((m) => ({
      position: m.position,
      itemId: m.itemId,
      implCode: m.implCode,
      name: m.name,
      version: m.version,
      departmentId: m.departmentId,
      immediate: m.immediate,
      promisedLimit: m.promisedLimit,
      issues: m.issues,
      standing: m.standing,
      publishedVersion: m.publishedVersion,
    })),
    retiredMembers: members.filter((m) => m.standing === 'retired' || m.standing === 'missing').map((m) => m.implCode),
    materials: composition.materials,
    situations: composition.situations,
    replaced: composition.replaced,
  };
}
