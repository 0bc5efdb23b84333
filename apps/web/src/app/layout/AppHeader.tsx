import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, Typography } from 'antd';
import { useLogout } from '../../features/auth/hooks/useAuthMutations';
import { productName } from '../../components/brand';
import { NotificationBell } from '../../features/notifications/components/NotificationBell';

export interface AppHeaderProps {
  displayName: string;
}

export function AppHeader({ displayName }: AppHeaderProps) {
  const logout = useLogout();
  return (
    <Layout.Header
      style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', paddingInline: 24 }}
    >
      <Typography.Text strong ellipsis style={{ color: '#fff', fontSize: 18 }}>
        {productName}
      </Typography.Text>
      <Flex align="center" gap={16} style={{ flexShrink: 0 }}>
        <NotificationBell />
        <Flex align="center" gap={8} style={{ color: 'rgba(255, 255, 255, 0.85)' }}>
          <UserOutlined />
          <span data-testid="user-name">{displayName}</span>
        </Flex>
        <Button
          ghost
          icon={<LogoutOutlined />}
          loading={logout.isPending}
          onClick={() => logout.mutate()}
          data-testid="logout"
        >
          退出登录
        </Button>
      </Flex>
    </Layout.Header>
  );
}
