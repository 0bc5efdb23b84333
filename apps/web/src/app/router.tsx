import { createBrowserRouter } from 'react-router';
import { ChangePasswordPage } from '../features/account/pages/ChangePasswordPage';
import { LoginPage } from '../features/auth/pages/LoginPage';
import { ForbiddenPage } from '../features/errors/pages/ForbiddenPage';
import { NotFoundPage } from '../features/errors/pages/NotFoundPage';
import { RouteErrorPage } from '../features/errors/pages/RouteErrorPage';
import { HomePage } from '../features/home/pages/HomePage';
import { AppLayout } from './layout/AppLayout';

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
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
