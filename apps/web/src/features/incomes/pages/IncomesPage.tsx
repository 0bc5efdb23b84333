import { incomeListStatusLabels, incomeListStatuses } from '@anzhi/contracts/incomes';
import type { IncomeListItem } from '@anzhi/contracts/incomes';
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, InputNumber, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { collectionYear, incomeExportUrl, useIncomes, type IncomeQuery } from '../api';
import { IncomeFormModal } from '../components/IncomeFormModal';
import { StandingTag, yuan } from '../components/incomeFormat';

/** `/incomes`: households of the caller's scope with their income of a year; filters for below the line / missing. */
export function IncomesPage() {
  const me = useCurrentMe();
  const canWrite = me.permissions.includes('income.write');
  const [q, setQ] = useState<IncomeQuery>({ year: collectionYear(), page: 1, pageSize: 50 });
  const [editing, setEditing] = useState<IncomeListItem | null>(null);
  const list = useIncomes(q);
  const set = (patch: Partial<IncomeQuery>) => setQ((prev) => ({ ...prev, ...patch, page: 1 }));
  const { page: _p, pageSize: _s, ...filters } = q;

  const columns: TableColumnsType<IncomeListItem> = [
    {
      title: '户编号',
      dataIndex: 'householdNumber',
      width: 170,
      render: (no: string, r) =>
        me.permissions.includes('household.read') ? <Link to={`/households/${r.householdId}`}>{no}</Link> : no,
    },
    { title: '户主', dataIndex: 'headName', width: 90 },
    { title: '乡镇', dataIndex: 'townshipName', width: 100 },
    { title: '安置点', dataIndex: 'siteName', width: 160, render: (s: string | null) => s ?? '分散安置' },
    { title: '监测状态', dataIndex: 'monitoringStatus', width: 120 },
    { title: '家庭人口', key: 'members', width: 80, render: (_, r) => r.income?.memberCount ?? '—' },
    { title: '人均纯收入', key: 'perCapita', width: 120, render: (_, r) => yuan(r.income?.perCapita) },
    { title: '监测线', key: 'line', width: 100, render: (_, r) => yuan(r.income?.line) },
    { title: '比较', key: 'standing', width: 110, render: (_, r) => <StandingTag income={r.income} /> },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 90,
            render: (_: unknown, r: IncomeListItem) => (
              <Typography.Link onClick={() => setEditing(r)}>{r.income ? '修改' : '采集'}</Typography.Link>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title="年度收入采集"
      extra={
        <Button icon={<DownloadOutlined />} href={incomeExportUrl(filters)}>
          导出 Excel
        </Button>
      }
    >
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <span>
          年度：
          <InputNumber
            min={2000}
            max={2100}
            value={q.year}
            onChange={(v) => v !== null && set({ year: v })}
            data-testid="income-year"
          />
        </span>
        <DivisionSelect
          selectable="township"
          placeholder="全部乡镇"
          value={q.townshipCode ?? null}
          onChange={(code) => set({ townshipCode: code ?? undefined })}
          style={{ width: 200 }}
        />
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 160 }}
          value={q.status}
          onChange={(v) => set({ status: v })}
          options={incomeListStatuses.map((s) => ({ value: s, label: incomeListStatusLabels[s] }))}
        />
      </Flex>
      <ApiErrorAlert error={list.error} />
      <Table<IncomeListItem>
        rowKey="householdId"
        size="small"
        loading={list.isPending}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="没有符合条件的搬迁户" /> }}
        pagination={{
          current: q.page,
          pageSize: q.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 户`,
          onChange: (page, pageSize) => setQ((prev) => ({ ...prev, page, pageSize })),
        }}
      />
      {editing && (
        <IncomeFormModal
          householdId={editing.householdId}
          householdNumber={editing.householdNumber}
          year={q.year}
          income={editing.income}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
