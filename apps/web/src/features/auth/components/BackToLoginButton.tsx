import { Button } from 'antd';
import { useLogout } from '../hooks/useAuthMutations';

/** Abandons a half-finished sign-in (ends the session) and shows the login form again. */
export function BackToLoginButton() {
  const logout = useLogout();
  return (
    <Button
      type="link"
      size="small"
      loading={logout.isPending}
      onClick={() => logout.mutate()}
      data-testid="back-to-login"
    >
      返回登录
    </Button>
  );
}
