import { dataQualityKindLabels, type DataQualityFinding, type DataQualityKind } from '@anzhi/contracts/registry-events';
import { Alert, Badge, Card, Segmented, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { Watermark } from '../../../components/Watermark';
import { useRegistryDataQuality } from '../api';

const columns: TableColumnsType<DataQualityFinding> = [
  { title: '问题类型', dataIndex: 'kind', width: 200, render: (k: DataQualityKind) => dataQualityKindLabels[k] },
  {
    title: '户编号',
    dataIndex: 'householdNumber',
    width: 170,
    render: (no: string | null, f) => (f.householdId ? <Link to={`/households/${f.householdId}`}>{no}</Link> : '—'),
  },
  { title: '人员', dataIndex: 'personName', width: 120, render: (v: string | null) => v ?? '—' },
  { title: '说明', dataIndex: 'description' },
];

/** `/data-quality`: the registry's data-quality findings in the viewer's scope, by kind, each linking to its household. */
export function DataQualityPage() {
  const { params, update, paging } = useUrlFilters();
  const kind = params.get('kind') ?? undefined;
  const report = useRegistryDataQuality({ kind, page: paging.page, pageSize: paging.pageSize });
  const summary = report.data?.summary ?? [];
  const total = summary.reduce((n, s) => n + s.count, 0);
  return (
    <Watermark>
      <Card title="户籍数据质量" data-testid="data-quality">
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            检查本人范围内的户籍数据（截至 {report.data?.asOf ?? '今天'}
            ）：身份证号码重复、同一时间属于两户、无有效身份证号码、无户主、分散安置缺少安置村等。点击户编号查看并修正。
          </Typography.Text>
          <ApiErrorAlert error={report.error} />
          {report.data && total === 0 && <Alert type="success" showIcon title="未发现数据质量问题" />}
          <Segmented<string>
            value={kind ?? 'all'}
            onChange={(v) => update({ kind: v === 'all' ? undefined : v })}
            options={[
              {
                value: 'all',
                label: (
                  <Badge count={total} size="small" offset={[8, -2]} overflowCount={99999}>
                    全部
                  </Badge>
                ),
              },
              ...summary.map((s) => ({
                value: s.kind,
                label: (
                  <Badge
                    count={s.count}
                    size="small"
                    offset={[8, -2]}
                    overflowCount={99999}
                    color={s.count ? 'red' : 'gray'}
                  >
                    {s.label}
                    {s.capped ? '（仅列前 1000 条）' : ''}
                  </Badge>
                ),
              })),
            ]}
            data-testid="data-quality-kinds"
          />
          <PagedTable<DataQualityFinding>
            rowKey={(f) => `${f.kind}:${f.householdId ?? ''}:${f.personId ?? ''}:${f.description}`}
            columns={columns}
            query={report}
            {...paging}
            unitLabel="条问题"
            totalTestId="data-quality-total"
            emptyText="未发现数据质量问题"
            filteredEmptyText="该类型没有问题"
            filtered={kind !== undefined}
            data-testid="data-quality-table"
          />
        </Space>
      </Card>
    </Watermark>
  );
}
