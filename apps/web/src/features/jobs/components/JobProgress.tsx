import { Alert, Button, Space, Spin, Typography } from 'antd';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useCancelJob } from '../hooks/useJobs';
import { useJobProgress } from '../hooks/useJobProgress';
import { JobProgressBar } from './JobProgressBar';
import { JobStatusTag } from './JobStatusTag';

export interface JobProgressProps {
  jobId: string;
  /** Show a 取消 button when the server says the viewer may cancel. */
  cancellable?: boolean;
}

/** Progress of one background job, for features that start jobs (imports, exports): polls until it ends. */
export function JobProgress({ jobId, cancellable = true }: JobProgressProps) {
  const query = useJobProgress(jobId);
  const cancel = useCancelJob();
  const job = query.data;
  if (job === undefined) return query.isError ? <ApiErrorAlert error={query.error} /> : <Spin size="small" />;
  return (
    <div data-testid="job-progress-panel">
      <Space style={{ marginBottom: 4 }}>
        <Typography.Text strong>{job.title}</Typography.Text>
        <JobStatusTag job={job} />
        {cancellable && job.abilities.cancel && (
          <Button size="small" loading={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
            取消
          </Button>
        )}
      </Space>
      <JobProgressBar job={job} />
      {job.status === 'failed' && job.error !== null && (
        <Alert type="error" showIcon title={job.error} style={{ marginTop: 8 }} />
      )}
      {job.status === 'queued' && job.error !== null && (
        <Alert
          type="warning"
          showIcon
          title={`${job.error}（等待第 ${job.attempts + 1} 次执行）`}
          style={{ marginTop: 8 }}
        />
      )}
    </div>
  );
}
