import { Typography } from 'antd';
import { useVerifyTotp } from '../hooks/useAuthMutations';
import { AuthShell } from './AuthShell';
import { BackToLoginButton } from './BackToLoginButton';
import { TotpCodeForm } from './TotpCodeForm';

/** Second factor at sign-in (`pending: 'totp'`). */
export function TotpStep() {
  const verify = useVerifyTotp();

  return (
    <AuthShell title="身份验证" extra={<BackToLoginButton />}>
      <Typography.Paragraph type="secondary">
        请打开手机上的身份验证器应用，输入显示的 6 位动态验证码。
      </Typography.Paragraph>
      <TotpCodeForm mutation={verify} submitText="验证" autoFocus codeTestId="totp-code" submitTestId="totp-submit" />
    </AuthShell>
  );
}
