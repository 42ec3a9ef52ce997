/**
 * The directory the engine asks who is in which group (`department:role`). The engine calls
 * it inside the pure step, so it answers from memory; a server keeps its copy current (the
 * runtime API implements it over its users and roles). This in-memory one is for tests and
 * for programs whose groups are fixed.
 */
import type { Directory } from './runtime/types.js';

export class InMemoryDirectory implements Directory {
  private readonly groups = new Map<string, Set<string>>();

  constructor(members: Readonly<Record<string, readonly string[]>> = {}) {
    for (const [group, users] of Object.entries(members)) for (const user of users) this.add(user, group);
  }

  add(userId: string, group: string): this {
    const set = this.groups.get(group) ?? new Set<string>();
    set.add(userId);
    this.groups.set(group, set);
    return this;
  }

  remove(userId: string, group: string): this {
    this.groups.get(group)?.delete(userId);
    return this;
  }

  groupsOf(userId: string): readonly string[] {
    return [...this.groups].filter(([, users]) => users.has(userId)).map(([group]) => group);
  }

  /** Members of a group; a group nobody was ever put in has no members. */
  membersOf(group: string): readonly string[] {
    return [...(this.groups.get(group) ?? [])];
  }
}
