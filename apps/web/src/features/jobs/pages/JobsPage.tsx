import { jobStatuses, jobStatusLabels } from '@anzhi/contracts/jobs';
import type { Job, JobStatus } from '@anzhi/contracts/jobs';
import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Popconfirm, Select, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { JobProgressBar } from '../components/JobProgressBar';
import { JobStatusTag } from '../components/JobStatusTag';
import { useCancelJob, useJobKinds, useJobs, useRetryJob, useStartDemoJob } from '../hooks/useJobs';
import { formatJobTime } from '../time';

function statusParam(text: string | null): JobStatus | undefined {
  return jobStatuses.find((s) => s === text);
}

const dash = <Typography.Text type="secondary">—</Typography.Text>;

const columns: TableColumnsType<Job> = [
  {
    title: '任务',
    dataIndex: 'title',
    width: 190,
    render: (title: string, job) => (
      <Space orientation="vertical" size={0}>
        <span>{title}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {job.kind}
        </Typography.Text>
      </Space>
    ),
  },
  { title: '状态', key: 'status', width: 90, render: (_, job) => <JobStatusTag job={job} /> },
  { title: '进度', key: 'progress', width: 220, render: (_, job) => <JobProgressBar job={job} /> },
  {
    title: '尝试',
    key: 'attempts',
    width: 70,
    render: (_, job) => `${job.attempts}/${job.maxAttempts}`,
  },
  {
    title: '发起人',
    dataIndex: 'createdByName',
    width: 110,
    render: (name: string | null, job) => name ?? (job.createdBy === null ? '系统' : dash),
  },
  { title: '创建时间', dataIndex: 'createdAt', width: 165, render: formatJobTime },
  { title: '开始时间', dataIndex: 'startedAt', width: 165, render: formatJobTime },
  { title: '结束时间', dataIndex: 'finishedAt', width: 165, render: formatJobTime },
  {
    title: '错误',
    dataIndex: 'error',
    width: 220,
    render: (error: string | null) =>
      error === null ? (
        dash
      ) : (
        <Typography.Text type="danger" ellipsis={{ tooltip: error }} style={{ maxWidth: 200 }}>
          {error}
        </Typography.Text>
      ),
  },
];

/** `/admin/jobs` 后台任务: every job with its progress; polls every 2 s while any is queued or running. */
export function JobsPage() {
  const me = useCurrentMe();
  const canManage = me.permissions.includes('job.manage');
  const { params, update, paging } = useUrlFilters();
  const status = statusParam(params.get('status'));
  const kind = params.get('kind') ?? undefined;
  const includePeriodic = params.get('includePeriodic') === 'true' ? 'true' : undefined;

  const jobs = useJobs({ status, kind, includePeriodic, page: paging.page, pageSize: paging.pageSize });
  const kinds = useJobKinds();
  const cancel = useCancelJob();
  const retry = useRetryJob();
  const demo = useStartDemoJob();

  const runDemo = (failTimes: number) =>
    demo.mutate(
      { n: 20, failTimes },
      { onSuccess: () => notifySuccess(failTimes > 0 ? '演示任务已排队（将失败两次后重试成功）' : '演示任务已排队') },
    );

  const withActions: TableColumnsType<Job> = [
    ...columns,
    {
      title: '操作',
      key: 'actions',
      width: 110,
      fixed: 'end',
      render: (_, job) => (
        <Space>
          {job.abilities.cancel && (
            <Popconfirm
              title="确定取消该任务？"
              okText="取消任务"
              cancelText="不取消"
              onConfirm={() => cancel.mutate(job.id)}
            >
              <Typography.Link data-testid="job-cancel">取消</Typography.Link>
            </Popconfirm>
          )}
          {job.abilities.retry && (
            <Typography.Link data-testid="job-retry" onClick={() => retry.mutate(job.id)}>
              重试
            </Typography.Link>
          )}
          {!job.abilities.cancel && !job.abilities.retry && dash}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="后台任务"
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void jobs.refetch()}>
            刷新
          </Button>
          {canManage && (
            <>
              <Button onClick={() => runDemo(2)} loading={demo.isPending}>
                演示失败重试
              </Button>
              <Button
                type="primary"
                icon={<PlayCircleOutlined />}
                onClick={() => runDemo(0)}
                loading={demo.isPending}
                data-testid="job-demo"
              >
                运行演示任务
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Select
          value={status ?? 'all'}
          onChange={(v: string) => update({ status: v === 'all' ? undefined : v })}
          options={[
            { value: 'all', label: '全部状态' },
            ...jobStatuses.map((s) => ({ value: s, label: jobStatusLabels[s] })),
          ]}
          style={{ width: 120 }}
          data-testid="jobs-status-filter"
        />
        <Select
          value={kind ?? 'all'}
          onChange={(v: string) => update({ kind: v === 'all' ? undefined : v })}
          options={[
            { value: 'all', label: '全部类型' },
            ...(kinds.data ?? []).map((k) => ({ value: k.kind, label: k.title })),
          ]}
          style={{ width: 200 }}
        />
        <Checkbox
          checked={includePeriodic === 'true'}
          onChange={(e) => update({ includePeriodic: e.target.checked ? 'true' : undefined })}
        >
          显示定时任务（如审计链封存）
        </Checkbox>
      </Flex>
      <ApiErrorAlert error={jobs.error} />
      <PagedTable<Job>
        rowKey="id"
        columns={withActions}
        query={jobs}
        // Polling refetches every 2 s; only the first load shows the spinner.
        loading={jobs.isLoading}
        {...paging}
        unitLabel="个任务"
        totalTestId="jobs-total"
        emptyText="没有后台任务"
        scrollX={1500}
        data-testid="jobs-table"
      />
    </Card>
  );
}
