import { Form, Modal, Typography } from 'antd';
import type { FormInstance, FormProps } from 'antd';
import type { ReactNode } from 'react';
import { ApiErrorAlert } from './ApiErrorAlert';

export interface FormModalProps<V> {
  form: FormInstance<V>;
  title: ReactNode;
  okText: string;
  /** A red OK button, for an action that takes something away. */
  danger?: boolean;
  width?: number;
  /** What OK sends: OK spins and the fields are disabled while it runs; its error shows above the fields. */
  mutation: { isPending: boolean; error: unknown };
  initialValues: FormProps<V>['initialValues'];
  /** Called with the validated values; closes the modal itself (`onClose`) once the mutation succeeds. */
  onFinish: (values: V) => void;
  onClose: () => void;
  /** A secondary paragraph above the error and the fields. */
  intro?: ReactNode;
  /** The form's fields. */
  children: ReactNode;
}

/** A dialog holding one form whose OK button submits it. Mount it only while open. */
export function FormModal<V>({
  form,
  title,
  okText,
  danger = false,
  width,
  mutation,
  initialValues,
  onFinish,
  onClose,
  intro,
  children,
}: FormModalProps<V>) {
  return (
    <Modal
      open
      title={title}
      okText={okText}
      {...(danger ? { okButtonProps: { danger: true } } : {})}
      {...(width === undefined ? {} : { width })}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {intro !== undefined && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
      <ApiErrorAlert error={mutation.error} />
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        disabled={mutation.isPending}
      >
        {children}
      </Form>
    </Modal>
  );
}
