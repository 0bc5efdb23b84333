import { createBrowserRouter } from 'react-router';
import { ChangePasswordPage } from '../features/account/pages/ChangePasswordPage';
import { LoginPage } from '../features/auth/pages/LoginPage';
import { ForbiddenPage } from '../features/errors/pages/ForbiddenPage';
import { NotFoundPage } from '../features/errors/pages/NotFoundPage';
import { RouteErrorPage } from '../features/errors/pages/RouteErrorPage';
import { HomePage } from '../features/home/pages/HomePage';
import { AttachmentsPage } from '../features/attachments/pages/AttachmentsPage';
import { InboxPage } from '../features/notifications/pages/InboxPage';
import { TotpPage } from '../features/account/pages/TotpPage';
import { DivisionsPage } from '../features/divisions/pages/DivisionsPage';
import { SiteDetailPage } from '../features/sites/pages/SiteDetailPage';
import { SitesPage } from '../features/sites/pages/SitesPage';
import { UnitsPage } from '../features/units/pages/UnitsPage';
import { UsersPage } from '../features/users/pages/UsersPage';
import { RulesSettingsPage } from '../features/rules/pages/RulesSettingsPage';
import { JobsPage } from '../features/jobs/pages/JobsPage';
import { AppLayout } from './layout/AppLayout';
import { RequirePermission } from './RequirePermission';

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/403', element: <ForbiddenPage /> },
      {
        path: '/',
        element: <AppLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'account/password', element: <ChangePasswordPage /> },
          { path: 'account/totp', element: <TotpPage /> },
          {
            path: 'sites',
            element: (
              <RequirePermission permission="site.read">
                <SitesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'sites/:id',
            element: (
              <RequirePermission permission="site.read">
                <SiteDetailPage />
              </RequirePermission>
            ),
          },
          { path: 'units', element: <UnitsPage /> },
          { path: 'divisions', element: <DivisionsPage /> },
          {
            path: 'admin/users',
            element: (
              <RequirePermission permission="user.read">
                <UsersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/jobs',
            element: (
              <RequirePermission permission="job.read">
                <JobsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'settings/rules',
            element: (
              <RequirePermission permission="rule.read">
                <RulesSettingsPage />
              </RequirePermission>
            ),
          },
          { path: 'inbox', element: <InboxPage /> },
          { path: 'attachments', element: <AttachmentsPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
