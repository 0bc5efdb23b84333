import type { Site } from '@anzhi/contracts/org';
import { Typography } from 'antd';

/** Names of a site's chiefs or managers, or a grey dash when there are none. */
export function PeopleNames({ people }: { people: Site['chiefs'] }) {
  if (people.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return <>{people.map((p) => p.displayName).join('、')}</>;
}
