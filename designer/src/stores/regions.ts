/** The region tree (行政区划), loaded once for pickers. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listRegions, type Region } from '@/api';
import { useAuthStore } from './auth';

export const useRegions = defineStore('regions', () => {
  const list = ref<Region[]>([]);
  let loading: Promise<void> | undefined;
  function load(): Promise<void> {
    if (!useAuthStore().loggedIn) return Promise.resolve();
    loading ??= listRegions()
      .then((r) => {
        list.value = r;
      })
      .catch(() => {
        loading = undefined;
      });
    return loading;
  }
  function name(code: string | null | undefined): string {
    if (!code) return '';
    return list.value.find((r) => r.code === code)?.name ?? code;
  }
  return { list, load, name };
});

export interface RegionNode {
  code: string;
  name: string;
  children?: RegionNode[];
}

/** The flat list as a tree by code prefix (a node's parent is the longest code that prefixes it). */
export function regionTree(regions: readonly Region[]): RegionNode[] {
  const sorted = [...regions].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  const nodes = new Map<string, RegionNode>();
  const roots: RegionNode[] = [];
  for (const r of sorted) {
    const node: RegionNode = { code: r.code, name: r.name };
    nodes.set(r.code, node);
    let parent: RegionNode | undefined;
    for (const len of [9, 6, 4, 2]) {
      if (len >= r.code.length) continue;
      parent = nodes.get(r.code.slice(0, len));
      if (parent) break;
    }
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}
