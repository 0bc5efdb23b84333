import { PasswordChangeInputSchema, passwordPolicyText } from '@anzhi/contracts/auth';
import type { Me, PasswordChangeInput } from '@anzhi/contracts/auth';
import { Form, Input } from 'antd';
import type { FormRule } from 'antd';
import { zodRule } from '../../../components/zodRule';
import { useChangePassword } from '../hooks/useAuthMutations';
import { SubmitForm } from './SubmitForm';

interface PasswordChangeValues extends PasswordChangeInput {
  confirmPassword: string;
}

export interface PasswordChangeFormProps {
  submitText?: string;
  /** Called with the new `Me` after the server accepted the new password. */
  onChanged?: (me: Me) => void;
}

const confirmRule: FormRule = ({ getFieldValue }) => ({
  validator: async (_rule, value: unknown) => {
    if (value === undefined || value === '') throw new Error('请再次输入新密码');
    if (value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
  },
});

/** Current password, new password twice. Used at first sign-in and on the account page. */
export function PasswordChangeForm({ submitText = '确认修改', onChanged }: PasswordChangeFormProps) {
  const [form] = Form.useForm<PasswordChangeValues>();
  const change = useChangePassword();

  const onFinish = ({ currentPassword, newPassword }: PasswordChangeValues) => {
    const parsed = PasswordChangeInputSchema.safeParse({ currentPassword, newPassword });
    if (!parsed.success) return;
    change.mutate(parsed.data, {
      onSuccess: (me) => {
        form.resetFields();
        onChanged?.(me);
      },
    });
  };

  return (
    <SubmitForm<PasswordChangeValues>
      form={form}
      mutation={change}
      onFinish={onFinish}
      submitText={submitText}
      submitTestId="pwd-submit"
    >
      <Form.Item
        label="当前密码"
        name="currentPassword"
        required
        rules={[zodRule(PasswordChangeInputSchema.shape.currentPassword)]}
      >
        <Input.Password autoComplete="current-password" data-testid="pwd-current" />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        required
        extra={passwordPolicyText}
        rules={[zodRule(PasswordChangeInputSchema.shape.newPassword)]}
      >
        <Input.Password autoComplete="new-password" data-testid="pwd-new" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirmPassword"
        required
        dependencies={['newPassword']}
        rules={[confirmRule]}
      >
        <Input.Password autoComplete="new-password" data-testid="pwd-confirm" />
      </Form.Item>
    </SubmitForm>
  );
}
