import { Button, Form } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';

export interface SubmitFormProps<V> {
  form: FormInstance<V>;
  /** What the form sends: its error shows above the fields, and the form is disabled while it runs. */
  mutation: { isPending: boolean; error: unknown };
  onFinish: (values: V) => void;
  submitText: string;
  submitTestId: string;
  /** The form's fields. */
  children: ReactNode;
}

/** The sign-in and account forms: server error, stacked fields, one full-width submit button. */
export function SubmitForm<V>({ form, mutation, onFinish, submitText, submitTestId, children }: SubmitFormProps<V>) {
  return (
    <>
      <ApiErrorAlert error={mutation.error} />
      <Form<V> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={mutation.isPending}>
        {children}
        <Form.Item style={{ marginBottom: 0 }}>
          <Button type="primary" htmlType="submit" block loading={mutation.isPending} data-testid={submitTestId}>
            {submitText}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}
