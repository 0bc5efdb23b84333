import { adminRoles } from '@anzhi/contracts/permissions';
import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { TotpEnrollForm } from '../../auth/components/TotpEnrollForm';

/** `/account/totp`: any user binds an authenticator app, or rebinds it to a new phone. */
export function TotpPage() {
  const { user } = useCurrentMe();
  const [enrolling, setEnrolling] = useState(false);
  const required = user.roles.some((r) => adminRoles.includes(r));

  return (
    <Card title="动态验证码" style={{ maxWidth: 520 }}>
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label="状态">
          {user.totpEnabled ? (
            <Tag color="green" data-testid="totp-status">
              已绑定
            </Tag>
          ) : (
            <Tag data-testid="totp-status">未绑定</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="要求">
          {required ? '管理员账号必须使用' : '可选，绑定后登录时须输入'}
        </Descriptions.Item>
      </Descriptions>
      {!enrolling && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            动态验证码由手机上的身份验证器应用（如 Microsoft Authenticator、Google Authenticator）每 30
            秒生成一次，绑定后登录时除密码外还须输入它。
            {user.totpEnabled && '更换手机时可重新绑定，新的绑定确认后原来的即失效。'}
          </Typography.Paragraph>
          <Button type="primary" onClick={() => setEnrolling(true)} data-testid="totp-start">
            {user.totpEnabled ? '重新绑定' : '绑定动态验证码'}
          </Button>
        </Space>
      )}
      {enrolling && (
        <>
          <Alert
            type="info"
            showIcon
            title="请用身份验证器应用扫描二维码（或手动输入密钥），然后填写应用显示的 6 位验证码。"
            style={{ marginBottom: 16 }}
          />
          <TotpEnrollForm
            userId={user.id}
            onEnrolled={() => {
              notifySuccess('动态验证码已绑定');
              setEnrolling(false);
            }}
          />
          <Button block type="link" onClick={() => setEnrolling(false)} style={{ marginTop: 8 }}>
            取消
          </Button>
        </>
      )}
    </Card>
  );
}
