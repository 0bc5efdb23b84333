import { taskStatusLabels, type TaskGrid } from '@anzhi/contracts/supervision';
import { Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PlanSelect, defaultPlan } from '../components/PlanSelect';
import { taskStatusColors } from '../components/TaskStatusTag';
import { useGrid, usePlans } from '../hooks/useSupervision';

type GridRow = TaskGrid['rows'][number];

/** 牵头事项: the rows the caller's units lead × the responsible parties, each row in its current period. */
export function LeadGridPage() {
  const navigate = useNavigate();
  const plans = usePlans();
  const [params, setParams] = useSearchParams();
  const planId = params.get('plan') ?? defaultPlan(plans.data)?.id;
  const grid = useGrid(planId, undefined);
  const parties = grid.data?.parties ?? [];

  const columns: TableColumnsType<GridRow> = [
    { title: '序号', dataIndex: 'row', width: 56, fixed: 'left' },
    {
      title: '事项',
      dataIndex: 'text',
      width: 260,
      fixed: 'left',
      render: (text: string, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text ellipsis={{ tooltip: text }} style={{ width: 240 }}>
            {text}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.periodLabel} · 截止 {r.dueLabel}
          </Typography.Text>
        </Space>
      ),
    },
    ...parties.map((p) => ({
      title: p.name.replace('党委、政府', ''),
      key: p.id,
      width: 96,
      render: (_: unknown, r: GridRow) => {
        const cell = r.cells.find((c) => c.partyId === p.id);
        if (!cell) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Tooltip title={`${p.name}：${taskStatusLabels[cell.status]}`}>
            <Tag
              color={taskStatusColors[cell.status]}
              style={{ cursor: 'pointer' }}
              onClick={() => void navigate(`/supervision/tasks/${cell.instanceId}`)}
              data-testid={`grid-cell-${r.row}`}
            >
              {taskStatusLabels[cell.status]}
            </Tag>
          </Tooltip>
        );
      },
    })),
  ];

  return (
    <Card
      title="牵头事项"
      extra={
        plans.data?.length ? (
          <PlanSelect plans={plans.data} value={planId} onChange={(id) => setParams({ plan: id }, { replace: true })} />
        ) : null
      }
    >
      <ApiErrorAlert error={grid.error} />
      {grid.data && grid.data.rows.length === 0 ? (
        <Empty description="本单位在此清单中没有牵头事项" />
      ) : (
        <Table<GridRow>
          rowKey="itemId"
          size="small"
          bordered
          columns={columns}
          dataSource={grid.data?.rows ?? []}
          loading={grid.isFetching}
          pagination={false}
          scroll={{ x: 320 + parties.length * 96 }}
          data-testid="lead-grid"
        />
      )}
    </Card>
  );
}
