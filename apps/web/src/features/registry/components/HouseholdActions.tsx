import type { Household } from '@anzhi/contracts/registry';
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { Link } from 'react-router';
import { HouseholdEventActions } from '../events/HouseholdEventActions';

/**
 * The household page's actions (header, right). Household events (成员变动, 分户, 迁移, 注销 …) add their buttons
 * and modals here, shown from the server's `abilities`.
 */
export function HouseholdActions({ household }: { household: Household }) {
  return (
    <Space wrap data-testid="household-actions">
      <HouseholdEventActions household={household} />
      <Link to={`/households/${household.id}/print`} target="_blank" data-testid="household-print-link">
        <Button icon={<PrinterOutlined />}>打印一户一档</Button>
      </Link>
    </Space>
  );
}
