import { jobStatusLabels } from '@anzhi/contracts/jobs';
import type { Job, JobStatus } from '@anzhi/contracts/jobs';
import { Tag } from 'antd';

const colors: Record<JobStatus, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
};

/** 排队中 / 运行中 / 已完成 / 失败 / 已取消 (and 取消中 while a running job winds down). */
export function JobStatusTag({ job }: { job: Pick<Job, 'status' | 'cancelRequested'> }) {
  const label = job.status === 'running' && job.cancelRequested ? '取消中' : jobStatusLabels[job.status];
  return (
    <Tag color={colors[job.status]} data-testid="job-status">
      {label}
    </Tag>
  );
}
