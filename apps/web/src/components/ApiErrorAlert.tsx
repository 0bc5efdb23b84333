import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { errorMessageOf } from '../api/feedback';

export interface ApiErrorAlertProps {
  error: unknown;
  description?: ReactNode;
}

/** The server's (Chinese) error message in an antd Alert; renders nothing without an error. */
export function ApiErrorAlert({ error, description }: ApiErrorAlertProps) {
  if (error === null || error === undefined) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessageOf(error)}
      description={description}
      role="alert"
      data-testid="form-error"
      style={{ marginBottom: 16 }}
    />
  );
}
