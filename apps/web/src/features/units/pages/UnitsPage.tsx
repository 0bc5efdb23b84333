import { unitKindLabels, unitKinds } from '@anzhi/contracts/org';
import type { Unit, UnitKind } from '@anzhi/contracts/org';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { UnitAliasModal, UnitFormModal } from '../components/UnitFormModal';
import { useUnits } from '../hooks/useUnits';

const kindColors: Record<UnitKind, string> = {
  lead: 'red',
  county_department: 'blue',
  township: 'green',
  community_committee: 'purple',
  other: 'default',
};

type Dialog = { kind: 'create' } | { kind: 'alias'; unit: Unit } | null;

/** `/units`: the county's units by kind, with their aliases; administrators add units and aliases. */
export function UnitsPage() {
  const me = useCurrentMe();
  const canManage = me.permissions.includes('unit.manage');
  const units = useUnits();
  const [kind, setKind] = useState<UnitKind | 'all'>('all');
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);

  const all = units.data ?? [];
  const needle = search.trim();
  const shown = all.filter(
    (u) =>
      (kind === 'all' || u.kind === kind) &&
      (needle === '' || u.name.includes(needle) || u.aliases.some((a) => a.includes(needle))),
  );
  const count = (k: UnitKind) => all.filter((u) => u.kind === k).length;

  const columns: TableColumnsType<Unit> = [
    { title: '单位名称', dataIndex: 'name', width: 260 },
    {
      title: '类别',
      dataIndex: 'kind',
      width: 190,
      render: (k: UnitKind) => <Tag color={kindColors[k]}>{unitKindLabels[k]}</Tag>,
    },
    {
      title: '别名',
      dataIndex: 'aliases',
      render: (aliases: string[]) =>
        aliases.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space size={[0, 4]} wrap>
            {aliases.map((a) => (
              <Tag key={a}>{a}</Tag>
            ))}
          </Space>
        ),
    },
    {
      title: '来源',
      dataIndex: 'inSeed',
      width: 90,
      render: (inSeed: boolean) =>
        inSeed ? (
          <Tag color="blue" title="实施方案及责任清单中列出的单位">
            规划内
          </Tag>
        ) : (
          <Tag color="orange" title="管理员补充的单位">
            补充
          </Tag>
        ),
    },
    {
      title: '状态',
      dataIndex: 'active',
      width: 80,
      render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 100,
            render: (_: unknown, unit: Unit) => (
              <Typography.Link onClick={() => setDialog({ kind: 'alias', unit })}>添加别名</Typography.Link>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title="单位"
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
            新增单位
          </Button>
        )
      }
    >
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Segmented<UnitKind | 'all'>
          value={kind}
          onChange={setKind}
          options={[
            { value: 'all', label: `全部（${all.length}）` },
            ...unitKinds.map((k) => ({ value: k, label: `${unitKindLabels[k]}（${count(k)}）` })),
          ]}
        />
        <Input.Search
          placeholder="按名称或别名搜索"
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
        />
      </Flex>
      <ApiErrorAlert error={units.error} />
      <Table<Unit>
        rowKey="id"
        columns={columns}
        dataSource={shown}
        loading={units.isPending}
        size="middle"
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={all.length === 0 ? '还没有单位' : '没有符合条件的单位'}
            />
          ),
        }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 个单位` }}
      />
      {dialog?.kind === 'create' && <UnitFormModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'alias' && <UnitAliasModal unit={dialog.unit} onClose={() => setDialog(null)} />}
    </Card>
  );
}
