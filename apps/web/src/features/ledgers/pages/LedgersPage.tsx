import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Flex, Table, Tag, Typography } from 'antd';
import type { LedgerCatalogueItem } from '@anzhi/contracts/ledgers';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { fetchCatalogue, fetchSnapshots, ledgerKeys, reportUrl } from '../api';
import { defaultLedgerMonth } from '../month';

const sourceLabels: Record<LedgerCatalogueItem['source'], string> = {
  registry: '搬迁户信息、收入、结对、监测',
  monitoring: '防返贫监测帮扶',
  revisits: '每月回访',
  none: '相关功能上线后自动填充',
};

/** 台账: the eight ledgers of ledgers.md, the month's snapshots and the monthly report. */
export function LedgersPage() {
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? defaultLedgerMonth();
  const catalogue = useQuery({ queryKey: ledgerKeys.catalogue(), queryFn: ({ signal }) => fetchCatalogue(signal) });
  const snapshots = useQuery({
    queryKey: ledgerKeys.snapshots(month),
    queryFn: ({ signal }) => fetchSnapshots(month, signal),
  });
  return (
    <Card
      title="八本台账"
      extra={
        <Flex gap={8} align="center">
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setParams({ month: d.format('YYYY-MM') }, { replace: true })}
            data-testid="ledgers-month"
          />
          <Button href={reportUrl(month)} target="_blank" data-testid="monthly-report">
            月度报告
          </Button>
        </Flex>
      }
    >
      <ApiErrorAlert error={catalogue.error ?? snapshots.error} />
      <Typography.Paragraph type="secondary">
        已完成月度确认的乡镇，其台账读取月末快照（确认后修改不影响该月台账）；重新打开后读取实时数据，再次确认时重新冻结。
        {snapshots.data && snapshots.data.items.length > 0 && (
          <>
            {' '}
            本月已冻结：
            {snapshots.data.items.map((s) => (
              <Tag key={s.id} color={s.trigger === 'close' ? 'green' : 'orange'}>
                {s.townshipName ?? s.townshipCode}
              </Tag>
            ))}
          </>
        )}
      </Typography.Paragraph>
      <Table<LedgerCatalogueItem>
        rowKey="kind"
        size="middle"
        pagination={false}
        loading={catalogue.isFetching}
        dataSource={catalogue.data?.items ?? []}
        data-testid="ledger-catalogue"
        columns={[
          { title: '序号', key: 'i', width: 60, render: (_v, _r, i) => i + 1 },
          {
            title: '台账',
            dataIndex: 'name',
            render: (name: string, r) => (
              <Link to={`/ledgers/${r.kind}?month=${month}`} data-testid={`ledger-link-${r.kind}`}>
                {name}
              </Link>
            ),
          },
          { title: '记录方式', dataIndex: 'rowUnit' },
          { title: '数据来源', dataIndex: 'source', render: (s: LedgerCatalogueItem['source']) => sourceLabels[s] },
          {
            title: '状态',
            key: 'state',
            render: (_v, r) =>
              r.hasSource ? <Tag color="blue">已接入</Tag> : <Tag>暂无记录来源（导出“本期无记录”）</Tag>,
          },
        ]}
      />
    </Card>
  );
}
