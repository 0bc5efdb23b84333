import type { Job } from '@anzhi/contracts/jobs';
import { Progress, Typography } from 'antd';
import type { ProgressProps } from 'antd';

function percentOf(job: Pick<Job, 'status' | 'progress'>): number {
  const { done, total } = job.progress;
  if (job.status === 'succeeded') return 100;
  if (total === null || total <= 0) return 0;
  return Math.min(100, Math.round((done / total) * 100));
}

function barStatus(job: Pick<Job, 'status'>): ProgressProps['status'] {
  if (job.status === 'running') return 'active';
  if (job.status === 'failed') return 'exception';
  if (job.status === 'succeeded') return 'success';
  return 'normal';
}

/** antd Progress with done/total and the job's latest message. */
export function JobProgressBar({ job }: { job: Pick<Job, 'status' | 'progress'> }) {
  const { done, total, message } = job.progress;
  return (
    <div data-testid="job-progress">
      <Progress
        percent={percentOf(job)}
        status={barStatus(job)}
        size="small"
        format={() => (total === null ? `${done}` : `${done}/${total}`)}
      />
      {message !== null && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: message }}>
          {message}
        </Typography.Text>
      )}
    </div>
  );
}
