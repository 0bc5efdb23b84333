import { useQuery } from '@tanstack/react-query';
import { fetchMe } from '../api';
import { setCsrfToken } from '../../../api/client';
import { meQueryKey } from '../session';

/** The current session (`null` when signed out), fetched from `GET /api/v1/me`. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async ({ signal }) => {
      const me = await fetchMe(signal);
      if (me !== null) setCsrfToken(me.csrfToken);
      return me;
    },
    meta: { inlineError: true },
  });
}
