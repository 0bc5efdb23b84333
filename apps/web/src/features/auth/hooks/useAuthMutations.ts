import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { changePassword, confirmTotpEnrollment, login, logout, startTotpEnrollment, verifyTotp } from '../api';
import { acceptMe, resetSession } from '../session';
import { setSessionNotice } from '../sessionNotice';

const totpEnrollmentKey = ['totp-enrollment'] as const;

export function useLogin() {
  return useMutation({
    mutationFn: login,
    meta: { inlineError: true },
    onSuccess: (me) => {
      setSessionNotice(null);
      acceptMe(me);
    },
  });
}

export function useVerifyTotp() {
  return useMutation({ mutationFn: verifyTotp, meta: { inlineError: true }, onSuccess: acceptMe });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword, meta: { inlineError: true }, onSuccess: acceptMe });
}

/**
 * Starts TOTP enrolment (`POST /auth/totp/enroll`). A query rather than a mutation so the call
 * runs once per visit of the step, also under React's StrictMode double mount.
 */
export function useTotpEnrollment(userId: string) {
  return useQuery({
    queryKey: [...totpEnrollmentKey, userId],
    queryFn: startTotpEnrollment,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    meta: { inlineError: true },
  });
}

export function useConfirmTotpEnrollment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmTotpEnrollment,
    meta: { inlineError: true },
    onSuccess: (me) => {
      queryClient.removeQueries({ queryKey: totpEnrollmentKey });
      acceptMe(me);
    },
  });
}

/** Signs out on the server, forgets everything cached and goes to the login page. */
export function useLogout() {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: logout,
    onSettled: async () => {
      resetSession();
      await navigate('/login', { replace: true });
    },
  });
}
