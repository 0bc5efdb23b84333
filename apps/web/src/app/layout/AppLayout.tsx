import { Button, Layout, Result } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';
import { errorMessageOf } from '../../api/feedback';
import { FullPageSpin } from '../../components/FullPageSpin';
import { CurrentMeContext } from '../../features/auth/hooks/useCurrentMe';
import { useMe } from '../../features/auth/hooks/useMe';
import { AppHeader } from './AppHeader';
import { SideMenu } from './SideMenu';

/**
 * The signed-in layout. Shows its pages only to a fully signed-in user: without a session, or
 * with a sign-in step still pending, it sends the user to `/login`.
 */
export function AppLayout() {
  const location = useLocation();
  const meQuery = useMe();

  if (meQuery.data === undefined) {
    if (meQuery.isError) {
      return (
        <Result
          status="error"
          title="无法获取登录状态"
          subTitle={errorMessageOf(meQuery.error)}
          extra={
            <Button type="primary" loading={meQuery.isFetching} onClick={() => void meQuery.refetch()}>
              重试
            </Button>
          }
        />
      );
    }
    return <FullPageSpin />;
  }

  const me = meQuery.data;
  if (me === null || me.pending !== null) {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }

  return (
    <CurrentMeContext value={me}>
      <Layout style={{ minHeight: '100vh' }}>
        <AppHeader displayName={me.user.displayName} />
        <Layout>
          <Layout.Sider width={220} breakpoint="lg" collapsible theme="light">
            <SideMenu permissions={me.permissions} />
          </Layout.Sider>
          <Layout.Content style={{ padding: 24 }}>
            <Outlet />
          </Layout.Content>
        </Layout>
      </Layout>
    </CurrentMeContext>
  );
}
