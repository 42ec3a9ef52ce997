/**
 * What a bundle (一件事) version composes from its members and pins when it is submitted: each
 * member's published version (process, form, limits), the materials of all members with shared
 * ones asked once, and the situations carried over. Stored in `tb_item_version.composition`.
 */
import type { Material, Situation, TimeLimit } from './types.js';

export interface BundleMember {
  /** 1-based, in the order the bundle lists them. */
  readonly position: number;
  readonly itemId: string;
  readonly implCode: string;
  readonly name: string;
  readonly versionId: string;
  readonly version: number;
  readonly processDefinitionId: string;
  readonly formVersionId: string;
  readonly departmentId: string;
  readonly regionCode: string;
  readonly immediate: boolean;
  readonly promisedLimit: TimeLimit;
  readonly legalLimit: TimeLimit;
  /** The 电子证照 the member issues, as the bundle declares it. */
  readonly issues: string | null;
}

/** A material of the bundle, with the members (实施编码) that need it. */
export interface BundleMaterial extends Material {
  readonly members: readonly string[];
}

export interface BundleSituation extends Omit<Situation, 'materials'> {
  readonly materials: readonly BundleMaterial[];
  readonly members: readonly string[];
}

export interface BundleComposition {
  readonly members: readonly BundleMember[];
  readonly materials: readonly BundleMaterial[];
  readonly situations: readonly BundleSituation[];
  /** Materials not asked because another member issues what replaces them (e.g. the 营业执照). */
  readonly replaced: ReadonlyArray<{ readonly name: string; readonly members: readonly string[]; readonly issuedBy: string }>;
}

/** A member's standing now, as the bundle reports it. */
export type MemberStanding = 'published' | 'outdated' | 'retired' | 'missing';
