import { Typography } from 'antd';
import { AuthShell } from './AuthShell';
import { BackToLoginButton } from './BackToLoginButton';
import { TotpEnrollForm } from './TotpEnrollForm';

export interface TotpEnrollStepProps {
  userId: string;
}

/** Administrators bind an authenticator app before going on (`pending: 'totp_enroll'`). */
export function TotpEnrollStep({ userId }: TotpEnrollStepProps) {
  return (
    <AuthShell title="绑定动态验证码" extra={<BackToLoginButton />}>
      <Typography.Paragraph type="secondary">
        管理员账号须使用动态验证码登录。请用手机上的身份验证器应用（如 Microsoft Authenticator、Google
        Authenticator）扫描下方二维码，或手动输入密钥，然后填写应用显示的 6 位动态验证码。
      </Typography.Paragraph>
      <TotpEnrollForm userId={userId} />
    </AuthShell>
  );
}
