import { roleLabels } from '@anzhi/contracts/permissions';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Watermark } from '../../../components/Watermark';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';

/** `/`: welcome card with the user's roles (counts follow in a later issue). */
export function HomePage() {
  const { user } = useCurrentMe();
  return (
    <Watermark>
      <Card title={`欢迎，${user.displayName}`} data-testid="home-welcome">
        <Descriptions column={1} size="small">
          <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
          <Descriptions.Item label="角色">
            {user.roles.length === 0 ? (
              <Typography.Text type="secondary">未分配角色</Typography.Text>
            ) : (
              <Space size={[0, 8]} wrap>
                {user.roles.map((role) => (
                  <Tag key={role} color="blue" data-testid="home-role">
                    {roleLabels[role]}
                  </Tag>
                ))}
              </Space>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="动态验证码">{user.totpEnabled ? '已绑定' : '未绑定'}</Descriptions.Item>
        </Descriptions>
      </Card>
    </Watermark>
  );
}
