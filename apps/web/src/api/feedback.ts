import type { App } from 'antd';
import { ApiError, isSessionLostError } from './client';

type MessageApi = ReturnType<typeof App.useApp>['message'];

let messageApi: MessageApi | null = null;

/** Set by a component inside antd's `<App>` so code outside React can show messages. */
export function setMessageApi(api: MessageApi | null): void {
  messageApi = api;
}

export function errorMessageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作失败，请稍后重试';
}

/** Shows an error toast, except for a lost session (the user is sent to the login page instead). */
export function notifyError(error: unknown): void {
  if (isSessionLostError(error)) return;
  if (error instanceof DOMException && error.name === 'AbortError') return;
  void messageApi?.error(errorMessageOf(error));
}

export function notifySuccess(text: string): void {
  void messageApi?.success(text);
}
