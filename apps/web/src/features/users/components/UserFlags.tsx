import type { User } from '@anzhi/contracts/users';
import { Space, Tag } from 'antd';
import dayjs from 'dayjs';

/** The lock shows only while it lasts (the server keeps the last end time). */
export function lockedUntilText(lockedUntil: string | null): string | null {
  if (lockedUntil === null || !dayjs(lockedUntil).isAfter(dayjs())) return null;
  return dayjs(lockedUntil).format('YYYY-MM-DD HH:mm');
}

/** 启用/停用, 需改密码, 动态验证码 and 锁定 as tags. */
export function UserFlags({ user }: { user: User }) {
  const locked = lockedUntilText(user.lockedUntil);
  return (
    <Space size={[0, 4]} wrap>
      {user.active ? <Tag color="green">启用</Tag> : <Tag color="default">停用</Tag>}
      {user.mustChangePassword && <Tag color="orange">需改密码</Tag>}
      {user.totpEnabled ? <Tag color="blue">已绑定动态验证码</Tag> : <Tag>未绑定动态验证码</Tag>}
      {locked !== null && <Tag color="red">锁定至 {locked}</Tag>}
    </Space>
  );
}
