import type { Site } from '@anzhi/contracts/org';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { PagedTable } from '../../../components/PagedTable';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { Watermark } from '../../../components/Watermark';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { SiteFormModal } from '../components/SiteFormModal';
import { PeopleNames } from '../components/sitePeople';
import { SiteStatusTag, siteStatusLabels } from '../components/SiteStatusTag';
import { useSites } from '../hooks/useSites';

type Editing = { mode: 'create' } | { mode: 'edit'; site: Site } | null;

/** `/sites`: the sites in the viewer's scope, filtered and paged on the server. */
export function SitesPage() {
  const me = useCurrentMe();
  const canManage = me.permissions.includes('site.manage');
  const { params, update, paging } = useUrlFilters();
  const townshipCode = params.get('townshipCode') ?? undefined;
  const q = params.get('q') ?? undefined;
  const status =
    params.get('status') === 'closed' ? 'closed' : params.get('status') === 'active' ? 'active' : undefined;
  const [editing, setEditing] = useState<Editing>(null);

  const sites = useSites({ townshipCode, q, status, page: paging.page, pageSize: paging.pageSize });

  const filtered = townshipCode !== undefined || q !== undefined || status !== undefined;

  const columns: TableColumnsType<Site> = [
    {
      title: '名称',
      dataIndex: 'name',
      width: 190,
      render: (name: string, site) => <Link to={`/sites/${site.id}`}>{name}</Link>,
    },
    { title: '乡镇', dataIndex: 'townshipName', width: 110 },
    { title: '村（社区）', dataIndex: 'villageName', width: 130, render: (v: string | null) => v ?? '—' },
    { title: '类型', dataIndex: 'type', width: 110 },
    { title: '搬迁户', dataIndex: 'households', width: 80, align: 'right' },
    { title: '人口', dataIndex: 'persons', width: 80, align: 'right' },
    { title: '点长', key: 'chiefs', width: 150, render: (_, site) => <PeopleNames people={site.chiefs} /> },
    { title: '管理员', key: 'managers', width: 170, render: (_, site) => <PeopleNames people={site.managers} /> },
    {
      title: '城市社区管辖',
      dataIndex: 'urbanCommunity',
      width: 120,
      render: (urban: boolean) => (urban ? <Tag color="purple">城市社区管辖</Tag> : null),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (s: Site['status']) => <SiteStatusTag status={s} />,
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, site) => (
        <Space size="small">
          <Link to={`/sites/${site.id}`}>详情</Link>
          {site.abilities.update && (
            <Typography.Link onClick={() => setEditing({ mode: 'edit', site })}>编辑</Typography.Link>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Watermark>
      <Card
        title="安置点"
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create' })}>
              新建安置点
            </Button>
          )
        }
      >
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <DivisionSelect
            selectable="township"
            value={townshipCode ?? null}
            onChange={(code) => update({ townshipCode: code })}
            placeholder="全部乡镇"
            style={{ width: 180 }}
            data-testid="sites-township-filter"
          />
          <Select
            value={status ?? 'all'}
            onChange={(v: string) => update({ status: v === 'all' ? undefined : v })}
            options={[
              { value: 'all', label: '全部状态' },
              { value: 'active', label: siteStatusLabels.active },
              { value: 'closed', label: siteStatusLabels.closed },
            ]}
            style={{ width: 120 }}
          />
          <Input.Search
            placeholder="按名称搜索"
            allowClear
            // Uncontrolled, re-created when the address changes (e.g. the menu link clears the filters).
            key={q ?? ''}
            defaultValue={q}
            onSearch={(value) => update({ q: value.trim() })}
            style={{ width: 240 }}
            data-testid="sites-search"
          />
        </Flex>
        <ApiErrorAlert error={sites.error} />
        <PagedTable<Site>
          rowKey="id"
          columns={columns}
          query={sites}
          {...paging}
          unitLabel="个安置点"
          totalTestId="sites-total"
          emptyText="您的范围内还没有安置点"
          filteredEmptyText="没有符合条件的安置点"
          filtered={filtered}
          scrollX={1400}
          data-testid="sites-table"
        />
      </Card>
      {editing?.mode === 'create' && <SiteFormModal onClose={() => setEditing(null)} />}
      {editing?.mode === 'edit' && <SiteFormModal site={editing.site} onClose={() => setEditing(null)} />}
    </Watermark>
  );
}
