import type { TaskInstance } from '@anzhi/contracts/supervision';
import { addDays, formatDeadline, localDate, parsePeriodKey } from '@anzhi/domain/periods';
import { Badge, Calendar, Card, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { useTasks } from '../hooks/useSupervision';

const badgeStatus = (t: TaskInstance) =>
  t.status === 'overdue'
    ? 'error'
    : t.status === 'accepted'
      ? 'success'
      : t.status === 'submitted'
        ? 'processing'
        : t.status === 'returned'
          ? 'warning'
          : 'default';

/** The last day that still counts for a due instant ("…-25 24:00" → 2022-03-25). */
const dueDay = (t: TaskInstance) => formatDeadline(t.dueAt).slice(0, 10);

/** 到期日历: the month's due instances, each on the last day that still counts. */
export function TaskCalendarPage() {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const period = parsePeriodKey(month.format('YYYY-MM'));
  const tasks = useTasks({
    mine: me.permissions.includes('task.report'),
    dueFrom: localDate(period.start),
    dueTo: addDays(localDate(period.end), -1),
    page: 1,
    pageSize: 200,
  });
  const byDay = new Map<string, TaskInstance[]>();
  for (const t of tasks.data?.items ?? []) byDay.set(dueDay(t), [...(byDay.get(dueDay(t)) ?? []), t]);

  return (
    <Card title="到期日历">
      <ApiErrorAlert error={tasks.error} />
      <Typography.Paragraph type="secondary">
        本月到期的任务 {tasks.data?.total ?? 0} 项（截止时间为当日 24:00，按北京时间）。
      </Typography.Paragraph>
      <Calendar
        value={month}
        onPanelChange={(d) => setMonth(d)}
        onSelect={(d) => setMonth(d)}
        cellRender={(d, info) => {
          if (info.type !== 'date') return info.originNode;
          const list = byDay.get(d.format('YYYY-MM-DD')) ?? [];
          return (
            <Space orientation="vertical" size={0}>
              {list.slice(0, 3).map((t) => (
                <a key={t.id} onClick={() => void navigate(`/supervision/tasks/${t.id}`)}>
                  <Badge status={badgeStatus(t)} text={`第${t.row}项 ${t.party.name.replace('党委、政府', '')}`} />
                </a>
              ))}
              {list.length > 3 && <Typography.Text type="secondary">另 {list.length - 3} 项</Typography.Text>}
            </Space>
          );
        }}
        data-testid="task-calendar"
      />
    </Card>
  );
}
