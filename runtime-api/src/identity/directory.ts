/**
 * The directory the approval commands use to expand candidate groups and find users (issue 4:
 * "a directory interface the engine calls"). Groups are `department:role`, e.g.
 * `market:approver` = enabled users of department `market` who hold the role `approver`
 * (in any region). A group naming an unknown role, or malformed, has no members.
 */
import type { Knex } from 'knex';
import { getUser, usersInDepartmentRole, type RoleAssignment, type UserRow } from '../store/sql.js';
import { isRole } from './roles.js';

export interface DirectoryUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly regionCode: string | null;
  readonly departmentId: string | null;
  readonly roles: readonly RoleAssignment[];
}

export interface Directory {
  usersInGroup(group: string): Promise<DirectoryUser[]>;
  /** An enabled user by id; undefined when unknown or disabled. */
  userById(id: string): Promise<DirectoryUser | undefined>;
  /** The `department:role` groups a user belongs to. */
  groupsOfUser(id: string): Promise<string[]>;
}

export function parseGroup(group: string): { departmentId: string; role: string } | undefined {
  const match = /^([a-z0-9][a-z0-9_-]*):([A-Za-z]+)$/.exec(group);
  return match ? { departmentId: match[1]!, role: match[2]! } : undefined;
}

export function createDirectory(knex: Knex): Directory {
  return {
    async usersInGroup(group) {
      const parsed = parseGroup(group);
      if (!parsed || !isRole(parsed.role)) return [];
      return (await usersInDepartmentRole(knex, parsed.departmentId, parsed.role)).map(toDirectoryUser);
    },
    async userById(id) {
      const user = await getUser(knex, id);
      return user && !user.disabled ? toDirectoryUser(user) : undefined;
    },
    async groupsOfUser(id) {
      const user = await getUser(knex, id);
      if (!user || user.disabled || user.departmentId === null) return [];
      return [...new Set(user.roles.map((r) => `${user.departmentId}:${r.role}`))];
    },
  };
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
