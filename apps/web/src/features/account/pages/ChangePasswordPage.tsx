import { Card } from 'antd';
import { notifySuccess } from '../../../api/feedback';
import { PasswordChangeForm } from '../../auth/components/PasswordChangeForm';

/** `/account/password`: the signed-in user changes the password. */
export function ChangePasswordPage() {
  return (
    <Card title="修改密码" style={{ maxWidth: 480 }}>
      <PasswordChangeForm onChanged={() => notifySuccess('密码已修改')} />
    </Card>
  );
}
