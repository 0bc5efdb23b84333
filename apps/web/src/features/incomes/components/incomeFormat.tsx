import type { HouseholdIncome } from '@anzhi/contracts/incomes';
import { Tag } from 'antd';

const standingTags = {
  below: { color: 'red', text: '低于监测线' },
  near: { color: 'orange', text: '临界' },
  above: { color: 'green', text: '高于监测线' },
} as const;

export const yuan = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : `${n.toLocaleString('zh-CN')} 元`;

/** The household's place against the year's line, as a coloured tag. */
export function StandingTag({ income }: { income: HouseholdIncome | null }) {
  if (!income) return <Tag>未采集</Tag>;
  if (!income.standing) return <Tag>未设置监测线</Tag>;
  const s = standingTags[income.standing];
  return <Tag color={s.color}>{s.text}</Tag>;
}
