import type { Me } from '@anzhi/contracts/auth';
import { Button, Flex, QRCode, Spin, Typography } from 'antd';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useConfirmTotpEnrollment, useTotpEnrollment } from '../hooks/useAuthMutations';
import { TotpCodeForm } from './TotpCodeForm';

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
  const enrollment = useTotpEnrollment(userId);
  const confirm = useConfirmTotpEnrollment();

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
          <TotpCodeForm
            mutation={confirm}
            onSuccess={onEnrolled}
            submitText={submitText}
            codeTestId="enroll-code"
            submitTestId="enroll-submit"
          />
        </>
      )}
    </>
  );
}
