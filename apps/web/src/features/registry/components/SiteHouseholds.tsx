import type { HouseholdListItem } from '@anzhi/contracts/registry';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable, type PageChange } from '../../../components/PagedTable';
import { ExportButton } from './ExportButton';
import { useHouseholds, useSiteSummary } from '../hooks/useRegistry';

/** The 搬迁户 tab of a site page: live counts from the registry and the site's households. */
export function SiteHouseholds({ siteId }: { siteId: string }) {
  const summary = useSiteSummary(siteId);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const households = useHouseholds({ siteId, ...paging });
  const s = summary.data;
  const stat = (title: string, value: number | undefined, suffix: string) => (
    <Col xs={12} md={4}>
      <Statistic title={title} value={value ?? 0} loading={s === undefined} suffix={suffix} />
    </Col>
  );
  const columns: TableColumnsType<HouseholdListItem> = [
    {
      title: '户编号',
      dataIndex: 'householdNumber',
      width: 170,
      render: (no: string, h) => <Link to={`/households/${h.id}`}>{no}</Link>,
    },
    { title: '户主', dataIndex: 'headName', width: 100 },
    { title: '户类别', dataIndex: 'category', width: 110 },
    { title: '人口', dataIndex: 'memberCount', width: 70, align: 'right' },
    { title: '监测状态', dataIndex: 'monitoringStatus', width: 130 },
  ];
  return (
    <>
      <ApiErrorAlert error={summary.error} />
      <Card size="small" style={{ marginBottom: 16 }} data-testid="site-registry-summary">
        <Row gutter={[16, 16]}>
          {stat('搬迁户', s?.households, '户')}
          {stat('人口', s?.persons, '人')}
          {stat('劳动力', s?.labourers, '人')}
          {stat('就业', s?.employed, '人')}
          {stat('有劳动力无人就业', s?.householdsWithoutEmployment, '户')}
        </Row>
        {s && (
          <Typography.Text type="secondary">
            {s.byCategory.map((c) => `${c.value} ${c.count} 户`).join('，')}；
            {s.byLabourCapacity.map((c) => `${c.value} ${c.count} 人`).join('，')}（截至 {s.asOf}）
          </Typography.Text>
        )}
      </Card>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <ExportButton list="households" filters={{ siteId }} />
      </div>
      <PagedTable<HouseholdListItem>
        rowKey="id"
        columns={columns}
        query={households}
        page={paging.page}
        pageSize={paging.pageSize}
        onPageChange={(c: PageChange) => setPaging((p) => ({ page: c.page, pageSize: c.pageSize ?? p.pageSize }))}
        unitLabel="户"
        emptyText="该安置点还没有搬迁户"
        data-testid="site-households-table"
      />
    </>
  );
}
