import type { IdentificationClockDto } from '@anzhi/contracts/monitoring';
import { Tag, Tooltip } from 'antd';
import { nationalRuleLabel } from '@anzhi/contracts/monitoring-vocabulary';

/** The identification clock against the limit (national rule: 15 days): days used, due date, at-risk / late. */
export function ClockTag({ clock }: { clock: IdentificationClockDto }) {
  const title = `${nationalRuleLabel}：识别时限 ${clock.limitDays} 天，截止 ${clock.dueOn}`;
  if (clock.finished)
    return (
      <Tooltip title={title}>
        <Tag color={clock.late ? 'red' : 'default'} data-testid="clock-tag">
          用时 {clock.daysUsed} 天{clock.late ? '（超时）' : ''}
        </Tag>
      </Tooltip>
    );
  const color = clock.late ? 'red' : clock.atRisk ? 'orange' : 'blue';
  const text = clock.late
    ? `已超时 ${-(clock.daysLeft ?? 0)} 天`
    : clock.atRisk
      ? `即将超时：剩 ${clock.daysLeft} 天`
      : `已用 ${clock.daysUsed} 天，剩 ${clock.daysLeft} 天`;
  return (
    <Tooltip title={title}>
      <Tag color={color} data-testid="clock-tag">
        {text}
      </Tag>
    </Tooltip>
  );
}
