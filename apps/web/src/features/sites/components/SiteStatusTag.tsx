import type { Site } from '@anzhi/contracts/org';
import { Tag } from 'antd';

export const siteStatusLabels: Record<Site['status'], string> = { active: '在用', closed: '已关闭' };

export function SiteStatusTag({ status }: { status: Site['status'] }) {
  return <Tag color={status === 'active' ? 'green' : 'default'}>{siteStatusLabels[status]}</Tag>;
}
