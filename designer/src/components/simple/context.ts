/** What the builder's nested components share (provided by SimpleBuilder). */
import type { ComputedRef, InjectionKey, Ref } from 'vue';
import type { SimpleNode, SimpleNodeType } from '@/lib/simple-builder';

export interface BuilderContext {
  /** Selected node id or branch id (a branch's id is its entering flow's id). */
  selected: Ref<string | undefined>;
  select(id: string | undefined): void;
  insert(chain: SimpleNode[], index: number, type: SimpleNodeType): void;
  remove(id: string): void;
  move(id: string, delta: -1 | 1): void;
  addBranch(nodeId: string): void;
  removeBranch(nodeId: string, branchId: string): void;
  /** Messages (already translated) by node or branch id: local checks and server problems. */
  problems: ComputedRef<Map<string, string[]>>;
  /** Ids whose settings the server's engine refused as not supported yet. */
  pending: ComputedRef<Set<string>>;
}

export const BUILDER: InjectionKey<BuilderContext> = Symbol('simple-builder');
