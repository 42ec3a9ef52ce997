/**
 * Bundles (一件事) in the item editor: editing the member list, which catalogue items may be
 * members, and the read-only model of what the server composed (members with their standing,
 * merged materials with who asks for each, merged form fields, the process outline). Pure: no
 * Vue, no fetch — unit-tested under Node. The server stays the judge (runtime-api README, Bundles).
 */
import type { BundleMaterial, BundleMemberSpec, BundleReport, ItemData, ItemDetail, ItemSummary, MemberStanding } from '../../api/types.js';
import { regionContains } from '../region.js';
import { flattenSchema } from './item.js';

export const MIN_MEMBERS = 2;

/** The list with `implCode` appended, unless it is already a member (then the same list). */
export function addMember(members: readonly BundleMemberSpec[], implCode: string): BundleMemberSpec[] {
  const code = implCode.trim();
  if (!code || members.some((m) => m.implCode === code)) return [...members];
  return [...members, { implCode: code }];
}

export function removeMember(members: readonly BundleMemberSpec[], index: number): BundleMemberSpec[] {
  return members.filter((_, i) => i !== index);
}

/** Moves the member at `index` by `delta` places (the applicant sees members in this order); out of range: unchanged. */
export function moveMember(members: readonly BundleMemberSpec[], index: number, delta: number): BundleMemberSpec[] {
  const to = index + delta;
  const out = [...members];
  if (index < 0 || index >= out.length || to < 0 || to >= out.length) return out;
  const [m] = out.splice(index, 1);
  out.splice(to, 0, m!);
  return out;
}

/** Problems the editor can show before saving (i18n keys under `bundle.`): too few members. */
export function bundleProblems(data: Pick<ItemData, 'bundle'>): string[] {
  return (data.bundle?.members.length ?? 0) < MIN_MEMBERS ? ['tooFew'] : [];
}

/**
 * Whether a listed item can join a bundle implemented in `bundleRegion`: published, not a
 * template, not itself a bundle, implemented in the bundle's region or above it, not a member yet.
 */
export function isMemberCandidate(item: Pick<ItemSummary, 'implCode' | 'regionCode' | 'isTemplate' | 'kind' | 'publishedVersion'>, bundleRegion: string, taken: readonly string[]): boolean {
  return item.publishedVersion !== null && !item.isTemplate && item.kind !== 'bundle' && !!bundleRegion && regionContains(item.regionCode, bundleRegion) && !taken.includes(item.implCode);
}

// ---- what the server composed -----------------------------------------------------------------

/** The part of a version's `composition` the editor reads. */
export interface CompositionView {
  members: ReadonlyArray<{ position: number; implCode: string; name: string; version: number; issues: string | null }>;
  materials: readonly BundleMaterial[];
  replaced: BundleReport['replaced'];
}

export interface MemberRow {
  implCode: string;
  issues: string;
  /** The member's name when known (composed, or picked in the search). */
  name: string;
  /** `unsaved`: added or moved since the server last composed the bundle. */
  standing: MemberStanding | 'unsaved';
  version: number | null;
  publishedVersion: number | null;
}

/**
 * The editor's member list with what the server knows about each: the composed version and its
 * standing now (from the bundle report when it pinned the same version; freshly composed
 * otherwise). Members the server has not composed yet are `unsaved`.
 */
export function memberRows(specs: readonly BundleMemberSpec[], composition: CompositionView | null | undefined, report: BundleReport | null | undefined, names: Readonly<Record<string, string>> = {}): MemberRow[] {
  return specs.map((spec) => {
    const composed = composition?.members.find((m) => m.implCode === spec.implCode);
    const reported = report?.members.find((m) => m.implCode === spec.implCode && (!composed || m.version === composed.version));
    return {
      implCode: spec.implCode,
      issues: spec.issues ?? '',
      name: composed?.name ?? reported?.name ?? names[spec.implCode] ?? '',
      standing: reported?.standing ?? (composed ? 'published' : 'unsaved'),
      version: composed?.version ?? reported?.version ?? null,
      publishedVersion: reported?.publishedVersion ?? composed?.version ?? null,
    };
  });
}

/** Warnings for members that are retired, gone or republished since composition: i18n key and its values. */
export function memberWarnings(rows: readonly MemberRow[]): Array<{ key: string; params: Record<string, string | number> }> {
  return rows
    .filter((r) => r.standing === 'retired' || r.standing === 'missing' || r.standing === 'outdated')
    .map((r) => ({ key: `bundle.warn.${r.standing}`, params: { name: r.name || r.implCode, code: r.implCode, version: r.version ?? '', published: r.publishedVersion ?? '' } }));
}

export interface ComposedPreview {
  /** accept → the members in parallel → end; the members by name. */
  members: string[];
  materials: Array<BundleMaterial & { neededBy: string[] }>;
  replaced: Array<{ name: string; neededBy: string[]; issuedBy: string }>;
  /** The merged form's fields, grouped by the member that asks them first. */
  fieldGroups: Array<{ label: string; fields: Array<{ key: string; title: string }> }>;
}

/**
 * The read-only preview of a composed bundle. `ownCode` is the bundle's own 实施编码 (its own
 * materials are listed under it); `ownLabel` names it for people.
 */
export function composedPreview(composition: CompositionView, form: Pick<ItemData['form'], 'schema' | 'uiSchema'>, ownCode: string, ownLabel: string): ComposedPreview {
  const nameOf = (code: string): string => (code === ownCode ? ownLabel : composition.members.find((m) => m.implCode === code)?.name ?? code);
  const titles = flattenSchema(form.schema);
  const fieldGroups: ComposedPreview['fieldGroups'] = [];
  const ui = form.uiSchema as { elements?: unknown[] } | undefined;
  for (const el of ui?.elements ?? []) {
    const group = el as { type?: string; label?: string };
    const keys = controlKeys(el);
    if (keys.length) fieldGroups.push({ label: group.type === 'Group' && group.label ? group.label : '', fields: keys.map((key) => ({ key, title: titles.get(key)?.title ?? key })) });
  }
  return {
    members: [...composition.members].sort((a, b) => a.position - b.position).map((m) => m.name),
    materials: composition.materials.map((m) => ({ ...m, neededBy: m.members.map(nameOf) })),
    replaced: composition.replaced.map((r) => ({ name: r.name, neededBy: r.members.map(nameOf), issuedBy: nameOf(r.issuedBy) })),
    fieldGroups,
  };
}

/** The fields (`a/b` paths) a UI-schema element shows, in order. */
function controlKeys(el: unknown): string[] {
  if (!el || typeof el !== 'object') return [];
  const e = el as { type?: string; scope?: string; elements?: unknown[] };
  if (e.type === 'Control' && typeof e.scope === 'string') return [e.scope.replace(/^#\/properties\//, '').split('/properties/').join('/')];
  return (e.elements ?? []).flatMap(controlKeys);
}

/** The composition to preview: the open version's, else the published one's. */
export function compositionOf(detail: Pick<ItemDetail, 'open' | 'published'> | undefined): CompositionView | null {
  return (detail?.open?.composition ?? detail?.published?.composition ?? null) as CompositionView | null;
}
