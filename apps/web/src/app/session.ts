import { setSessionLostHandler } from '../api/client';
import { resetSession } from '../features/auth/session';
import { sessionExpiredNotice, setSessionNotice } from '../features/auth/sessionNotice';
import { router } from './router';

/**
 * When any call (other than login) answers SESSION_EXPIRED or UNAUTHENTICATED: forget the
 * session and send the user to `/login`, remembering the page to come back to.
 */
export function installSessionRedirect(): void {
  setSessionLostHandler((code) => {
    if (code === 'SESSION_EXPIRED') setSessionNotice(sessionExpiredNotice);
    resetSession();
    const { pathname, search } = router.state.location;
    if (pathname !== '/login') {
      void router.navigate('/login', { replace: true, state: { from: `${pathname}${search}` } });
    }
  });
}
