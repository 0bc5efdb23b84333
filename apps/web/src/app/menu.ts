import type { Permission } from '@anzhi/contracts/permissions';
import { CheckSquareOutlined, HomeOutlined, LockOutlined, PaperClipOutlined, UserOutlined } from '@ant-design/icons';
import {
  ApartmentOutlined,
  BankOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { ControlOutlined } from '@ant-design/icons';
import { ScheduleOutlined } from '@ant-design/icons';
import { HomeFilled, IdcardOutlined, SolutionOutlined } from '@ant-design/icons';
import { ImportOutlined } from '@ant-design/icons';
import { AuditOutlined } from '@ant-design/icons';
import { FlagOutlined, TrophyOutlined } from '@ant-design/icons';
import { CalendarOutlined, CarryOutOutlined, ProfileOutlined, TableOutlined } from '@ant-design/icons';
import { FundOutlined, LineChartOutlined, LinkOutlined } from '@ant-design/icons';
import { DashboardOutlined } from '@ant-design/icons';
import { DiffOutlined } from '@ant-design/icons';
import { AlertOutlined } from '@ant-design/icons';
import { createElement } from 'react';
import type { ReactNode } from 'react';

/** A page in the left menu; shown only when the user holds `permission` (if set). */
export interface MenuItemDef {
  key: string;
  label: string;
  icon: ReactNode;
  path: string;
  permission?: Permission;
}

/** A sub-menu; shown only when at least one of its items is. */
export interface MenuGroupDef {
  key: string;
  label: string;
  icon: ReactNode;
  children: readonly MenuItemDef[];
}

export type MenuEntry = MenuItemDef | MenuGroupDef;

export function isMenuGroup(entry: MenuEntry): entry is MenuGroupDef {
  return 'children' in entry;
}

/** The menu registry. Features add their pages here. */
export const menuEntries: readonly MenuEntry[] = [
  { key: 'home', label: '首页', icon: createElement(HomeOutlined), path: '/' },
  {
    key: 'dashboard',
    label: '数据看板',
    icon: createElement(DashboardOutlined),
    path: '/dashboard',
    permission: 'dashboard.read',
  },
  { key: 'inbox', label: '我的待办', icon: createElement(CheckSquareOutlined), path: '/inbox' },
  { key: 'attachments', label: '附件', icon: createElement(PaperClipOutlined), path: '/attachments' },
  {
    key: 'registry',
    label: '搬迁户',
    icon: createElement(HomeFilled),
    children: [
      {
        key: 'households',
        label: '搬迁户',
        icon: createElement(SolutionOutlined),
        path: '/households',
        permission: 'household.read',
      },
      {
        key: 'persons',
        label: '人员',
        icon: createElement(IdcardOutlined),
        path: '/persons',
        permission: 'household.read',
      },
      {
        key: 'data-quality',
        label: '数据质量',
        icon: createElement(AuditOutlined),
        path: '/data-quality',
        permission: 'household.read',
      },
      {
        key: 'imports',
        label: '花名册导入',
        icon: createElement(ImportOutlined),
        path: '/imports',
        permission: 'registry.import',
      },
    ],
  },
  {
    key: 'revisits',
    label: '每月回访',
    icon: createElement(CarryOutOutlined),
    path: '/revisits',
    permission: 'revisit.read',
  },
  {
    key: 'comparison',
    label: '部门数据比对',
    icon: createElement(DiffOutlined),
    path: '/comparison',
    permission: 'comparison.read',
  },
  {
    key: 'ledgers',
    label: '台账',
    icon: createElement(ProfileOutlined),
    path: '/ledgers',
    permission: 'ledger.read',
  },
  {
    key: 'monitoring',
    label: '防返贫监测',
    icon: createElement(AlertOutlined),
    children: [
      {
        key: 'monitoring-clues',
        label: '风险线索',
        icon: createElement(AlertOutlined),
        path: '/monitoring/clues',
        permission: 'monitoring.read',
      },
      {
        key: 'monitoring-cases',
        label: '监测对象',
        icon: createElement(TeamOutlined),
        path: '/monitoring/cases',
        permission: 'monitoring.read',
      },
      {
        key: 'my-measures',
        label: '我的帮扶措施',
        icon: createElement(CarryOutOutlined),
        path: '/monitoring/my-measures',
        permission: 'help.read',
      },
    ],
  },
  {
    key: 'follow-up',
    label: '收入与结对',
    icon: createElement(FundOutlined),
    children: [
      {
        key: 'incomes',
        label: '年度收入',
        icon: createElement(FundOutlined),
        path: '/incomes',
        permission: 'income.read',
      },
      {
        key: 'pairings',
        label: '双向结对帮扶',
        icon: createElement(LinkOutlined),
        path: '/pairings',
        permission: 'pairing.read',
      },
    ],
  },
  {
    key: 'supervision',
    label: '责任清单',
    icon: createElement(ProfileOutlined),
    children: [
      {
        key: 'plan',
        label: '责任清单',
        icon: createElement(ProfileOutlined),
        path: '/supervision/plan',
        permission: 'plan.read',
      },
      {
        key: 'my-tasks',
        label: '我的任务',
        icon: createElement(CarryOutOutlined),
        path: '/supervision/tasks',
        permission: 'task.read',
      },
      {
        key: 'lead-grid',
        label: '牵头事项',
        icon: createElement(TableOutlined),
        path: '/supervision/grid',
        permission: 'task.review',
      },
      {
        key: 'task-calendar',
        label: '到期日历',
        icon: createElement(CalendarOutlined),
        path: '/supervision/calendar',
        permission: 'task.read',
      },
    ],
  },
  {
    key: 'supervision-chiefs',
    label: '点长制与考核',
    icon: createElement(FlagOutlined),
    children: [
      { key: 'chiefs', label: '点长制', icon: createElement(FlagOutlined), path: '/chiefs', permission: 'chief.read' },
      {
        key: 'assessment',
        label: '年度考核',
        icon: createElement(TrophyOutlined),
        path: '/assessment',
        permission: 'assessment.read',
      },
      {
        key: 'experience-reports',
        label: '经验做法',
        icon: createElement(TrophyOutlined),
        path: '/experience-reports',
        permission: 'experience.read',
      },
    ],
  },
  {
    key: 'basic-data',
    label: '基础数据',
    icon: createElement(DatabaseOutlined),
    children: [
      {
        key: 'sites',
        label: '安置点',
        icon: createElement(EnvironmentOutlined),
        path: '/sites',
        permission: 'site.read',
      },
      { key: 'units', label: '单位', icon: createElement(BankOutlined), path: '/units' },
      { key: 'divisions', label: '行政区划', icon: createElement(ApartmentOutlined), path: '/divisions' },
    ],
  },
  {
    key: 'system',
    label: '系统管理',
    icon: createElement(SettingOutlined),
    children: [
      {
        key: 'admin-users',
        label: '用户',
        icon: createElement(TeamOutlined),
        path: '/admin/users',
        permission: 'user.read',
      },
      {
        key: 'settings-rules',
        label: '规则与阈值',
        icon: createElement(ControlOutlined),
        path: '/settings/rules',
        permission: 'rule.read',
      },
      {
        key: 'settings-income-lines',
        label: '防返贫监测线',
        icon: createElement(LineChartOutlined),
        path: '/settings/income-lines',
        permission: 'income_line.manage',
      },
      {
        key: 'admin-jobs',
        label: '后台任务',
        icon: createElement(ScheduleOutlined),
        path: '/admin/jobs',
        permission: 'job.read',
      },
    ],
  },
  {
    key: 'account',
    label: '账户',
    icon: createElement(UserOutlined),
    children: [
      { key: 'account-password', label: '修改密码', icon: createElement(LockOutlined), path: '/account/password' },
      { key: 'account-totp', label: '动态验证码', icon: createElement(SafetyOutlined), path: '/account/totp' },
    ],
  },
];

function allowed(item: MenuItemDef, permissions: readonly string[]): boolean {
  return item.permission === undefined || permissions.includes(item.permission);
}

/** The entries the user may see, given the permissions of `/me`. */
export function visibleMenu(entries: readonly MenuEntry[], permissions: readonly string[]): MenuEntry[] {
  const result: MenuEntry[] = [];
  for (const entry of entries) {
    if (!isMenuGroup(entry)) {
      if (allowed(entry, permissions)) result.push(entry);
      continue;
    }
    const children = entry.children.filter((child) => allowed(child, permissions));
    if (children.length > 0) result.push({ ...entry, children });
  }
  return result;
}

export interface MenuLocation {
  selectedKey: string | undefined;
  groupKey: string | undefined;
}

/** The menu item for `pathname` (longest matching path) and the group it sits in. */
export function locateMenu(entries: readonly MenuEntry[], pathname: string): MenuLocation {
  let best: { item: MenuItemDef; group: MenuGroupDef | undefined } | undefined;
  const consider = (item: MenuItemDef, group: MenuGroupDef | undefined) => {
    const matches = item.path === pathname || (item.path !== '/' && pathname.startsWith(`${item.path}/`));
    if (matches && (best === undefined || item.path.length > best.item.path.length)) best = { item, group };
  };
  for (const entry of entries) {
    if (isMenuGroup(entry)) for (const child of entry.children) consider(child, entry);
    else consider(entry, undefined);
  }
  return { selectedKey: best?.item.key, groupKey: best?.group?.key };
}
