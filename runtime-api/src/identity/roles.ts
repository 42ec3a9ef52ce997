/**
 * Roles (DESIGN §5). A user holds each role in a region: the role applies to that region and
 * everything below it. `adapter` is not a user role: it is what an API key acts as.
 */
import { ROLES } from '../store/migrations/001_identity.js';

export { ROLES };
export type Role = (typeof ROLES)[number];
/** Who can call a route: a user role, or a department system through an API key. */
export type Actor = Role | 'adapter';
export const ACTORS: readonly Actor[] = [...ROLES, 'adapter'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
