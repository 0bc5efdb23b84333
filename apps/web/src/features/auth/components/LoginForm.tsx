import { LoginInputSchema } from '@anzhi/contracts/auth';
import type { LoginInput } from '@anzhi/contracts/auth';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Form, Input } from 'antd';
import { zodRule } from '../../../components/zodRule';
import { useLogin } from '../hooks/useAuthMutations';
import { useSessionNotice } from '../sessionNotice';
import { AuthShell } from './AuthShell';
import { SubmitForm } from './SubmitForm';

/** Step 1 of the sign-in: username and password. */
export function LoginForm() {
  const [form] = Form.useForm<LoginInput>();
  const notice = useSessionNotice();
  const login = useLogin();

  const onFinish = (values: LoginInput) => {
    const parsed = LoginInputSchema.safeParse(values);
    if (!parsed.success) return;
    login.mutate(parsed.data, {
      onError: () => form.setFieldValue('password', ''),
    });
  };

  return (
    <AuthShell title="用户登录">
      {notice !== null && login.error === null && (
        <Alert type="warning" showIcon title={notice} data-testid="session-notice" style={{ marginBottom: 16 }} />
      )}
      {/* The server's message already names the remaining attempts or the end of a lock. */}
      <SubmitForm<LoginInput>
        form={form}
        mutation={login}
        onFinish={onFinish}
        submitText="登录"
        submitTestId="login-submit"
      >
        <Form.Item label="用户名" name="username" required rules={[zodRule(LoginInputSchema.shape.username)]}>
          <Input
            prefix={<UserOutlined />}
            autoComplete="username"
            autoFocus
            maxLength={64}
            data-testid="login-username"
          />
        </Form.Item>
        <Form.Item label="密码" name="password" required rules={[zodRule(LoginInputSchema.shape.password)]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
      </SubmitForm>
    </AuthShell>
  );
}
