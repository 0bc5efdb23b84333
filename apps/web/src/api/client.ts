import { csrfHeader } from '@anzhi/contracts/auth';
import { ErrorBodySchema } from '@anzhi/contracts/errors';
import type { ErrorCode } from '@anzhi/contracts/errors';

/** Codes the client produces itself when there is no usable answer from the server. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'HTTP_ERROR';

/** Error codes that mean "no valid session": the user has to sign in again. */
export type SessionLostCode = Extract<ErrorCode, 'SESSION_EXPIRED' | 'UNAUTHENTICATED'>;

export interface ApiErrorInit {
  code: string;
  message: string;
  status: number;
  details?: unknown;
  requestId?: string;
}

/** An error answer of the API (`{ error, message, details }`), or a network/format failure. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** Server error code (see contracts/errors) or a {@link ClientErrorCode}. */
  readonly code: ErrorCode | ClientErrorCode | (string & {});
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
    this.requestId = init.requestId;
  }
}

export function isSessionLostCode(code: string): code is SessionLostCode {
  return code === 'SESSION_EXPIRED' || code === 'UNAUTHENTICATED';
}

export function isSessionLostError(error: unknown): error is ApiError {
  return error instanceof ApiError && isSessionLostCode(error.code);
}

/** Anything with zod's `safeParse` (the schemas of @anzhi/contracts). */
export interface ResponseSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON. Leave out for requests without a body. */
  body?: unknown;
  /** Sent as multipart/form-data instead of `body` (an upload; the browser sets the boundary). */
  form?: FormData;
  signal?: AbortSignal;
  /** Do not run the session-lost handler on 401 (the login call itself). */
  skipSessionHandler?: boolean;
}

export const apiBase = '/api/v1';

let csrfToken: string | null = null;
let sessionLostHandler: ((code: SessionLostCode) => void) | null = null;

/** Remember the CSRF token of the latest `Me`; `null` after sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once by the app: what to do when a call answers SESSION_EXPIRED / UNAUTHENTICATED. */
export function setSessionLostHandler(handler: ((code: SessionLostCode) => void) | null): void {
  sessionLostHandler = handler;
}

function fallbackMessage(status: number): string {
  if (status === 413) return '提交的数据过大';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status === 502 || status === 503 || status === 504) return '服务暂时不可用，请稍后重试';
  return `请求失败（HTTP ${status}），请稍后重试`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return undefined;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = ErrorBodySchema.safeParse(await readJson(response));
  if (body.success) {
    return new ApiError({
      code: body.data.error,
      message: body.data.message,
      status: response.status,
      details: body.data.details,
      requestId: body.data.requestId,
    });
  }
  return new ApiError({
    code: response.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR',
    message: fallbackMessage(response.status),
    status: response.status,
  });
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers = new Headers({ accept: 'application/json' });
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  if (method !== 'GET' && csrfToken !== null) headers.set(csrfHeader, csrfToken);

  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.form ?? (options.body === undefined ? null : JSON.stringify(options.body)),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ code: 'NETWORK_ERROR', message: '无法连接服务器，请检查网络后重试', status: 0 });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (!options.skipSessionHandler && isSessionLostCode(error.code)) sessionLostHandler?.(error.code);
    throw error;
  }
  return response;
}

/** Calls the API and validates the JSON answer with `schema`. */
export async function apiRequest<T>(path: string, schema: ResponseSchema<T>, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  const parsed = schema.safeParse(await readJson(response));
  if (!parsed.success) {
    throw new ApiError({ code: 'BAD_RESPONSE', message: '服务器返回的数据格式不正确', status: response.status });
  }
  return parsed.data;
}

/** Calls the API and ignores the answer body (e.g. 204 No Content). */
export async function apiRequestVoid(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}
