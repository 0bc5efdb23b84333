import { roleLabels } from '@anzhi/contracts/permissions';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from 'antd';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { Watermark } from '../../../components/Watermark';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { fetchHomeSummary, homeSummaryKey } from '../api';
import { ChiefShortfallAlert } from '../../chiefs/components/ChiefShortfallAlert';

interface StatCardProps {
  title: string;
  value: number | undefined;
  testId: string;
  suffix?: string;
}

function StatCard({ title, value, testId, suffix = '个' }: StatCardProps) {
  return (
    <Card size="small" data-testid={testId}>
      <Statistic title={title} value={value ?? 0} loading={value === undefined} suffix={suffix} />
    </Card>
  );
}

/** `/`: welcome card with the user's roles and the counts in the user's scope. */
export function HomePage() {
  const { user } = useCurrentMe();
  const summary = useQuery({ queryKey: homeSummaryKey, queryFn: fetchHomeSummary, meta: { inlineError: true } });
  const s = summary.data;

  return (
    <Watermark>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={`欢迎，${user.displayName}`} data-testid="home-welcome">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
            <Descriptions.Item label="角色">
              {user.roles.length === 0 ? (
                <Typography.Text type="secondary">未分配角色</Typography.Text>
              ) : (
                <Space size={[0, 8]} wrap>
                  {user.roles.map((role) => (
                    <Tag key={role} color="blue" data-testid="home-role">
                      {roleLabels[role]}
                    </Tag>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="本人范围">
              <span data-testid="home-scope">{s?.scopeLabel ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="动态验证码">{user.totpEnabled ? '已绑定' : '未绑定'}</Descriptions.Item>
          </Descriptions>
        </Card>
        <ApiErrorAlert error={summary.error} />
        <ChiefShortfallAlert />
        <Row gutter={[16, 16]}>
          {s?.households !== null && (
            <Col xs={12} md={6}>
              <StatCard title="搬迁户" value={s?.households ?? undefined} testId="home-households-count" suffix="户" />
            </Col>
          )}
          {s?.persons !== null && (
            <Col xs={12} md={6}>
              <StatCard title="搬迁人口" value={s?.persons ?? undefined} testId="home-persons-count" suffix="人" />
            </Col>
          )}
          <Col xs={12} md={6}>
            <StatCard title="安置点" value={s?.sites} testId="home-sites-count" />
          </Col>
          <Col xs={12} md={6}>
            <StatCard title="涉及乡镇" value={s?.townships} testId="home-townships-count" />
          </Col>
          {s?.users !== null && (
            <Col xs={12} md={6}>
              <StatCard title="用户" value={s?.users ?? undefined} testId="home-users-count" />
            </Col>
          )}
          <Col xs={12} md={6}>
            <StatCard title="单位" value={s?.units} testId="home-units-count" />
          </Col>
        </Row>
      </Space>
    </Watermark>
  );
}
