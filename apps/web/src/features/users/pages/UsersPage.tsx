import type { User } from '@anzhi/contracts/users';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { Watermark } from '../../../components/Watermark';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import { CadreImportModal } from '../components/CadreImportModal';
import { UserCreateModal } from '../components/UserCreateModal';
import { UserDrawer } from '../components/UserDrawer';
import { lockedUntilText } from '../components/UserFlags';
import { useUsers } from '../hooks/useUsers';

type Dialog = 'create' | 'import' | null;

const dash = <Typography.Text type="secondary">—</Typography.Text>;

const columns: TableColumnsType<User> = [
  { title: '用户名', dataIndex: 'username', width: 110 },
  { title: '姓名', dataIndex: 'displayName', width: 170 },
  { title: '手机号', dataIndex: 'phone', width: 120, render: (phone: string | null) => phone ?? dash },
  {
    title: '角色与范围',
    dataIndex: 'scopes',
    render: (scopes: string[]) =>
      scopes.length === 0 ? (
        <Typography.Text type="secondary">未分配角色</Typography.Text>
      ) : (
        <Space size={[0, 4]} wrap>
          {scopes.map((s) => (
            <Tag key={s} color="blue" style={{ whiteSpace: 'normal' }}>
              {s}
            </Tag>
          ))}
        </Space>
      ),
  },
  {
    title: '状态',
    dataIndex: 'active',
    width: 70,
    render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
  },
  {
    title: '需改密码',
    dataIndex: 'mustChangePassword',
    width: 84,
    render: (must: boolean) => (must ? <Tag color="orange">是</Tag> : '否'),
  },
  {
    title: '动态验证码',
    dataIndex: 'totpEnabled',
    width: 96,
    render: (on: boolean) => (on ? <Tag color="blue">已绑定</Tag> : '未绑定'),
  },
  {
    title: '锁定至',
    dataIndex: 'lockedUntil',
    width: 140,
    render: (until: string | null) => {
      const text = lockedUntilText(until);
      return text === null ? dash : <Typography.Text type="danger">{text}</Typography.Text>;
    },
  },
];

/** `/admin/users`: accounts with their roles and scopes; administrators create, import and manage them. */
export function UsersPage() {
  const me = useCurrentMe();
  const canCreate = me.permissions.includes('user.create');
  const { params, update, paging } = useUrlFilters();
  const q = params.get('q') ?? undefined;
  const active = params.get('active') === 'true' ? 'true' : params.get('active') === 'false' ? 'false' : undefined;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const users = useUsers({ q, active, page: paging.page, pageSize: paging.pageSize });
  // The drawer follows the list, so it shows the account as it is after an action.
  const [selectedSnapshot, setSelectedSnapshot] = useState<User | null>(null);
  const selected = users.data?.items.find((u) => u.id === selectedId) ?? selectedSnapshot;

  const open = (user: User) => {
    setSelectedId(user.id);
    setSelectedSnapshot(user);
  };

  const withActions: TableColumnsType<User> = [
    ...columns,
    {
      title: '操作',
      key: 'actions',
      width: 64,
      fixed: 'end',
      render: (_, user) => <Typography.Link onClick={() => open(user)}>详情</Typography.Link>,
    },
  ];

  return (
    <Watermark>
      <Card
        title="用户"
        extra={
          canCreate && (
            <Space>
              <Button icon={<UploadOutlined />} onClick={() => setDialog('import')}>
                批量导入干部
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
                新建用户
              </Button>
            </Space>
          )
        }
      >
        <Flex wrap gap={12} style={{ marginBottom: 16 }}>
          <Input.Search
            placeholder="姓名、用户名或手机号"
            allowClear
            // Uncontrolled, re-created when the address changes (e.g. the menu link clears the filters).
            key={q ?? ''}
            defaultValue={q}
            onSearch={(value) => update({ q: value.trim() })}
            style={{ width: 260 }}
            data-testid="users-search"
          />
          <Select
            value={active ?? 'all'}
            onChange={(v: string) => update({ active: v === 'all' ? undefined : v })}
            options={[
              { value: 'all', label: '全部状态' },
              { value: 'true', label: '启用' },
              { value: 'false', label: '停用' },
            ]}
            style={{ width: 120 }}
          />
        </Flex>
        <ApiErrorAlert error={users.error} />
        <PagedTable<User>
          rowKey="id"
          columns={withActions}
          query={users}
          {...paging}
          unitLabel="个用户"
          totalTestId="users-total"
          emptyText="还没有用户"
          filteredEmptyText="没有符合条件的用户"
          filtered={q !== undefined || active !== undefined}
          scrollX={1100}
          data-testid="users-table"
        />
      </Card>
      {dialog === 'create' && <UserCreateModal onClose={() => setDialog(null)} />}
      {dialog === 'import' && <CadreImportModal onClose={() => setDialog(null)} />}
      {selected !== null && (
        <UserDrawer
          user={selected}
          onClose={() => {
            setSelectedId(null);
            setSelectedSnapshot(null);
          }}
        />
      )}
    </Watermark>
  );
}
