import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

interface FieldErrorLike {
  path: string;
  message: string;
}

function isFieldError(value: unknown): value is FieldErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    'path' in value &&
    'message' in value &&
    typeof value.path === 'string' &&
    typeof value.message === 'string'
  );
}

/**
 * Puts the server's per-field messages (`details` of a VALIDATION_FAILED answer) under the
 * form's fields of the same name; the overall message still shows in an ApiErrorAlert.
 */
export function showFieldErrors<T>(form: FormInstance<T>, error: unknown): void {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = (error.details as unknown[])
    .filter(isFieldError)
    .filter((d) => known.has(d.path))
    .map((d) => ({ name: d.path, errors: [d.message] }));
  // antd's setFields is typed per field path; the server names top-level fields only.
  if (fields.length > 0) form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
}
