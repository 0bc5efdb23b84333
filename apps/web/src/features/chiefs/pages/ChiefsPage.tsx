import type { ChiefAssignment, ChiefReport, ChiefVisit, SiteShortfall } from '@anzhi/contracts/chiefs';
import { chiefKindLabels } from '@anzhi/contracts/chiefs';
import { Button, Card, Col, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { AttachmentLinks } from '../../../components/AttachmentLinks';
import { PagedTable } from '../../../components/PagedTable';
import { Watermark } from '../../../components/Watermark';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { formatLocalDateTime } from '../../notifications/time';
import { AssignmentDrawer } from '../components/AssignmentDrawer';
import { AssignmentFormModal } from '../components/AssignmentFormModal';
import { ReportFormModal } from '../components/ReportFormModal';
import { VisitFormModal } from '../components/VisitFormModal';
import { useChiefAssignments, useChiefOverview, useChiefReports, useChiefVisits } from '../hooks/useChiefs';

const verdictTag = (v: SiteShortfall['verdict']) =>
  v === 'met' ? <Tag color="green">达标</Tag> : v === 'not_met' ? <Tag color="red">不足</Tag> : <Tag>无在任点长</Tag>;

function OverviewTab() {
  const overview = useChiefOverview();
  const [logging, setLogging] = useState(false);
  const o = overview.data;
  const columns: TableColumnsType<SiteShortfall> = [
    { title: '安置点', dataIndex: 'siteName' },
    { title: '乡镇', dataIndex: 'townshipName', width: 110 },
    { title: '点长', render: (_, s) => s.chiefs.map((c) => `${c.chiefName}（${c.visits} 次）`).join('、') || '—' },
    { title: '本月走访', width: 100, render: (_, s) => `${s.visits} 次` },
    { title: '应走访', width: 140, render: (_, s) => `每位点长 ${s.required} 次` },
    { title: '还差', dataIndex: 'shortfall', width: 80, render: (n: number) => (n > 0 ? <b>{n} 次</b> : '—') },
    { title: '结论', dataIndex: 'verdict', width: 110, render: verdictTag },
    {
      title: '最近走访',
      dataIndex: 'lastVisitAt',
      width: 150,
      render: (t: string | null) => (t ? formatLocalDateTime(t) : '—'),
    },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ApiErrorAlert error={overview.error} />
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={`${o?.monthLabel ?? '本月'}走访不足的安置点`}
              value={o?.sitesShort ?? 0}
              suffix="个"
              loading={!o}
            />
            <span data-testid="chiefs-sites-short" hidden>
              {o?.sitesShort}
            </span>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="还差走访" value={o?.visitsShort ?? 0} suffix="次" loading={!o} />
            <span data-testid="chiefs-visits-short" hidden>
              {o?.visitsShort}
            </span>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={`${o?.halfYearLabel ?? '本半年'}向总点长汇报`}>
            <Space wrap>
              {(o?.reports ?? []).map((r) => (
                <Tag key={r.chiefId} color={r.verdict === 'met' ? 'green' : 'orange'}>
                  {r.chiefName}：{r.verdict === 'met' ? `已汇报 ${r.reports} 次` : '尚未汇报'}
                </Tag>
              ))}
              {o && o.reports.length === 0 && <Typography.Text type="secondary">本范围内暂无点长</Typography.Text>}
            </Space>
          </Card>
        </Col>
      </Row>
      {o?.abilities.logVisit && (
        <Button type="primary" onClick={() => setLogging(true)} data-testid="log-visit">
          登记走访
        </Button>
      )}
      <Table<SiteShortfall>
        rowKey="siteId"
        size="small"
        columns={columns}
        dataSource={o?.sites ?? []}
        loading={overview.isFetching}
        pagination={false}
        locale={{ emptyText: '本人范围内暂无安置点' }}
        data-testid="chiefs-overview"
        rowClassName={(s) => (s.verdict === 'not_met' ? 'row-warning' : '')}
      />
      <Typography.Text type="secondary">
        依据实施方案第 1 条：“点长”每月至少到安置点调研指导 2 次（R01）；“总点长”每半年听取 1
        次“点长”的工作汇报（R02）。次数阈值可在“规则与阈值”中调整。
      </Typography.Text>
      {logging && o && <VisitFormModal sites={o.mySites} onClose={() => setLogging(false)} />}
    </Space>
  );
}

function VisitsTab() {
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = useChiefVisits(paging);
  const columns: TableColumnsType<ChiefVisit> = [
    { title: '走访时间', dataIndex: 'visitedAt', width: 150, render: formatLocalDateTime },
    { title: '安置点', dataIndex: 'siteName', width: 160 },
    { title: '点长', dataIndex: 'chiefName', width: 120 },
    { title: '发现的问题', dataIndex: 'problemsFound' },
    { title: '解决的问题', dataIndex: 'problemsSolved' },
    { title: '后续跟进', dataIndex: 'followUps' },
    { title: '附件', dataIndex: 'attachmentIds', width: 120, render: (ids: string[]) => <AttachmentLinks ids={ids} /> },
  ];
  return (
    <>
      <ApiErrorAlert error={query.error} />
      <PagedTable<ChiefVisit>
        rowKey="id"
        columns={columns}
        query={query}
        page={paging.page}
        pageSize={paging.pageSize}
        onPageChange={(c) => setPaging({ page: c.page, pageSize: c.pageSize ?? paging.pageSize })}
        unitLabel="条走访记录"
        emptyText="暂无走访记录"
        data-testid="chief-visits"
      />
    </>
  );
}

function AssignmentsTab() {
  const me = useCurrentMe();
  const query = useChiefAssignments();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<ChiefAssignment | null>(null);
  const manage = me.permissions.includes('chief.manage');
  const columns: TableColumnsType<ChiefAssignment> = [
    { title: '任命', dataIndex: 'kind', width: 90, render: (k: ChiefAssignment['kind']) => chiefKindLabels[k] },
    { title: '人员', dataIndex: 'userDisplayName' },
    { title: '安置点', render: (_, a) => (a.siteName ? `${a.siteName}（${a.townshipName ?? ''}）` : '全部安置点') },
    { title: '任期', width: 220, render: (_, a) => `${a.from} 至 ${a.to ?? '今'}` },
    { title: '状态', width: 90, render: (_, a) => (a.current ? <Tag color="green">在任</Tag> : <Tag>不在任</Tag>) },
    {
      title: '任务',
      width: 100,
      render: (_, a) => `${a.tasks.filter((t) => t.done).length}/${a.tasks.length}`,
    },
    {
      title: '',
      width: 140,
      render: (_, a) => (
        <Button size="small" onClick={() => setOpen(a)}>
          规划、职责与任务
        </Button>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <ApiErrorAlert error={query.error} />
      {manage && (
        <Button type="primary" onClick={() => setCreating(true)}>
          任命点长
        </Button>
      )}
      <Table<ChiefAssignment>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching}
        locale={{ emptyText: '暂无任命' }}
        data-testid="chief-assignments"
      />
      {creating && <AssignmentFormModal onClose={() => setCreating(false)} />}
      {open && <AssignmentDrawer assignment={open} canEditDuties={manage} onClose={() => setOpen(null)} />}
    </Space>
  );
}

function ReportsTab() {
  const me = useCurrentMe();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = useChiefReports(paging);
  const assignments = useChiefAssignments();
  const [recording, setRecording] = useState(false);
  const chiefs = useMemo(() => {
    const byId = new Map<string, { id: string; name: string; sites: string[] }>();
    for (const a of assignments.data?.items ?? []) {
      if (a.kind !== 'site_chief' || !a.current) continue;
      const entry = byId.get(a.userId) ?? { id: a.userId, name: a.userDisplayName, sites: [] };
      entry.sites.push(a.siteName ?? '');
      byId.set(a.userId, entry);
    }
    return [...byId.values()].map((c) => ({ ...c, sites: c.sites.join('、') }));
  }, [assignments.data]);
  const columns: TableColumnsType<ChiefReport> = [
    { title: '汇报时间', dataIndex: 'heardAt', width: 150, render: formatLocalDateTime },
    { title: '点长', dataIndex: 'siteChiefName', width: 130 },
    { title: '总点长', dataIndex: 'countyChiefName', width: 130, render: (n: string | null) => n ?? '—' },
    { title: '安置点', render: (_, r) => r.sites.map((s) => s.name).join('、') },
    { title: '汇报摘要', dataIndex: 'summary' },
    { title: '附件', dataIndex: 'attachmentIds', width: 120, render: (ids: string[]) => <AttachmentLinks ids={ids} /> },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <ApiErrorAlert error={query.error} />
      {me.permissions.includes('chief.report.write') && (
        <Button type="primary" onClick={() => setRecording(true)}>
          登记听取汇报
        </Button>
      )}
      <PagedTable<ChiefReport>
        rowKey="id"
        columns={columns}
        query={query}
        page={paging.page}
        pageSize={paging.pageSize}
        onPageChange={(c) => setPaging({ page: c.page, pageSize: c.pageSize ?? paging.pageSize })}
        unitLabel="条汇报记录"
        emptyText="暂无汇报记录"
        data-testid="chief-reports"
      />
      {recording && <ReportFormModal chiefs={chiefs} onClose={() => setRecording(false)} />}
    </Space>
  );
}

/** `/chiefs`: 点长制 — this month's shortfalls, visits, appointments with duties and tasks, half-year hearings. */
export function ChiefsPage() {
  return (
    <Watermark>
      <Card title="点长制">
        <Tabs
          items={[
            { key: 'overview', label: '本月情况', children: <OverviewTab /> },
            { key: 'visits', label: '走访记录', children: <VisitsTab /> },
            { key: 'assignments', label: '点长任命', children: <AssignmentsTab /> },
            { key: 'reports', label: '半年汇报', children: <ReportsTab /> },
          ]}
        />
      </Card>
    </Watermark>
  );
}
