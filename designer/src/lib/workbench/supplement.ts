/**
 * 补正 at the window: the open supplement request of a case (what is missing, why) and what the
 * clerk records as brought when the applicant resubmits (`POST /api/cases/{id}/resubmit`).
 */
import type { Case, ReceivedMaterial } from '../../api/types.js';

export interface MissingItem {
  materialId?: string;
  name: string;
  reason?: string;
}

export interface OpenSupplement {
  since: string;
  reason: string | null;
  missing: MissingItem[];
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** The supplement request still open on a case in 补正; undefined otherwise. */
export function openSupplement(kase: Pick<Case, 'status' | 'suspensions'> | undefined): OpenSupplement | undefined {
  if (kase?.status !== 'supplement') return undefined;
  const s = kase.suspensions.find((x) => x.kind === 'supplement' && !x.endedAt);
  if (!s) return undefined;
  const missing = (Array.isArray(s.missingMaterials) ? (s.missingMaterials as unknown[]) : [])
    .filter((m): m is Record<string, unknown> => !!m && typeof m === 'object' && !!text((m as Record<string, unknown>).name))
    .map((m) => ({ name: (m.name as string).trim(), ...(text(m.materialId) ? { materialId: m.materialId as string } : {}), ...(text(m.reason) ? { reason: m.reason as string } : {}) }));
  return { since: text(s.startedAt) ?? '', reason: text(s.reason) ?? null, missing };
}

/** The materials recorded as received on resubmission: the missing ones the clerk ticked, in the request's order. */
export function resubmittedMaterials(missing: readonly MissingItem[], brought: ReadonlySet<string>): ReceivedMaterial[] {
  return missing.filter((m) => brought.has(m.name)).map((m) => ({ name: m.name, ...(m.materialId ? { materialId: m.materialId } : {}), copies: 1, form: 'paper' as const }));
}
