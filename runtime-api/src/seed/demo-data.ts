/**
 * Demonstration data for development (never in production): a region tree of real-looking
 * statutory codes, the departments the examples name in their candidate groups
 * (`window:clerk`, `market:approver`, `housing:approver`, `shinan:clerk`, …), and a user for
 * each role and department the examples need. Two towns, so a town user can see that the other
 * town's cases are hidden; a rural district (从化区) for the homestead example.
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
  // A rural district for 农村宅基地建房审批 (village → town → county).
  { code: '440117', name: '从化区' },
  { code: '440117101', name: '温泉镇' },
  { code: '440117101201', name: '石南村' },
];

export const DEMO_DEPARTMENTS: ReadonlyArray<{ id: string; name: string; regionCode: string }> = [
  { id: 'window', name: '天河区政务服务中心综合窗口', regionCode: '440106' },
  { id: 'market', name: '天河区市场监督管理局', regionCode: '440106' },
  { id: 'health', name: '天河区卫生健康局', regionCode: '440106' },
  { id: 'fire', name: '天河区消防救援大队', regionCode: '440106' },
  { id: 'wushan', name: '五山街道党群服务中心', regionCode: '440106001' },
  { id: 'yuancun', name: '员村街道党群服务中心', regionCode: '440106002' },
  { id: 'wushan-community', name: '五山社区党群服务站', regionCode: '440106001001' },
  // 建设工程施工许可: 并联审批 by housing, natural resources and fire (fire above).
  { id: 'housing', name: '天河区住房和城乡建设局', regionCode: '440106' },
  { id: 'planning', name: '广州市规划和自然资源局天河区分局', regionCode: '440106' },
  // 农村宅基地建房审批: village committee, town government, county bureaus.
  { id: 'shinan', name: '石南村村民委员会', regionCode: '440117101201' },
  { id: 'wenquan', name: '温泉镇人民政府', regionCode: '440117101' },
  { id: 'conghua-agri', name: '从化区农业农村局', regionCode: '440117' },
  { id: 'conghua-planning', name: '广州市规划和自然资源局从化区分局', regionCode: '440117' },
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
  { username: 'townapprover', displayName: '五山街道审核人', regionCode: '440106001', departmentId: 'wushan', roles: ['approver'] },
  { username: 'communityclerk', displayName: '五山社区代办员', regionCode: '440106001001', departmentId: 'wushan-community', roles: ['clerk'] },
  { username: 'housing', displayName: '住建局审批人', regionCode: '440106', departmentId: 'housing', roles: ['approver'] },
  { username: 'planning', displayName: '规划和自然资源分局审批人', regionCode: '440106', departmentId: 'planning', roles: ['approver'] },
  { username: 'villageclerk', displayName: '石南村代办员', regionCode: '440117101201', departmentId: 'shinan', roles: ['clerk'] },
  { username: 'wenquan', displayName: '温泉镇审核人', regionCode: '440117101', departmentId: 'wenquan', roles: ['approver'] },
  { username: 'agri', displayName: '从化区农业农村局审批人', regionCode: '440117', departmentId: 'conghua-agri', roles: ['approver'] },
  { username: 'landuse', displayName: '从化自然资源分局审批人', regionCode: '440117', departmentId: 'conghua-planning', roles: ['approver'] },
  { username: 'supervisor', displayName: '区电子监察员', regionCode: '440106', departmentId: null, roles: ['supervisor'] },
];
