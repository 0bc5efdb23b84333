import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { productName } from '../../../components/brand';

export interface AuthShellProps {
  title: ReactNode;
  children: ReactNode;
  extra?: ReactNode;
}

/** The centred card every step of the sign-in flow is shown in. */
export function AuthShell({ title, children, extra }: AuthShellProps) {
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      gap={24}
      style={{ minHeight: '100vh', padding: 24, background: '#f0f2f5' }}
    >
      <Typography.Title level={3} style={{ margin: 0, textAlign: 'center' }}>
        {productName}
      </Typography.Title>
      <Card title={title} extra={extra} style={{ width: '100%', maxWidth: 420 }}>
        {children}
      </Card>
    </Flex>
  );
}
