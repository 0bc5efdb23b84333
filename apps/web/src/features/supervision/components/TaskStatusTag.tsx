import { taskStatusLabels, type TaskStatus } from '@anzhi/contracts/supervision';
import { Tag } from 'antd';

export const taskStatusColors: Record<TaskStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  submitted: 'blue',
  accepted: 'success',
  returned: 'warning',
  overdue: 'error',
};

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  return (
    <Tag color={taskStatusColors[status]} data-testid="task-status">
      {taskStatusLabels[status]}
    </Tag>
  );
}
