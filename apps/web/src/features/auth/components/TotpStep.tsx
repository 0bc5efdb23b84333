import { TotpCodeInputSchema } from '@anzhi/contracts/auth';
import type { TotpCodeInput } from '@anzhi/contracts/auth';
import { SafetyOutlined } from '@ant-design/icons';
import { Button, Form, Input, Typography } from 'antd';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { zodRule } from '../../../components/zodRule';
import { useVerifyTotp } from '../hooks/useAuthMutations';
import { AuthShell } from './AuthShell';
import { BackToLoginButton } from './BackToLoginButton';

/** Second factor at sign-in (`pending: 'totp'`). */
export function TotpStep() {
  const [form] = Form.useForm<TotpCodeInput>();
  const verify = useVerifyTotp();

  const onFinish = (values: TotpCodeInput) => {
    const parsed = TotpCodeInputSchema.safeParse(values);
    if (!parsed.success) return;
    verify.mutate(parsed.data, { onError: () => form.setFieldValue('code', '') });
  };

  return (
    <AuthShell title="身份验证" extra={<BackToLoginButton />}>
      <Typography.Paragraph type="secondary">
        请打开手机上的身份验证器应用，输入显示的 6 位动态验证码。
      </Typography.Paragraph>
      <ApiErrorAlert error={verify.error} />
      <Form<TotpCodeInput>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        disabled={verify.isPending}
      >
        <Form.Item label="动态验证码" name="code" required rules={[zodRule(TotpCodeInputSchema.shape.code)]}>
          <Input
            prefix={<SafetyOutlined />}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            autoFocus
            data-testid="totp-code"
          />
        </Form.Item>
        <Form.Item style={{ marginBottom: 0 }}>
          <Button type="primary" htmlType="submit" block loading={verify.isPending} data-testid="totp-submit">
            验证
          </Button>
        </Form.Item>
      </Form>
    </AuthShell>
  );
}
