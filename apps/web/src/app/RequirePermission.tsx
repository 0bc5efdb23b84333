import type { Permission } from '@anzhi/contracts/permissions';
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useCurrentMe } from '../features/auth/hooks/useCurrentMe';

export interface RequirePermissionProps {
  permission: Permission;
  children: ReactNode;
}

/** Route guard below the signed-in layout: users without `permission` see `/403`. */
export function RequirePermission({ permission, children }: RequirePermissionProps) {
  const me = useCurrentMe();
  if (!me.permissions.includes(permission)) return <Navigate to="/403" replace />;
  return children;
}
