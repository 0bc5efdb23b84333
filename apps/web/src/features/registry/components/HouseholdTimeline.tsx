import { Empty, Spin, Timeline, Typography } from 'antd';
import { formatLocal } from '@anzhi/domain/periods';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useTimeline } from '../hooks/useRegistry';

/** 变更记录: every recorded change of the household, newest first, with who and when. */
export function HouseholdTimeline({ householdId }: { householdId: string }) {
  const timeline = useTimeline(householdId);
  if (timeline.isPending) return <Spin description="加载中…" />;
  if (timeline.isError) return <ApiErrorAlert error={timeline.error} />;
  if (timeline.data.items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无变更记录" />;
  return (
    <Timeline
      data-testid="household-timeline"
      items={timeline.data.items.map((e) => ({
        key: e.id,
        content: (
          <div data-testid="timeline-entry">
            <Typography.Text type="secondary">
              {formatLocal(e.occurredAt)} {e.actorName ?? '系统'}
            </Typography.Text>
            <div>{e.summary}</div>
            {e.details.map((d) => (
              <Typography.Text key={d} type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {d}
              </Typography.Text>
            ))}
          </div>
        ),
      }))}
    />
  );
}
