import { taskReportKindLabels, type TaskReport } from '@anzhi/contracts/supervision';
import { formatLocal } from '@anzhi/domain/periods';
import { Card, Descriptions, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useParams } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { downloadUrl } from '../../attachments/api';
import { ReportForm } from '../components/ReportForm';
import { ReviewForm } from '../components/ReviewForm';
import { TaskStatusTag } from '../components/TaskStatusTag';
import { useTask } from '../hooks/useSupervision';

const kindColor: Record<TaskReport['kind'], string> = {
  progress: 'gray',
  submission: 'blue',
  accepted: 'green',
  returned: 'orange',
};

function ReportItem({ r }: { r: TaskReport }) {
  return (
    <Space orientation="vertical" size={2} data-testid="task-report">
      <Space>
        <Tag color={kindColor[r.kind]}>{taskReportKindLabels[r.kind]}</Tag>
        <Typography.Text type="secondary">
          {r.authorName} · {formatLocal(r.createdAt)}
        </Typography.Text>
      </Space>
      <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{r.text}</Typography.Paragraph>
      {r.figures.length > 0 && (
        <Typography.Text>{r.figures.map((f) => `${f.label}：${f.value}${f.unit ?? ''}`).join('；')}</Typography.Text>
      )}
      {r.attachments.map((a) => (
        <a key={a.id} href={downloadUrl(a.id)}>
          {a.fileName}
        </a>
      ))}
    </Space>
  );
}

/** One instance: the row, period and due time, the reports history, and the form the caller may use. */
export function TaskDetailPage() {
  const { id = '' } = useParams();
  const task = useTask(id);
  const t = task.data;
  if (task.isLoading) return <Spin />;
  if (!t) return <ApiErrorAlert error={task.error} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={`责任清单第 ${t.row} 项 · ${t.periodLabel}`} extra={<TaskStatusTag status={t.status} />}>
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label="工作计划" span={2}>
            {t.itemText}
          </Descriptions.Item>
          <Descriptions.Item label="类别">{t.group}</Descriptions.Item>
          <Descriptions.Item label="完成时限">{t.deadlineText}</Descriptions.Item>
          <Descriptions.Item label="责任单位">
            <span data-testid="task-party">{t.party.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label="牵头单位">{t.leadUnits.map((u) => u.name).join('、')}</Descriptions.Item>
          <Descriptions.Item label="截止时间">{t.dueLabel}</Descriptions.Item>
          <Descriptions.Item label="首次提交">
            {t.firstSubmittedAt ? formatLocal(t.firstSubmittedAt) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="报送与审核记录">
        {t.reports.length === 0 ? (
          <Empty description="尚无报送" />
        ) : (
          <Timeline
            data-testid="task-reports"
            items={t.reports.map((r) => ({ key: r.id, color: kindColor[r.kind], content: <ReportItem r={r} /> }))}
          />
        )}
      </Card>
      {t.abilities.report && (
        <Card title={t.status === 'returned' ? '修改后重新提交' : '报送进展'}>
          <ReportForm taskId={t.id} />
        </Card>
      )}
      {t.abilities.review && (
        <Card title="审核">
          <ReviewForm taskId={t.id} />
        </Card>
      )}
    </Space>
  );
}
