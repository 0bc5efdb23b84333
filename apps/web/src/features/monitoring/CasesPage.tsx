import type { MonitoringCase } from '@anzhi/contracts/monitoring';
import {
  caseStatusLabels,
  caseStatuses,
  caseStepLabels,
  monitoringCategories,
  monitoringCategoryLabels,
  nationalRuleLabel,
  riskTypeLabels,
  type CaseStatus,
} from '@anzhi/contracts/monitoring-vocabulary';
import { Alert, Card, Flex, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useUrlFilters } from '../../components/useUrlFilters';
import { ClockTag } from './ClockTag';
import { useCases } from './api';

const statusColor: Record<CaseStatus, string> = {
  identifying: 'blue',
  not_included: 'default',
  monitored: 'orange',
  eliminated: 'green',
};

/** `/monitoring/cases`: 监测对象 with the identification clock (late and at-risk flagged). */
export function CasesPage() {
  const { params, update, paging } = useUrlFilters();
  const q = {
    status: params.get('status') ?? undefined,
    category: params.get('category') ?? undefined,
    clock: params.get('clock') ?? undefined,
    page: paging.page,
    pageSize: paging.pageSize,
  };
  const list = useCases(q);
  const columns: TableColumnsType<MonitoringCase> = [
    {
      title: '户编号',
      dataIndex: 'householdNumber',
      width: 160,
      render: (no: string, r) => <Link to={`/monitoring/cases/${r.id}`}>{no}</Link>,
    },
    { title: '户主', dataIndex: 'headName', width: 90 },
    { title: '户类别', dataIndex: 'householdCategory', width: 100 },
    { title: '安置点', dataIndex: 'siteName', width: 140, render: (s: string | null) => s ?? '分散安置' },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (s: CaseStatus) => <Tag color={statusColor[s]}>{caseStatusLabels[s]}</Tag>,
    },
    {
      title: '监测类别',
      dataIndex: 'category',
      width: 120,
      render: (c: MonitoringCase['category']) => (c ? monitoringCategoryLabels[c] : '—'),
    },
    {
      title: '风险类型',
      dataIndex: 'riskTypes',
      width: 160,
      render: (rs: MonitoringCase['riskTypes']) => rs.map((r) => riskTypeLabels[r]).join('、') || '—',
    },
    { title: '发现日期', dataIndex: 'startedOn', width: 110 },
    {
      title: '下一步',
      dataIndex: 'nextStep',
      width: 120,
      render: (s: MonitoringCase['nextStep']) => (s ? caseStepLabels[s] : '—'),
    },
    { title: '识别时限', key: 'clock', width: 170, render: (_, r) => <ClockTag clock={r.clock} /> },
  ];
  return (
    <Card title="监测对象">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={nationalRuleLabel} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={q.status}
          onChange={(v?: string) => update({ status: v })}
          options={caseStatuses.map((s) => ({ value: s, label: caseStatusLabels[s] }))}
        />
        <Select
          allowClear
          placeholder="监测类别"
          style={{ width: 150 }}
          value={q.category}
          onChange={(v?: string) => update({ category: v })}
          options={monitoringCategories.map((s) => ({ value: s, label: monitoringCategoryLabels[s] }))}
        />
        <Select
          allowClear
          placeholder="识别时限"
          style={{ width: 150 }}
          value={q.clock}
          onChange={(v?: string) => update({ clock: v })}
          options={[
            { value: 'late', label: '已超时' },
            { value: 'at_risk', label: '即将超时' },
          ]}
        />
      </Flex>
      {list.isError && <ApiErrorAlert error={list.error} />}
      <Table<MonitoringCase>
        rowKey="id"
        size="small"
        data-testid="cases-table"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 1300 }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 户`,
          onChange: (page, pageSize) => paging.onPageChange({ page, pageSize }),
        }}
      />
    </Card>
  );
}
