import { z } from 'zod';

/** Every error code the API can answer with. The HTTP status of each is fixed here. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  TOTP_INVALID: 401,
  ACCOUNT_LOCKED: 423,
  STEP_REQUIRED: 403,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  /** The record exists but its content is gone for good (e.g. an attachment purged after its retention). */
  GONE: 410,
  CONFLICT: 409,
  PASSWORD_POLICY: 422,
  /** The request is well formed but the record's state does not allow it (e.g. elimination conditions unmet). */
  UNPROCESSABLE: 422,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const ErrorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
  requestId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** One entry per invalid field, message in Chinese. */
export interface FieldError {
  path: string;
  message: string;
}
