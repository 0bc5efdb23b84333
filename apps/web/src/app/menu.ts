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
  { key: 'inbox', label: '我的待办', icon: createElement(CheckSquareOutlined), path: '/inbox' },
  { key: 'attachments', label: '附件', icon: createElement(PaperClipOutlined), path: '/attachments' },
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
