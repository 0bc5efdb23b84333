import {
  ledgerKinds,
  ledgerSplitLabels,
  ledgerSplits,
  type LedgerKind,
  type LedgerPage as LedgerPageDto,
} from '@anzhi/contracts/ledgers';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DownOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Dropdown, Flex, Result, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { Watermark } from '../../../components/Watermark';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { SiteSelect } from '../../sites/components/SiteSelect';
import { exportUrl, fetchLedgerPage, ledgerKeys, type LedgerFilters } from '../api';
import { defaultLedgerMonth } from '../month';

type Row = LedgerPageDto['items'][number];

function tableColumns(page: LedgerPageDto): TableColumnsType<Row> {
  const leaf = (c: LedgerPageDto['columns'][number]) => ({
    title: c.header,
    dataIndex: c.key,
    key: c.key,
    align: ['integer', 'amount', 'percent'].includes(c.type) ? ('right' as const) : ('left' as const),
    width: c.type === 'index' ? 60 : undefined,
    render: (v: string | number | null) =>
      typeof v === 'string' && v.includes('\n') ? <span style={{ whiteSpace: 'pre-line' }}>{v}</span> : v,
  });
  const out: TableColumnsType<Row> = [];
  for (const c of page.columns) {
    if (!c.group) {
      out.push(leaf(c));
      continue;
    }
    const last = out.at(-1);
    if (last && 'children' in last && last.title === c.group) last.children.push(leaf(c));
    else out.push({ title: c.group, key: `g-${c.group}`, children: [leaf(c)] });
  }
  return out;
}

/** One ledger: period, township and site filters, a paged table, and the workbook in three layouts. */
export function LedgerPage() {
  const { kind } = useParams();
  const me = useCurrentMe();
  const { params, update, paging } = useUrlFilters();
  const valid = (ledgerKinds as readonly string[]).includes(kind ?? '');
  const filters: LedgerFilters = {
    month: params.get('month') ?? defaultLedgerMonth(),
    townshipCode: params.get('townshipCode') ?? undefined,
    siteId: params.get('siteId') ?? undefined,
  };
  const query = useQuery({
    queryKey: ledgerKeys.page(kind as LedgerKind, filters, paging.page, paging.pageSize),
    queryFn: ({ signal }) => fetchLedgerPage(kind as LedgerKind, filters, paging.page, paging.pageSize, signal),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  if (!valid) return <Result status="404" title="没有这种台账" extra={<Link to="/ledgers">返回台账目录</Link>} />;
  const data = query.data;
  const canExport = me.permissions.includes('ledger.export');
  return (
    <Watermark>
      <Card
        title={data?.title ?? '台账'}
        extra={
          canExport && (
            <Space.Compact>
              <Button href={exportUrl(kind as LedgerKind, filters, 'none')} data-testid="ledger-export">
                导出 Excel（{ledgerSplitLabels.none}）
              </Button>
              <Dropdown
                menu={{
                  items: ledgerSplits
                    .filter((s) => s !== 'none')
                    .map((s) => ({
                      key: s,
                      label: (
                        <a href={exportUrl(kind as LedgerKind, filters, s)} data-testid={`ledger-export-${s}`}>
                          导出：{ledgerSplitLabels[s]}
                        </a>
                      ),
                    })),
                }}
              >
                <Button icon={<DownOutlined />} aria-label="其他导出方式" data-testid="ledger-export-more" />
              </Dropdown>
            </Space.Compact>
          )
        }
      >
        <Flex wrap gap={12} style={{ marginBottom: 12 }}>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${filters.month}-01`)}
            onChange={(d) => d && update({ month: d.format('YYYY-MM') })}
            data-testid="ledger-month"
          />
          <DivisionSelect
            selectable="township"
            value={filters.townshipCode ?? null}
            onChange={(code) => update({ townshipCode: code, siteId: null })}
            placeholder="全部乡镇"
            style={{ width: 160 }}
          />
          <div style={{ width: 220 }}>
            <SiteSelect
              value={filters.siteId ?? null}
              onChange={(id) => update({ siteId: id })}
              placeholder="全部安置点"
              data-testid="ledger-filter-site"
            />
          </div>
          <Link to={`/ledgers?month=${filters.month}`}>返回台账目录</Link>
        </Flex>
        {data && (
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Tag>填报单位：{data.unit}</Tag>
            <Tag>统计期间：{data.period}</Tag>
            {data.frozen.map((f) => (
              <Tag key={f.townshipCode} color="green">
                {f.townshipName ?? f.townshipCode}：读取月末快照（{dayjs(f.frozenAt).format('YYYY-MM-DD HH:mm')}）
              </Tag>
            ))}
          </Flex>
        )}
        {data?.empty && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="本期无记录" />}
        <ApiErrorAlert error={query.error} />
        <Table<Row>
          rowKey={(r) => String(r.seq ?? r.householdNumber ?? JSON.stringify(r))}
          size="small"
          bordered
          loading={query.isFetching}
          columns={data ? tableColumns(data) : []}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="ledger-table"
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => `共 ${n} 行`,
            onChange: (page, pageSize) =>
              paging.onPageChange(pageSize !== paging.pageSize ? { page: 1, pageSize } : { page }),
          }}
        />
      </Card>
    </Watermark>
  );
}
