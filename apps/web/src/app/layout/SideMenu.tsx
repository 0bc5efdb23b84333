import { Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useMemo } from 'react';
import { Link, useLocation } from 'react-router';
import { isMenuGroup, locateMenu, menuEntries, visibleMenu } from '../menu';
import type { MenuItemDef } from '../menu';

type MenuItems = NonNullable<MenuProps['items']>;

function toItem(item: MenuItemDef): MenuItems[number] {
  return { key: item.key, icon: item.icon, label: <Link to={item.path}>{item.label}</Link> };
}

export interface SideMenuProps {
  permissions: readonly string[];
}

/** The left menu, built from the registry in `app/menu.ts` and the user's permissions. */
export function SideMenu({ permissions }: SideMenuProps) {
  const { pathname } = useLocation();
  const entries = useMemo(() => visibleMenu(menuEntries, permissions), [permissions]);
  const items = useMemo<MenuItems>(
    () =>
      entries.map((entry) =>
        isMenuGroup(entry)
          ? { key: entry.key, icon: entry.icon, label: entry.label, children: entry.children.map(toItem) }
          : toItem(entry),
      ),
    [entries],
  );
  const { selectedKey, groupKey } = locateMenu(entries, pathname);

  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selectedKey === undefined ? [] : [selectedKey]}
      defaultOpenKeys={groupKey === undefined ? [] : [groupKey]}
      style={{ height: '100%', borderInlineEnd: 0 }}
    />
  );
}
