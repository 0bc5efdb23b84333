import { useQuery } from '@tanstack/react-query';
import { setCsrfToken } from '../../../api/client';
import { fetchMe } from '../api';
import { meQueryKey } from '../session';

/** The current session (`null` when signed out), fetched from `GET /api/v1/me`. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    // No abort signal on purpose: an aborted /me whose answer was SESSION_EXPIRED would lose the
    // "登录已超时" notice (the server answers that only once), e.g. on StrictMode's double mount.
    queryFn: async () => {
      const me = await fetchMe();
      if (me !== null) setCsrfToken(me.csrfToken);
      return me;
    },
    meta: { inlineError: true },
  });
}
