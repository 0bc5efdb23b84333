import { MeSchema, TotpEnrollmentSchema } from '@anzhi/contracts/auth';
import type { LoginInput, Me, PasswordChangeInput, TotpCodeInput, TotpEnrollment } from '@anzhi/contracts/auth';
import { ApiError, apiRequest, apiRequestVoid, isSessionLostCode } from '../../api/client';

/** The current session, or `null` when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await apiRequest('/me', MeSchema);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && isSessionLostCode(error.code)) return null;
    throw error;
  }
}

export function login(input: LoginInput): Promise<Me> {
  return apiRequest('/auth/login', MeSchema, { method: 'POST', body: input, skipSessionHandler: true });
}

export function verifyTotp(input: TotpCodeInput): Promise<Me> {
  return apiRequest('/auth/totp', MeSchema, { method: 'POST', body: input });
}

export function changePassword(input: PasswordChangeInput): Promise<Me> {
  return apiRequest('/auth/password', MeSchema, { method: 'POST', body: input });
}

export function startTotpEnrollment(): Promise<TotpEnrollment> {
  return apiRequest('/auth/totp/enroll', TotpEnrollmentSchema, { method: 'POST' });
}

export function confirmTotpEnrollment(input: TotpCodeInput): Promise<Me> {
  return apiRequest('/auth/totp/enroll/confirm', MeSchema, { method: 'POST', body: input });
}

export function logout(): Promise<void> {
  return apiRequestVoid('/auth/logout', { method: 'POST' });
}
