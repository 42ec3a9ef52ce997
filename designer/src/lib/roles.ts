/**
 * Roles and the navigation each one sees (designer/README.md has the table). Pure data: the
 * router guard and the side menu both read it, and the tests check it.
 */
export const ROLES = ['admin', 'editor', 'reviewer', 'townEditor', 'clerk', 'approver', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export type MenuKey =
  | 'home'
  | 'catalogue'
  | 'processDesigner'
  | 'definitions'
  | 'formDesigner'
  | 'townWorkspace'
  | 'workbench'
  | 'supervision'
  | 'audit';

export interface MenuItem {
  key: MenuKey;
  path: string;
  /** Element Plus icon component name. */
  icon: string;
  roles: readonly Role[];
  /** Screens a later issue fills show a "待实现" state until then. */
  placeholder: boolean;
}

export const MENU: readonly MenuItem[] = [
  { key: 'home', path: '/', icon: 'HomeFilled', roles: ROLES, placeholder: false },
  { key: 'catalogue', path: '/catalogue', icon: 'Collection', roles: ['admin', 'editor', 'reviewer'], placeholder: false },
  { key: 'processDesigner', path: '/designer/process', icon: 'Share', roles: ['admin', 'editor'], placeholder: false },
  { key: 'definitions', path: '/definitions', icon: 'Files', roles: ['admin', 'editor', 'reviewer'], placeholder: false },
  { key: 'formDesigner', path: '/designer/form', icon: 'EditPen', roles: ['admin', 'editor'], placeholder: false },
  { key: 'townWorkspace', path: '/town', icon: 'OfficeBuilding', roles: ['admin', 'townEditor'], placeholder: false },
  { key: 'workbench', path: '/workbench', icon: 'Stamp', roles: ['admin', 'clerk', 'approver'], placeholder: false },
  { key: 'supervision', path: '/supervision', icon: 'Warning', roles: ['admin', 'supervisor'], placeholder: false },
  { key: 'audit', path: '/audit', icon: 'Document', roles: ['admin', 'reviewer', 'supervisor'], placeholder: false },
];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The menu items a user with these roles sees, in menu order. Unknown roles grant nothing. */
export function menuFor(roles: readonly string[]): MenuItem[] {
  const mine = new Set(roles.filter(isRole));
  return MENU.filter((item) => item.roles.some((r) => mine.has(r)));
}

export function canOpen(key: MenuKey, roles: readonly string[]): boolean {
  return menuFor(roles).some((item) => item.key === key);
}
