import type { Measure } from '@anzhi/contracts/monitoring-help';
import { riskTypeLabels, type RiskType } from '@anzhi/contracts/monitoring-vocabulary';
import { Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMeasures } from './help-api';

type DueFilter = 'open' | 'overdue' | 'due_soon' | 'all';

/** 我的帮扶措施: the measures the signed-in cadre is responsible for, overdue and due-soon first to hand. */
export function MyMeasuresPage() {
  const [due, setDue] = useState<DueFilter>('open');
  const [page, setPage] = useState(1);
  const q = useMeasures({ mine: '1', page, pageSize: 50, ...(due === 'all' ? {} : { due }) });
  const columns: TableColumnsType<Measure> = [
    {
      title: '户',
      dataIndex: 'householdNumber',
      render: (no: string, m) => (
        <Link to={`/monitoring/cases/${m.caseId}?tab=plan`}>
          {no} {m.headName ?? ''}
        </Link>
      ),
    },
    {
      title: '措施',
      dataIndex: 'typeLabel',
      render: (label: string, m) => (
        <Space direction="vertical" size={0}>
          <Space size={4} wrap>
            <Typography.Text strong>{label}</Typography.Text>
            {m.emergency && <Tag color="red">应急</Tag>}
          </Space>
          <Typography.Text type="secondary">{m.content}</Typography.Text>
        </Space>
      ),
    },
    { title: '针对风险', dataIndex: 'riskType', render: (r: RiskType | null) => (r ? riskTypeLabels[r] : '—') },
    {
      title: '完成期限',
      dataIndex: 'dueOn',
      render: (d: string, m) => (
        <Space size={4} wrap>
          {d}
          {m.overdue && <Tag color="red">已逾期</Tag>}
          {m.dueSoon && <Tag color="orange">即将到期</Tag>}
        </Space>
      ),
    },
    { title: '状态', dataIndex: 'statusLabel' },
  ];
  return (
    <Card title="我的帮扶措施" data-testid="my-measures">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented<DueFilter>
          value={due}
          onChange={(v) => (setDue(v), setPage(1))}
          options={[
            { value: 'open', label: '未落实' },
            { value: 'overdue', label: '已逾期' },
            { value: 'due_soon', label: '即将到期' },
            { value: 'all', label: '全部' },
          ]}
        />
        <ApiErrorAlert error={q.error} />
        <Table<Measure>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={q.data?.items ?? []}
          loading={q.isFetching}
          scroll={{ x: 640 }}
          pagination={{
            current: page,
            pageSize: 50,
            total: q.data?.total ?? 0,
            onChange: setPage,
            showTotal: (n) => `共 ${n} 项`,
          }}
          locale={{ emptyText: '没有需要落实的帮扶措施' }}
          data-testid="my-measures-table"
        />
      </Space>
    </Card>
  );
}
