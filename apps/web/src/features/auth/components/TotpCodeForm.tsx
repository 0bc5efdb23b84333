import { TotpCodeInputSchema } from '@anzhi/contracts/auth';
import type { Me, TotpCodeInput } from '@anzhi/contracts/auth';
import { SafetyOutlined } from '@ant-design/icons';
import type { UseMutationResult } from '@tanstack/react-query';
import { Form, Input } from 'antd';
import { zodRule } from '../../../components/zodRule';
import { SubmitForm } from './SubmitForm';

export interface TotpCodeFormProps {
  /** Sends the code (sign-in check or enrolment confirmation) and answers with the new `Me`. */
  mutation: UseMutationResult<Me, Error, TotpCodeInput>;
  onSuccess?: (me: Me) => void;
  submitText: string;
  autoFocus?: boolean;
  codeTestId: string;
  submitTestId: string;
}

/** The 6-digit code from the authenticator app; a refused code is cleared so the next one can be typed. */
export function TotpCodeForm({
  mutation,
  onSuccess,
  submitText,
  autoFocus = false,
  codeTestId,
  submitTestId,
}: TotpCodeFormProps) {
  const [form] = Form.useForm<TotpCodeInput>();

  const onFinish = (values: TotpCodeInput) => {
    const parsed = TotpCodeInputSchema.safeParse(values);
    if (!parsed.success) return;
    mutation.mutate(parsed.data, {
      onSuccess: (me) => onSuccess?.(me),
      onError: () => form.setFieldValue('code', ''),
    });
  };

  return (
    <SubmitForm<TotpCodeInput>
      form={form}
      mutation={mutation}
      onFinish={onFinish}
      submitText={submitText}
      submitTestId={submitTestId}
    >
      <Form.Item label="动态验证码" name="code" required rules={[zodRule(TotpCodeInputSchema.shape.code)]}>
        <Input
          prefix={<SafetyOutlined />}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          autoFocus={autoFocus}
          data-testid={codeTestId}
        />
      </Form.Item>
    </SubmitForm>
  );
}
