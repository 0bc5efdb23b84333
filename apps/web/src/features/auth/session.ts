import type { Me } from '@anzhi/contracts/auth';
import { setCsrfToken } from '../../api/client';
import { queryClient } from '../../api/queryClient';

export const meQueryKey = ['me'] as const;

/** Store a `Me` answered by the server: cache it and use its CSRF token from now on. */
export function acceptMe(me: Me): void {
  setCsrfToken(me.csrfToken);
  queryClient.setQueryData<Me | null>(meQueryKey, me);
}

/**
 * Forget the session on the client: `me` becomes `null` (observers switch to the sign-in form
 * right away) and every other cached query, possibly holding personal data, is dropped.
 */
export function resetSession(): void {
  setCsrfToken(null);
  queryClient.setQueryData<Me | null>(meQueryKey, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
}
