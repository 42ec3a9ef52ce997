/**
 * Demonstration data for development (never in production): a region tree of real-looking
 * statutory codes, the departments the food-business-licence example names in its candidate
 * groups (`window:clerk`, `market:approver`, `health:approver`, `fire:approver`), and one user
 * per role. Two towns, so a town user can see that the other town's cases are hidden.
 */
import type { Role } from '../identity/roles.js';

export const DEMO_PASSWORD = 'demo1234';
/** Admin password in development when TONGBAN_ADMIN_PASSWORD is not set. */
export const DEV_ADMIN_PASSWORD = 'admin1234';

export const DEMO_REGIONS: ReadonlyArray<{ code: string; name: string }> = [
  { code: '44', name: '广东省' },
  { code: '4401', name: '广州市' },
  { code: '440106', name: '天河区' },
  { code: '440106001', name: '五山街道' },
  { code: '440106001001', name: '五山社区' },
  { code: '440106002', name: '员村街道' },
  { code: '440106002001', name: '员村社区' },
];

export const DEMO_DEPARTMENTS: ReadonlyArray<{ id: string; name: string; regionCode: string }> = [
  { id: 'window', name: '天河区政务服务中心综合窗口', regionCode: '440106' },
  { id: 'market', name: '天河区市场监督管理局', regionCode: '440106' },
  { id: 'health', name: '天河区卫生健康局', regionCode: '440106' },
  { id: 'fire', name: '天河区消防救援大队', regionCode: '440106' },
  { id: 'wushan', name: '五山街道党群服务中心', regionCode: '440106001' },
  { id: 'yuancun', name: '员村街道党群服务中心', regionCode: '440106002' },
];

export interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly regionCode: string;
  readonly departmentId: string | null;
  readonly roles: readonly Role[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'editor', displayName: '市级事项编辑', regionCode: '4401', departmentId: null, roles: ['editor'] },
  { username: 'reviewer', displayName: '市级审核员', regionCode: '4401', departmentId: null, roles: ['reviewer'] },
  { username: 'towneditor', displayName: '五山街道事项编辑', regionCode: '440106001', departmentId: 'wushan', roles: ['townEditor'] },
  { username: 'clerk', displayName: '区中心窗口人员', regionCode: '440106', departmentId: 'window', roles: ['clerk'] },
  { username: 'townclerk', displayName: '五山街道窗口人员', regionCode: '440106001', departmentId: 'wushan', roles: ['clerk'] },
  { username: 'market', displayName: '市场监管局审批人', regionCode: '440106', departmentId: 'market', roles: ['approver'] },
  { username: 'health', displayName: '卫健局审批人', regionCode: '440106', departmentId: 'health', roles: ['approver'] },
  { username: 'fire', displayName: '消防大队审批人', regionCode: '440106', departmentId: 'fire', roles: ['approver'] },
  { username: 'supervisor', displayName: '区电子监察员', regionCode: '440106', departmentId: null, roles: ['supervisor'] },
];
