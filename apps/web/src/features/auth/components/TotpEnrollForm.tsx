import { TotpCodeInputSchema } from '@anzhi/contracts/auth';
import type { Me, TotpCodeInput } from '@anzhi/contracts/auth';
import { SafetyOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, QRCode, Spin, Typography } from 'antd';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { zodRule } from '../../../components/zodRule';
import { useConfirmTotpEnrollment, useTotpEnrollment } from '../hooks/useAuthMutations';

export interface TotpEnrollFormProps {
  userId: string;
  submitText?: string;
  /** Called with the new `Me` once the server accepted the code. */
  onEnrolled?: (me: Me) => void;
}

/**
 * Generates a new TOTP secret (`POST /auth/totp/enroll`), shows it as a QR code and as text, and
 * binds it when the user types a code from the authenticator app (`/auth/totp/enroll/confirm`).
 */
export function TotpEnrollForm({ userId, submitText = '确认绑定', onEnrolled }: TotpEnrollFormProps) {
  const [form] = Form.useForm<TotpCodeInput>();
  const enrollment = useTotpEnrollment(userId);
  const confirm = useConfirmTotpEnrollment();

  const onFinish = (values: TotpCodeInput) => {
    const parsed = TotpCodeInputSchema.safeParse(values);
    if (!parsed.success) return;
    confirm.mutate(parsed.data, {
      onSuccess: (me) => onEnrolled?.(me),
      onError: () => form.setFieldValue('code', ''),
    });
  };

  const data = enrollment.data;
  return (
    <>
      {enrollment.isError && (
        <>
          <ApiErrorAlert error={enrollment.error} />
          <Button block onClick={() => void enrollment.refetch()} style={{ marginBottom: 16 }}>
            重新获取
          </Button>
        </>
      )}
      {enrollment.isPending && (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin description="正在生成密钥…" />
        </Flex>
      )}
      {data !== undefined && (
        <>
          <Flex vertical align="center" gap={8} style={{ marginBottom: 16 }}>
            <QRCode value={data.otpauthUrl} size={180} bordered={false} />
            <Typography.Text type="secondary">无法扫码时请手动输入密钥：</Typography.Text>
            <Typography.Text code copyable={{ text: data.secret, tooltips: ['复制密钥', '已复制'] }}>
              <span data-testid="enroll-secret" style={{ wordBreak: 'break-all' }}>
                {data.secret}
              </span>
            </Typography.Text>
          </Flex>
          <ApiErrorAlert error={confirm.error} />
          <Form<TotpCodeInput>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={onFinish}
            disabled={confirm.isPending}
          >
            <Form.Item label="动态验证码" name="code" required rules={[zodRule(TotpCodeInputSchema.shape.code)]}>
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                data-testid="enroll-code"
              />
            </Form.Item>
            <Form.Item style={{ marginBottom: 0 }}>
              <Button type="primary" htmlType="submit" block loading={confirm.isPending} data-testid="enroll-submit">
                {submitText}
              </Button>
            </Form.Item>
          </Form>
        </>
      )}
    </>
  );
}
