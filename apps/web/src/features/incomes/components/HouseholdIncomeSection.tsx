import type { HouseholdIncome } from '@anzhi/contracts/incomes';
import { Button, Empty, Space, Table } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { collectionYear, useIncomes } from '../api';
import { IncomeFormModal } from './IncomeFormModal';
import { StandingTag, yuan } from './incomeFormat';

/** The household page's 年度收入 tab: last year's collection and the comparison with the line. */
export function HouseholdIncomeSection({
  householdId,
  householdNumber,
}: {
  householdId: string;
  householdNumber: string;
}) {
  const me = useCurrentMe();
  const year = collectionYear();
  const allowed = me.permissions.includes('income.read');
  const list = useIncomes({ year, householdId, page: 1, pageSize: 1 }, allowed);
  const [open, setOpen] = useState(false);
  if (!allowed) return <Empty description="无查看收入的权限" />;
  if (list.isError) return <ApiErrorAlert error={list.error} />;
  const income: HouseholdIncome | null = list.data?.items[0]?.income ?? null;
  const rows = income
    ? [
        ['工资性收入', yuan(income.wage)],
        ['生产经营性收入', yuan(income.business)],
        ['财产性收入', yuan(income.property)],
        ['转移性收入', yuan(income.transfer)],
        ['生产经营性支出', yuan(income.businessCost)],
        ['合规自付支出', yuan(income.rigidSpending)],
        ['家庭纯收入', yuan(income.netIncome)],
        ['年末家庭人口', `${income.memberCount} 人`],
        ['人均纯收入', yuan(income.perCapita)],
        ['监测线', yuan(income.line)],
      ].map(([item, value]) => ({ item, value }))
    : [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <span>{year} 年度</span>
        <StandingTag income={income} />
        {me.permissions.includes('income.write') && (
          <Button size="small" onClick={() => setOpen(true)}>
            {income ? '修改' : '采集收入'}
          </Button>
        )}
      </Space>
      <Table
        size="small"
        rowKey="item"
        loading={list.isPending}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Empty description={`${year} 年收入尚未采集`} /> }}
        columns={[
          { title: '项目', dataIndex: 'item', width: 160 },
          { title: '金额', dataIndex: 'value' },
        ]}
      />
      {open && (
        <IncomeFormModal
          householdId={householdId}
          householdNumber={householdNumber}
          year={year}
          income={income}
          onClose={() => setOpen(false)}
        />
      )}
    </Space>
  );
}
