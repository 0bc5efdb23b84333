import type { RuleResultPage } from '@anzhi/contracts/dashboards';
import type { LedgerKind } from '@anzhi/contracts/ledgers';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { Watermark } from '../../../components/Watermark';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { exportUrl } from '../../ledgers/api';
import { dashboardKeys, fetchRuleResults } from '../api';

type Item = RuleResultPage['items'][number];

const verdictTags: Record<Item['verdict'], { color: string; label: string }> = {
  met: { color: 'green', label: '达标' },
  not_met: { color: 'red', label: '未达标' },
  not_applicable: { color: 'default', label: '不适用' },
};

/** The ledger a rule's households are printed in. */
const ledgerOfRule: Record<string, LedgerKind> = { R03: 'monitoring', R04: 'revisits', R11: 'support', R23: 'support' };

const num = (x: unknown) => (typeof x === 'number' ? String(x) : '0');

function describeValues(ruleId: string, v: Record<string, unknown>): string {
  if (ruleId === 'R04') return `本月回访 ${num(v.revisits)} 次（要求 ${num(v.required)} 次）`;
  if (ruleId === 'R11') {
    return `家庭 ${num(v.persons)} 人，有劳动力 ${num(v.canWork)} 人，就业 ${num(v.employed)} 人（要求 ${num(v.required)} 人）`;
  }
  return Object.entries(v)
    .filter(([, x]) => typeof x === 'number' || typeof x === 'string')
    .slice(0, 4)
    .map(([k, x]) => `${k}: ${String(x)}`)
    .join('；');
}

function entityLink(i: Item) {
  const label = i.entityLabel ?? i.entityId;
  if (i.entityType === 'household') return <Link to={`/households/${i.entityId}`}>{label}</Link>;
  if (i.entityType === 'site') return <Link to={`/sites/${i.entityId}`}>{label}</Link>;
  return label;
}

/** `/dashboard/results`: the records behind a dashboard cell (a rule's results for a period and place). */
export function RuleResultsPage() {
  const [params, setParams] = useSearchParams();
  const me = useCurrentMe();
  const q = {
    ruleId: params.get('ruleId') ?? undefined,
    period: params.get('period') ?? undefined,
    siteId: params.get('siteId') ?? undefined,
    townshipCode: params.get('townshipCode') ?? undefined,
    villageCode: params.get('villageCode') ?? undefined,
    verdict: params.get('verdict') ?? undefined,
    page: Number(params.get('page') ?? '1'),
    pageSize: 50,
  };
  const results = useQuery({
    queryKey: dashboardKeys.results(q),
    queryFn: ({ signal }) => fetchRuleResults(q, signal),
    meta: { inlineError: true },
  });
  const ledger = q.ruleId ? ledgerOfRule[q.ruleId] : undefined;
  const month = q.period?.slice(0, 7);
  const canExport = me.permissions.includes('ledger.export') && ledger !== undefined && month !== undefined;
  const householdsHref = `/households?${new URLSearchParams(
    Object.fromEntries(
      Object.entries({ siteId: q.siteId, townshipCode: q.townshipCode }).filter((e): e is [string, string] =>
        Boolean(e[1]),
      ),
    ),
  ).toString()}`;

  const columns: ColumnsType<Item> = [
    { title: '规则', dataIndex: 'ruleId', width: 70 },
    { title: '对象', render: (_, i) => entityLink(i), width: 200 },
    {
      title: '结论',
      width: 90,
      render: (_, i) => <Tag color={verdictTags[i.verdict].color}>{verdictTags[i.verdict].label}</Tag>,
    },
    { title: '依据', render: (_, i) => describeValues(i.ruleId, i.values) },
    { title: '说明', dataIndex: 'note', width: 160, render: (n: string | null) => n ?? '' },
    { title: '期间', dataIndex: 'periodKey', width: 100 },
  ];

  return (
    <Watermark>
      <Card
        title={
          <Space>
            <Typography.Text strong>规则结果明细</Typography.Text>
            {q.ruleId && <Tag>{q.ruleId}</Tag>}
            {q.period && <Tag>{q.period}</Tag>}
            {q.verdict && (
              <Tag color={verdictTags[q.verdict as Item['verdict']]?.color}>
                {verdictTags[q.verdict as Item['verdict']]?.label}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Flex gap={8}>
            <Link to={householdsHref}>在搬迁户列表中查看</Link>
            {canExport && (
              <Button
                type="primary"
                href={exportUrl(ledger, { month, townshipCode: q.townshipCode, siteId: q.siteId }, 'none')}
                data-testid="results-export"
              >
                导出台账
              </Button>
            )}
          </Flex>
        }
      >
        {results.error ? <ApiErrorAlert error={results.error} /> : null}
        <Table<Item>
          size="small"
          rowKey={(i) => `${i.runId}:${i.entityId}`}
          loading={results.isLoading}
          columns={columns}
          dataSource={results.data?.items ?? []}
          data-testid="rule-results"
          pagination={{
            current: q.page,
            pageSize: q.pageSize,
            total: results.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 条`,
            onChange: (page) => {
              const next = new URLSearchParams(params);
              next.set('page', String(page));
              setParams(next);
            },
          }}
        />
      </Card>
    </Watermark>
  );
}
