import {
  placeKey,
  unmetByPlace,
  type Dashboard,
  type PlaceOrder,
  type RuleCell,
  type RuleColumn,
  type ScopeFigures,
} from '@anzhi/contracts/dashboards';
import { monitoringCategoryLabels, riskTypeLabels } from '@anzhi/contracts/monitoring-vocabulary';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Progress,
  Radio,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { Watermark } from '../../../components/Watermark';
import { dashboardKeys, fetchDashboard, fetchTrend, type DashboardView, type PlacePaging } from '../api';
import { EChart } from '../EChart';

const sourceLabels: Record<Dashboard['source'], string> = {
  snapshot: '月末快照（已确认月份）',
  aggregate: '规则任务预汇总',
  live: '实时计算',
};

const categoryLabel = (k: string) => monitoringCategoryLabels[k as keyof typeof monitoringCategoryLabels] ?? k;
const categoryStatus: Record<string, string> = {
  unstable: '脱贫不稳定户',
  marginal: '边缘易致贫户',
  sudden: '突发严重困难户',
};
const riskLabel = (k: string) => riskTypeLabels[k as keyof typeof riskTypeLabels] ?? k;
const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);

/** The query string of a list behind a number, in the view's scope. */
function scopeQuery(view: Dashboard['view'], extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  if (view.scopeType === 'township') q.set('townshipCode', view.scopeId);
  if (view.scopeType === 'site') q.set('siteId', view.scopeId);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function resultsLink(d: Dashboard, ruleId: string, scope: Record<string, string>, verdict = 'not_met') {
  const q = new URLSearchParams({ ruleId, period: d.month, verdict, ...scope });
  return `/dashboard/results?${q.toString()}`;
}

interface StatProps {
  title: string;
  value: number | string;
  suffix?: string;
  to: string;
  testId: string;
}

function Stat({ title, value, suffix, to, testId }: StatProps) {
  return (
    <Card size="small" data-testid={testId}>
      <Link to={to}>
        <Statistic title={title} value={value} {...(suffix ? { suffix } : {})} />
      </Link>
    </Card>
  );
}

/** One cell of the site × rule matrix: red for unmet requirements, a progress bar for targets. */
function MatrixCell({
  d,
  col,
  cell,
  scope,
}: {
  d: Dashboard;
  col: RuleColumn;
  cell: RuleCell | undefined;
  scope: Record<string, string>;
}) {
  if (!cell || cell.met + cell.notMet === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  if (col.kind === 'target') {
    return (
      <Link to={resultsLink(d, col.ruleId, scope, 'not_met')}>
        <Progress percent={Math.round((cell.progress ?? 0) * 100)} size="small" />
      </Link>
    );
  }
  if (cell.notMet > 0) {
    return (
      <Link to={resultsLink(d, col.ruleId, scope)} data-testid={`matrix-red-${col.ruleId}`}>
        <Tag color="red">{cell.notMet} 未达标</Tag>
      </Link>
    );
  }
  return (
    <Link to={resultsLink(d, col.ruleId, scope, 'met')}>
      <Tag color="green">达标 {cell.met}</Tag>
    </Link>
  );
}

interface MatrixRow {
  key: string;
  name: string;
  kind: 'site' | 'village';
  figures: ScopeFigures;
}

/** `/dashboard`: the county, township or site view of a month (数据看板). */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const month = params.get('month') ?? undefined;
  const view: DashboardView = {
    townshipCode: params.get('township') ?? undefined,
    siteId: params.get('site') ?? undefined,
    county: params.get('county') === '1',
  };
  const places: PlacePaging = {
    page: Math.max(1, Number(params.get('p') ?? '1') || 1),
    pageSize: [20, 50, 100].includes(Number(params.get('ps'))) ? Number(params.get('ps')) : 20,
    order: params.get('order') === 'place' ? 'place' : 'worst',
  };
  const dash = useQuery({
    queryKey: dashboardKeys.view(view, month, places),
    queryFn: ({ signal }) => fetchDashboard(view, month, places, signal),
    placeholderData: keepPreviousData,
    meta: { inlineError: true },
  });
  const d = dash.data;
  const trendView: DashboardView = d
    ? d.view.scopeType === 'township'
      ? { townshipCode: d.view.scopeId }
      : d.view.scopeType === 'site'
        ? { siteId: d.view.scopeId }
        : {}
    : {};
  const trend = useQuery({
    queryKey: dashboardKeys.trend(trendView, d?.month),
    queryFn: ({ signal }) => fetchTrend(trendView, d?.month, signal),
    enabled: Boolean(d),
    meta: { inlineError: true },
  });

  const matrixRules = useMemo(
    () => (d ? d.rules.filter((r) => r.scope === 'household' || r.scope === 'site') : []),
    [d],
  );
  const townshipRules = useMemo(() => (d ? d.rules.filter((r) => r.scope === 'township') : []), [d]);
  const cellOf = useMemo(() => {
    const m = new Map<string, RuleCell>();
    for (const c of d?.cells ?? []) m.set(`${c.ruleId}|${c.scopeType}|${c.scopeId}`, c);
    return m;
  }, [d]);

  const setView = (next: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    if (month) q.set('month', month);
    for (const [k, v] of Object.entries(next)) if (v) q.set(k, v);
    setParams(q);
  };
  /** Another page or order of the matrix, in the same view. */
  const setPlaces = (next: Partial<PlacePaging>) => {
    const q = new URLSearchParams(params);
    const merged = { ...places, ...next };
    q.set('p', String(merged.page));
    q.set('ps', String(merged.pageSize));
    q.set('order', merged.order);
    setParams(q);
  };

  if (dash.error) return <ApiErrorAlert error={dash.error} />;
  if (!d) return <Card loading />;
  const t = d.totals;
  const revisitRate = pct(t.revisited, t.revisitDue);
  const employmentRate = pct(t.employedHouseholds, t.workableHouseholds);
  const scopeOfView: Record<string, string> =
    d.view.scopeType === 'township'
      ? { townshipCode: d.view.scopeId }
      : d.view.scopeType === 'site'
        ? { siteId: d.view.scopeId }
        : {};

  // The page's places: sites and villages come in two lists; worst first (as the server paged them) or by place.
  const unmet = unmetByPlace(d.rules, d.cells);
  const matrixRows: MatrixRow[] = [
    ...d.sites.map((s) => ({ key: `site:${s.scopeId}`, name: s.name, kind: 'site' as const, figures: s })),
    ...d.villages.map((v) => ({
      key: `village:${v.scopeId}`,
      name: `${v.name}（分散安置）`,
      kind: 'village' as const,
      figures: v,
    })),
  ];
  if (d.places.order === 'worst') {
    matrixRows.sort((a, b) => (unmet.get(placeKey(b.figures)) ?? 0) - (unmet.get(placeKey(a.figures)) ?? 0));
  }
  const matrixColumns: ColumnsType<MatrixRow> = [
    {
      title: '安置点 / 安置村',
      fixed: 'left',
      width: 200,
      render: (_, r) =>
        r.kind === 'site' ? (
          <Button type="link" size="small" onClick={() => setView({ site: r.figures.scopeId })}>
            {r.name}
          </Button>
        ) : (
          r.name
        ),
    },
    {
      title: '户数',
      width: 80,
      render: (_, r) => (
        <Link
          to={`/households?${r.kind === 'site' ? `siteId=${r.figures.scopeId}` : `townshipCode=${r.figures.townshipCode ?? ''}&placement=分散安置`}`}
        >
          {r.figures.households}
        </Link>
      ),
    },
    {
      title: '回访完成率',
      width: 110,
      render: (_, r) => {
        const p = pct(r.figures.revisited, r.figures.revisitDue);
        return p === null ? '—' : `${p}%`;
      },
    },
    ...matrixRules.map((col) => ({
      title: (
        <span title={col.title}>
          {col.ruleId}
          {col.kind === 'target' ? '（目标）' : ''}
        </span>
      ),
      key: col.ruleId,
      width: 120,
      render: (_: unknown, r: MatrixRow) => (
        <MatrixCell
          d={d}
          col={col}
          cell={cellOf.get(`${col.ruleId}|${r.kind}|${r.figures.scopeId}`)}
          scope={r.kind === 'site' ? { siteId: r.figures.scopeId } : { villageCode: r.figures.scopeId }}
        />
      ),
    })),
  ];

  const townshipColumns: ColumnsType<ScopeFigures> = [
    {
      title: '乡镇',
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          onClick={() => setView({ township: r.scopeId })}
          data-testid="dashboard-township-link"
        >
          {r.name}
        </Button>
      ),
    },
    { title: '安置点', dataIndex: 'sites', width: 80 },
    {
      title: '户数',
      width: 90,
      render: (_, r) => <Link to={`/households?townshipCode=${r.scopeId}`}>{r.households}</Link>,
    },
    { title: '人数', dataIndex: 'persons', width: 90 },
    { title: '监测户', dataIndex: 'monitored', width: 90 },
    { title: '回访完成率', width: 110, render: (_, r) => `${pct(r.revisited, r.revisitDue) ?? '—'}%` },
    { title: '就业率', width: 90, render: (_, r) => `${pct(r.employedHouseholds, r.workableHouseholds) ?? '—'}%` },
    ...townshipRules.map((col) => ({
      title: <span title={col.title}>{col.ruleId}</span>,
      key: col.ruleId,
      width: 120,
      render: (_: unknown, r: ScopeFigures) => (
        <MatrixCell
          d={d}
          col={col}
          cell={cellOf.get(`${col.ruleId}|township|${r.scopeId}`)}
          scope={{ townshipCode: r.scopeId }}
        />
      ),
    })),
  ];

  const categories = Object.entries(t.monitoredByCategory);
  const risks = Object.entries(t.monitoredByRiskType);
  const points = trend.data?.points ?? [];

  return (
    <Watermark>
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="dashboard">
        <Card size="small">
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Space>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="dashboard-title">
                数据看板 · {d.view.name}
              </Typography.Title>
              <Tag>{d.month}</Tag>
              <Tag color={d.source === 'snapshot' ? 'blue' : 'default'}>{sourceLabels[d.source]}</Tag>
            </Space>
            <Space>
              {d.view.scopeType !== 'county' && (
                <Button onClick={() => setView({})} data-testid="dashboard-back">
                  返回上级
                </Button>
              )}
              <DatePicker
                picker="month"
                allowClear={false}
                value={dayjs(`${d.month}-01`)}
                onChange={(v) => {
                  const q = new URLSearchParams(params);
                  if (v) q.set('month', v.format('YYYY-MM'));
                  setParams(q);
                }}
              />
            </Space>
          </Flex>
        </Card>
        <Row gutter={[12, 12]}>
          <Col xs={12} md={4}>
            <Stat title="安置点" value={t.sites} suffix="个" to={`/sites${scopeQuery(d.view)}`} testId="stat-sites" />
          </Col>
          <Col xs={12} md={4}>
            <Stat
              title="搬迁户"
              value={t.households}
              suffix="户"
              to={`/households${scopeQuery(d.view)}`}
              testId="stat-households"
            />
          </Col>
          <Col xs={12} md={4}>
            <Stat
              title="搬迁人口"
              value={t.persons}
              suffix="人"
              to={`/persons${scopeQuery(d.view)}`}
              testId="stat-persons"
            />
          </Col>
          <Col xs={12} md={4}>
            <Stat
              title="监测户（三类人员）"
              value={t.monitored}
              suffix="户"
              to={`/households${scopeQuery(d.view)}`}
              testId="stat-monitored"
            />
          </Col>
          <Col xs={12} md={4}>
            <Stat
              title={`本月回访完成率（${t.revisited}/${t.revisitDue}）`}
              value={revisitRate ?? '—'}
              suffix="%"
              to={resultsLink(d, 'R04', scopeOfView)}
              testId="stat-revisits"
            />
          </Col>
          <Col xs={12} md={4}>
            <Stat
              title={`有劳动力家庭就业率（${t.employedHouseholds}/${t.workableHouseholds}）`}
              value={employmentRate ?? '—'}
              suffix="%"
              to={resultsLink(d, 'R11', scopeOfView)}
              testId="stat-employment"
            />
          </Col>
        </Row>
        <Row gutter={[12, 12]}>
          <Col xs={24} md={8}>
            <Card size="small" title="监测户按类别">
              {categories.length === 0 ? (
                <Empty description="本期无监测户" />
              ) : (
                <EChart
                  option={{
                    tooltip: { trigger: 'item' },
                    series: [
                      {
                        type: 'pie',
                        radius: ['35%', '65%'],
                        data: categories.map(([k, v]) => ({ name: categoryLabel(k), value: v, key: k })),
                      },
                    ],
                  }}
                  onClick={(e) => {
                    const key = categories[e.dataIndex ?? -1]?.[0];
                    if (key)
                      void navigate(
                        `/households${scopeQuery(d.view, { monitoringStatus: categoryStatus[key] ?? key })}`,
                      );
                  }}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} md={8}>
            <Card size="small" title="监测户按风险类型">
              {risks.length === 0 ? (
                <Empty description="本期无监测户" />
              ) : (
                <EChart
                  option={{
                    tooltip: {},
                    grid: { left: 80, right: 16, top: 8, bottom: 24 },
                    xAxis: { type: 'value' },
                    yAxis: { type: 'category', data: risks.map(([k]) => riskLabel(k)) },
                    series: [{ type: 'bar', data: risks.map(([, v]) => v) }],
                  }}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} md={8}>
            <Card size="small" title="近 12 个月趋势" data-testid="dashboard-trend">
              <EChart
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 40, right: 40, top: 30, bottom: 24 },
                  xAxis: { type: 'category', data: points.map((p) => p.month.slice(2)) },
                  yAxis: [
                    { type: 'value', name: '%', max: 100 },
                    { type: 'value', name: '项' },
                  ],
                  series: [
                    { name: '回访完成率', type: 'line', data: points.map((p) => pct(p.revisited, p.revisitDue)) },
                    {
                      name: '就业率',
                      type: 'line',
                      data: points.map((p) => pct(p.employedHouseholds, p.workableHouseholds)),
                    },
                    { name: '未达标', type: 'bar', yAxisIndex: 1, data: points.map((p) => p.violations) },
                  ],
                }}
                onClick={(e) => {
                  const p = points[e.dataIndex ?? -1];
                  if (p) {
                    const q = new URLSearchParams(params);
                    q.set('month', p.month);
                    setParams(q);
                  }
                }}
              />
            </Card>
          </Col>
        </Row>
        <Card size="small" title="规则结果（安置点 × 规则；红色为未达标的要求，进度条为目标）">
          <Space wrap style={{ marginBottom: 8 }}>
            {d.rules.map((r) => (
              <Tag key={r.ruleId} color={r.kind === 'requirement' && r.notMet > 0 ? 'red' : 'default'} title={r.title}>
                {r.ruleId} {r.title}：{r.runId ? `${r.met} 达标 / ${r.notMet} 未达标` : '本期未评估'}
              </Tag>
            ))}
          </Space>
          <Space wrap style={{ marginBottom: 8 }}>
            <Radio.Group
              size="small"
              value={d.places.order}
              onChange={(e) => setPlaces({ order: e.target.value as PlaceOrder, page: 1 })}
              data-testid="dashboard-matrix-order"
            >
              <Radio.Button value="worst">未达标多的在前</Radio.Button>
              <Radio.Button value="place">按乡镇、名称</Radio.Button>
            </Radio.Group>
            <Typography.Text type="secondary">共 {d.places.total} 个安置点和安置村</Typography.Text>
          </Space>
          <Table<MatrixRow>
            size="small"
            rowKey="key"
            columns={matrixColumns}
            dataSource={matrixRows}
            loading={dash.isFetching}
            pagination={{
              current: d.places.page,
              pageSize: d.places.pageSize,
              total: d.places.total,
              pageSizeOptions: [20, 50, 100],
              showSizeChanger: true,
              hideOnSinglePage: d.places.total <= 20,
              onChange: (page, pageSize) => setPlaces({ page: pageSize === d.places.pageSize ? page : 1, pageSize }),
            }}
            scroll={{ x: 'max-content' }}
            data-testid="dashboard-matrix"
          />
        </Card>
        {d.view.scopeType !== 'site' && d.townships.length > 0 && (
          <Card size="small" title="乡镇">
            <Table<ScopeFigures>
              size="small"
              rowKey="scopeId"
              columns={townshipColumns}
              dataSource={d.townships}
              pagination={false}
              scroll={{ x: 'max-content' }}
            />
          </Card>
        )}
        {d.view.scopeType !== 'site' && (
          <Card size="small" title="责任清单逾期任务（按责任单位）">
            {d.overdue.length === 0 ? (
              <Empty description="无逾期任务" />
            ) : (
              <Table
                size="small"
                rowKey="unitId"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={d.overdue}
                columns={[
                  { title: '责任单位', dataIndex: 'unitName' },
                  {
                    title: '逾期任务',
                    dataIndex: 'overdue',
                    width: 120,
                    render: (n: number) => (
                      <Link to="/supervision/tasks?status=overdue">
                        <Tag color="red">{n}</Tag>
                      </Link>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        )}
      </Space>
    </Watermark>
  );
}
