import type { HouseholdListItem } from '@anzhi/contracts/registry';
import {
  householdCategories,
  householdEmploymentFilterLabels,
  labourCapacities,
  monitoringStatuses,
  placements,
} from '@anzhi/contracts/registry';
import { Card, Flex, Input, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { PagedTable } from '../../../components/PagedTable';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { Watermark } from '../../../components/Watermark';
import { SiteSelect } from '../../sites/components/SiteSelect';
import { ImportLink } from '../../imports/components/ImportLink';
import { ExportButton } from '../components/ExportButton';
import { useHouseholds } from '../hooks/useRegistry';

const filterKeys = [
  'townshipCode',
  'siteId',
  'category',
  'placement',
  'monitoringStatus',
  'labourCapacity',
  'employment',
  'q',
  'sort',
  'order',
] as const;

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** `/households`: the households in the viewer's scope, filtered, sorted and paged on the server. */
export function HouseholdsPage() {
  const { params, update, paging } = useUrlFilters();
  const filters = Object.fromEntries(filterKeys.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
  const households = useHouseholds({ ...filters, page: paging.page, pageSize: paging.pageSize });
  const filtered = Object.keys(filters).some((k) => k !== 'sort' && k !== 'order');
  const select = (
    key: (typeof filterKeys)[number],
    placeholder: string,
    values: { value: string; label: string }[],
    width = 150,
  ) => (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      value={params.get(key) ?? undefined}
      onChange={(v: string | undefined) => update({ [key]: v })}
      options={values}
      style={{ width }}
      data-testid={`households-filter-${key}`}
    />
  );
  const sortOrder = (key: string) =>
    params.get('sort') === key ? (params.get('order') === 'desc' ? 'descend' : 'ascend') : null;

  const columns: TableColumnsType<HouseholdListItem> = [
    {
      title: '户编号',
      dataIndex: 'householdNumber',
      key: 'householdNumber',
      width: 170,
      sorter: true,
      sortOrder: sortOrder('householdNumber'),
      render: (no: string, h) => <Link to={`/households/${h.id}`}>{no}</Link>,
    },
    {
      title: '户主',
      dataIndex: 'headName',
      key: 'headName',
      width: 100,
      sorter: true,
      sortOrder: sortOrder('headName'),
    },
    { title: '户主证件号码', dataIndex: 'headIdNumber', width: 190, render: (v: string | null) => v ?? '—' },
    { title: '户类别', dataIndex: 'category', width: 110 },
    { title: '乡镇', dataIndex: 'townshipName', width: 100 },
    {
      title: '安置点 / 安置村',
      key: 'place',
      width: 170,
      render: (_, h) => (h.placement === '集中安置' ? h.siteName : `${h.destinationVillageName ?? '—'}（分散）`),
    },
    {
      title: '人口',
      dataIndex: 'memberCount',
      key: 'memberCount',
      width: 80,
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('memberCount'),
    },
    {
      title: '搬迁年度',
      dataIndex: 'relocationYear',
      key: 'relocationYear',
      width: 100,
      sorter: true,
      sortOrder: sortOrder('relocationYear'),
    },
    {
      title: '监测状态',
      dataIndex: 'monitoringStatus',
      width: 130,
      render: (s: string) => (s === '未纳入监测' ? s : <Tag color="orange">{s}</Tag>),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (s: string) => (s === 'closed' ? <Tag>已注销</Tag> : '正常'),
    },
  ];

  return (
    <Watermark>
      <Card
        title="搬迁户"
        extra={
          <Flex gap={8}>
            <ImportLink />
            <ExportButton list="households" filters={filters} />
          </Flex>
        }
      >
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <DivisionSelect
            selectable="township"
            value={params.get('townshipCode')}
            onChange={(code) => update({ townshipCode: code })}
            placeholder="全部乡镇"
            style={{ width: 160 }}
          />
          <div style={{ width: 200 }}>
            <SiteSelect
              value={params.get('siteId')}
              onChange={(id) => update({ siteId: id })}
              placeholder="全部安置点"
              data-testid="households-filter-siteId"
            />
          </div>
          {select('category', '户类别', options(householdCategories), 130)}
          {select('placement', '安置方式', options(placements), 120)}
          {select('monitoringStatus', '监测状态', options(monitoringStatuses))}
          {select('labourCapacity', '有此劳动技能的成员', options(labourCapacities), 190)}
          {select(
            'employment',
            '就业情况',
            Object.entries(householdEmploymentFilterLabels).map(([value, label]) => ({ value, label })),
            130,
          )}
          <Input.Search
            placeholder="户编号或户主姓名"
            allowClear
            key={params.get('q') ?? ''}
            defaultValue={params.get('q') ?? undefined}
            onSearch={(value) => update({ q: value.trim() })}
            style={{ width: 220 }}
            data-testid="households-search"
          />
        </Flex>
        <ApiErrorAlert error={households.error} />
        <PagedTable<HouseholdListItem>
          rowKey="id"
          columns={columns}
          query={households}
          {...paging}
          onSortChange={(sort) => update({ sort: sort.key, order: sort.order })}
          unitLabel="户"
          totalTestId="households-total"
          emptyText="您的范围内还没有搬迁户"
          filteredEmptyText="没有符合条件的搬迁户"
          filtered={filtered}
          scrollX={1300}
          data-testid="households-table"
        />
      </Card>
    </Watermark>
  );
}
