import { ImportOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Link } from 'react-router';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';

/** 导入花名册 beside a household list, for users who may import. */
export function ImportLink() {
  const me = useCurrentMe();
  if (!me.permissions.includes('registry.import')) return null;
  return (
    <Link to="/imports">
      <Button icon={<ImportOutlined />}>导入花名册</Button>
    </Link>
  );
}
