import { Alert } from 'antd';
import { Link } from 'react-router';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { useChiefOverview } from '../hooks/useChiefs';

/** Home page warning: sites in the viewer's scope short of R01 visits this month. */
export function ChiefShortfallAlert() {
  const { permissions } = useCurrentMe();
  const overview = useChiefOverview(permissions.includes('chief.read'));
  const o = overview.data;
  if (!o || o.sitesShort === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="home-chief-shortfall"
      title={`${o.monthLabel}：${o.sitesShort} 个安置点点长走访不足，还差 ${o.visitsShort} 次`}
      action={<Link to="/chiefs">查看</Link>}
    />
  );
}
