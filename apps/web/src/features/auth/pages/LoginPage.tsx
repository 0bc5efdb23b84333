import { Navigate, useLocation } from 'react-router';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { AuthShell } from '../components/AuthShell';
import { BackToLoginButton } from '../components/BackToLoginButton';
import { LoginForm } from '../components/LoginForm';
import { PasswordChangeForm } from '../components/PasswordChangeForm';
import { TotpEnrollStep } from '../components/TotpEnrollStep';
import { TotpStep } from '../components/TotpStep';
import { useMe } from '../hooks/useMe';

/** Where to go after signing in: the page the user came from (same-origin paths only) or home. */
function redirectTarget(state: unknown): string {
  if (typeof state !== 'object' || state === null || !('from' in state)) return '/';
  const { from } = state;
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//')) return '/';
  if (from === '/login' || from.startsWith('/login?')) return '/';
  return from;
}

/**
 * `/login`: username and password, then — driven by `pending` of the answered `Me` — the TOTP
 * code, the forced password change or the TOTP enrolment, all on this page.
 */
export function LoginPage() {
  const location = useLocation();
  const meQuery = useMe();

  // A failing /me (server down) still shows the form; the login call reports the problem.
  if (meQuery.isPending) return <FullPageSpin />;
  const me = meQuery.data ?? null;

  if (me === null) return <LoginForm />;
  switch (me.pending) {
    case 'totp':
      return <TotpStep />;
    case 'password_change':
      return (
        <AuthShell title="首次登录请修改密码" extra={<BackToLoginButton />}>
          <PasswordChangeForm submitText="修改密码并继续" />
        </AuthShell>
      );
    case 'totp_enroll':
      return <TotpEnrollStep userId={me.user.id} />;
    case null:
      return <Navigate to={redirectTarget(location.state)} replace />;
  }
}
