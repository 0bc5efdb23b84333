import type { Household } from '@anzhi/contracts/registry';
import { householdEventLabels, type HouseholdHistory } from '@anzhi/contracts/registry-events';
import { formatLocal } from '@anzhi/domain/periods';
import { Space, Spin, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useHouseholdHistory } from './hooks';

type Placement = HouseholdHistory['placements'][number];
type Event = HouseholdHistory['events'][number];

const placeOf = (p: Placement) =>
  p.placement === '集中安置'
    ? `${p.siteName ?? '安置点'} ${[p.building, p.unit, p.room].filter(Boolean).join('')}`
    : `${p.destinationVillageName ?? '（未登记安置村）'}（分散安置）`;

/** 安置与变动: the placement periods and the household events (分户, 迁移, 注销 …) with their effective dates. */
export function PlacementHistorySection({ household: h }: { household: Household }) {
  const history = useHouseholdHistory(h.id);
  if (history.isPending) return <Spin />;
  if (history.isError) return <ApiErrorAlert error={history.error} />;
  const { placements, events } = history.data;
  const linked = (e: Event) => {
    const other = (e.payload.newHouseholdId ?? e.payload.fromHouseholdId) as string | undefined;
    return other ? <Link to={`/households/${other}`}>查看</Link> : null;
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="placement-history">
      <Typography.Title level={5}>安置期间</Typography.Title>
      <Table<Placement>
        size="small"
        pagination={false}
        rowKey={(p) => `${p.validFrom}:${p.siteId ?? p.destinationVillageCode ?? ''}`}
        dataSource={placements}
        columns={[
          { title: '自', dataIndex: 'validFrom', width: 120 },
          { title: '至', dataIndex: 'validTo', width: 120, render: (v: string | null) => (v ? `${v} 前` : '至今') },
          { title: '安置方式', dataIndex: 'placement', width: 100 },
          { title: '安置地', key: 'place', render: (_, p) => placeOf(p) },
        ]}
      />
      <Typography.Title level={5}>户的变动</Typography.Title>
      <Table<Event>
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={events}
        locale={{ emptyText: '没有分户、迁移、注销等变动' }}
        columns={[
          { title: '生效日期', dataIndex: 'effectiveDate', width: 120 },
          {
            title: '变动',
            dataIndex: 'kind',
            width: 140,
            render: (k: Event['kind']) => <Tag>{householdEventLabels[k]}</Tag>,
          },
          {
            title: '内容',
            dataIndex: 'summary',
            render: (s: string, e) => (
              <Space>
                {s}
                {linked(e)}
              </Space>
            ),
          },
          {
            title: '办理',
            key: 'who',
            width: 220,
            render: (_, e) => `${e.actorName ?? '系统'} · ${formatLocal(e.createdAt)}`,
          },
        ]}
      />
    </Space>
  );
}
