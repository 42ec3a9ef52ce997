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
  /** The node being dragged (its id), for the drop slots to light up. */
  dragging: Ref<string | undefined>;
  startDrag(nodeId: string, event: DragEvent): void;
  endDrag(): void;
  /** Whether the dragged node may go to slot `index` of chain `chainId` (see lib reorder). */
  canDrop(chainId: string, index: number): boolean;
  drop(chainId: string, index: number): void;
}

/** The drag payload's type, so that other drags (files, text) are ignored. */
export const DRAG_TYPE = 'application/x-tongban-node';

export const BUILDER: InjectionKey<BuilderContext> = Symbol('simple-builder');
