/**
 * What a version changes against the published one, for reviewers: the top-level fields
 * whose values differ (materials and situations by id, so a reordering is not a change), whether
 * the form changed, and the process definitions pinned on each side.
 */
import { isDeepStrictEqual } from 'node:util';
import type { VersionRow } from './store.js';
import type { ItemData } from './types.js';

export interface ItemDiff {
  readonly version: number;
  readonly publishedVersion: number | null;
  /** Top-level fields of the data that differ (form, process and permissions have their own entries). */
  readonly changedFields: string[];
  /** Materials (base and of each situation) added, removed or changed, by id. */
  readonly materials: { added: string[]; removed: string[]; changed: string[] };
  readonly formChanged: boolean;
  readonly fieldPermissionsChanged: boolean;
  readonly processDefinitionIds: { version: string | null; published: string | null };
  readonly processChanged: boolean;
}

const SEPARATE = new Set(['form', 'fieldPermissions', 'process']);

function byId<T extends { id: string }>(list: readonly T[] | undefined): Map<string, T> {
  return new Map((list ?? []).map((x) => [x.id, x]));
}

function materialDiff(a: ItemData | undefined, b: ItemData): ItemDiff['materials'] {
  const all = (d: ItemData | undefined) => new Map([...byId(d?.materials), ...(d?.situations ?? []).flatMap((s) => [...byId(s.materials)].map(([id, m]) => [`${s.id}/${id}`, m] as const))]);
  const before = all(a);
  const after = all(b);
  return {
    added: [...after.keys()].filter((k) => !before.has(k)),
    removed: [...before.keys()].filter((k) => !after.has(k)),
    changed: [...after.keys()].filter((k) => before.has(k) && !isDeepStrictEqual(before.get(k), after.get(k))),
  };
}

function normalized(key: string, value: unknown): unknown {
  if ((key === 'materials' || key === 'situations') && Array.isArray(value)) return [...(value as { id: string }[])].sort((x, y) => x.id.localeCompare(y.id));
  return value;
}

export function diffVersions(version: VersionRow, published: VersionRow | undefined): ItemDiff {
  const a = published?.data as Record<string, unknown> | undefined;
  const b = version.data as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b)])].filter((k) => !SEPARATE.has(k)).sort();
  const changedFields = keys.filter((k) => !isDeepStrictEqual(normalized(k, a?.[k]), normalized(k, b[k])));
  const { version: _v1, ...formA } = (published?.data.form ?? {}) as Record<string, unknown>;
  const { version: _v2, ...formB } = version.data.form as unknown as Record<string, unknown>;
  const versionProcess = version.processDefinitionId;
  const publishedProcess = published?.processDefinitionId ?? null;
  return {
    version: version.version,
    publishedVersion: published?.version ?? null,
    changedFields,
    materials: materialDiff(published?.data, version.data),
    formChanged: published === undefined || !isDeepStrictEqual(formA, formB),
    fieldPermissionsChanged: !isDeepStrictEqual(published?.data.fieldPermissions, version.data.fieldPermissions),
    processDefinitionIds: { version: versionProcess, published: publishedProcess },
    processChanged:
      published === undefined ||
      (versionProcess !== null ? versionProcess !== publishedProcess : !isDeepStrictEqual(version.data.process, published.data.process)),
  };
}
