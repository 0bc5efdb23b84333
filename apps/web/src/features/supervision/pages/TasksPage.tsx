import { taskStatusLabels, taskStatuses, type TaskInstance, type TaskStatus } from '@anzhi/contracts/supervision';
import { Card, Checkbox, Select, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { TaskStatusTag } from '../components/TaskStatusTag';
import { useTasks } from '../hooks/useSupervision';

export const taskColumns: TableColumnsType<TaskInstance> = [
  { title: '序号', dataIndex: 'row', width: 64 },
  {
    title: '工作计划',
    dataIndex: 'itemText',
    render: (text: string, t) => (
      <Space orientation="vertical" size={0}>
        <span>{text}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t.planYear} 年 · {t.group}
        </Typography.Text>
      </Space>
    ),
  },
  { title: '期间', dataIndex: 'periodLabel', width: 150 },
  { title: '截止时间', dataIndex: 'dueLabel', width: 150 },
  { title: '责任单位', width: 180, render: (_: unknown, t) => t.party.name },
  {
    title: '状态',
    dataIndex: 'status',
    width: 90,
    render: (s: TaskStatus) => <TaskStatusTag status={s} />,
  },
];

/** 我的任务: the instances of the caller's units (or, for county-wide readers, all), due first. */
export function TasksPage() {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const reporter = me.permissions.includes('task.report');
  const { params, update, paging } = useUrlFilters();
  const status = (params.get('status') ?? undefined) as TaskStatus | undefined;
  const mine = params.get('all') !== '1' && reporter;
  const tasks = useTasks({ status, mine, page: paging.page, pageSize: paging.pageSize });

  return (
    <Card
      title={reporter ? '我的任务' : '责任清单任务'}
      extra={
        <Space>
          {reporter && (
            <Checkbox checked={!mine} onChange={(e) => update({ all: e.target.checked ? '1' : null })}>
              含牵头事项及其他可见任务
            </Checkbox>
          )}
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: 140 }}
            value={status}
            onChange={(v) => update({ status: v })}
            options={taskStatuses.map((s) => ({ value: s, label: taskStatusLabels[s] }))}
            data-testid="tasks-status"
          />
        </Space>
      }
    >
      <ApiErrorAlert error={tasks.error} />
      <PagedTable<TaskInstance>
        rowKey="id"
        columns={taskColumns}
        query={tasks}
        {...paging}
        unitLabel="项任务"
        emptyText="暂无任务"
        filteredEmptyText="没有符合条件的任务"
        filtered={status !== undefined}
        onRow={(t) => ({ onClick: () => void navigate(`/supervision/tasks/${t.id}`), style: { cursor: 'pointer' } })}
        data-testid="tasks-table"
      />
    </Card>
  );
}
