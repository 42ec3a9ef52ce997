/**
 * The directory: who is in which candidate group. Groups are `department:role`, e.g.
 * `market:approver` = enabled users of department `market` holding the role `approver` (in any
 * region). A group naming an unknown role, or malformed, has no members.
 *
 * The engine asks synchronously (its step does no I/O: `groupsOf`, `membersOf`), so this is a
 * snapshot in memory, reloaded after every identity change made through this server and every
 * `refreshMs` (default 30 s) for changes made by other server processes. The async methods
 * (`usersInGroup`, `userById`) read the database directly for callers that can wait.
 */
import type { Knex } from 'knex';
import type { Directory as EngineDirectory } from '@tongban/engine';
import { departmentRoles, getUser, usersInDepartmentRole, type RoleAssignment, type UserRow } from '../store/sql.js';
import { isRole } from './roles.js';

export interface DirectoryUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly regionCode: string | null;
  readonly departmentId: string | null;
  readonly roles: readonly RoleAssignment[];
}

export interface Directory extends EngineDirectory {
  usersInGroup(group: string): Promise<DirectoryUser[]>;
  /** An enabled user by id; undefined when unknown or disabled. */
  userById(id: string): Promise<DirectoryUser | undefined>;
  /** Reloads the in-memory snapshot now. */
  refresh(): Promise<void>;
  /** Stops the periodic reload. */
  stop(): void;
}

export function parseGroup(group: string): { departmentId: string; role: string } | undefined {
  const match = /^([a-z0-9][a-z0-9_-]*):([A-Za-z]+)$/.exec(group);
  return match ? { departmentId: match[1]!, role: match[2]! } : undefined;
}

export function createDirectory(knex: Knex, options: { refreshMs?: number } = {}): Directory {
  let groupsByUser = new Map<string, string[]>();
  let membersByGroup = new Map<string, string[]>();
  let timer: NodeJS.Timeout | undefined;

  const directory: Directory = {
    // The snapshot knows every user of this server: a user it does not know is in no group.
    groupsOf: (userId) => groupsByUser.get(userId) ?? [],
    membersOf: (group) => membersByGroup.get(group) ?? [],

    async usersInGroup(group) {
      const parsed = parseGroup(group);
      if (!parsed || !isRole(parsed.role)) return [];
      return (await usersInDepartmentRole(knex, parsed.departmentId, parsed.role)).map(toDirectoryUser);
    },
    async userById(id) {
      const user = await getUser(knex, id);
      return user && !user.disabled ? toDirectoryUser(user) : undefined;
    },
    async refresh() {
      const byUser = new Map<string, string[]>();
      const byGroup = new Map<string, string[]>();
      for (const { userId, departmentId, role } of await departmentRoles(knex)) {
        const group = `${departmentId}:${role}`;
        (byUser.get(userId) ?? byUser.set(userId, []).get(userId)!).push(group);
        (byGroup.get(group) ?? byGroup.set(group, []).get(group)!).push(userId);
      }
      groupsByUser = byUser;
      membersByGroup = byGroup;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  const refreshMs = options.refreshMs ?? 30_000;
  if (refreshMs > 0) {
    timer = setInterval(() => void directory.refresh().catch(() => undefined), refreshMs);
    timer.unref();
  }
  return directory;
}

function toDirectoryUser(user: UserRow): DirectoryUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    regionCode: user.regionCode,
    departmentId: user.departmentId,
    roles: user.roles,
  };
}
