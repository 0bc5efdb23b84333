import type { RoleAssignment } from '@anzhi/contracts/org';
import { roleLabels } from '@anzhi/contracts/permissions';
import type { Role } from '@anzhi/contracts/permissions';
import type { User } from '@anzhi/contracts/users';
import { uuidv7 } from '@anzhi/domain/ids';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Drawer, Empty, Form, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useCurrentMe } from '../../auth/hooks/useCurrentMe';
import {
  useCreateRoleAssignment,
  useDeleteRoleAssignment,
  useRoleAssignments,
  useSetUserActive,
} from '../hooks/useUsers';
import { RoleScopeFields, toAssignmentInput } from './RoleScopeFields';
import type { AssignmentValues } from './RoleScopeFields';
import { DeactivateModal, HandoverModal } from './UserStatusModals';
import { UserFlags } from './UserFlags';

function AddAssignmentForm({ userId }: { userId: string }) {
  const [form] = Form.useForm<{ assignment: AssignmentValues }>();
  // A client id per assignment: a repeated submit (double click, retry) assigns nothing twice.
  const [clientId, setClientId] = useState(() => uuidv7());
  const create = useCreateRoleAssignment();

  const onFinish = ({ assignment }: { assignment: AssignmentValues }) => {
    const input = toAssignmentInput(assignment);
    if (input === null) return;
    create.mutate(
      { id: clientId, userId, ...input },
      {
        onSuccess: (a) => {
          notifySuccess(`已分配：${roleLabels[a.role]}（${a.scopeLabel}）`);
          form.resetFields();
          setClientId(uuidv7());
        },
      },
    );
  };

  return (
    <Card size="small" title="分配角色" style={{ marginTop: 16 }}>
      <ApiErrorAlert error={create.error} />
      <Form form={form} layout="vertical" onFinish={onFinish} disabled={create.isPending}>
        <RoleScopeFields form={form} name={['assignment']} path={['assignment']} testIdPrefix="add-assignment" />
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
          分配
        </Button>
      </Form>
    </Card>
  );
}

function AssignmentList({ userId, canUpdate }: { userId: string; canUpdate: boolean }) {
  const assignments = useRoleAssignments(userId);
  const remove = useDeleteRoleAssignment();

  const columns: TableColumnsType<RoleAssignment> = [
    {
      title: '角色',
      dataIndex: 'role',
      width: 200,
      render: (role: Role) => <Tag color="blue">{roleLabels[role]}</Tag>,
    },
    { title: '范围', dataIndex: 'scopeLabel' },
    ...(canUpdate
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 70,
            render: (_: unknown, a: RoleAssignment) => (
              <Popconfirm
                title="撤销该角色？"
                description="撤销后该用户须重新登录。"
                okText="撤销"
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutateAsync(a.id).then(() => notifySuccess(`已撤销：${roleLabels[a.role]}`))}
              >
                <Typography.Link type="danger">撤销</Typography.Link>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  if (assignments.isError) return <ApiErrorAlert error={assignments.error} />;
  return (
    <Table<RoleAssignment>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={assignments.data ?? []}
      loading={assignments.isPending}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未分配角色" /> }}
      data-testid="user-assignments"
    />
  );
}

type Dialog = 'deactivate' | 'handover' | null;

export interface UserDrawerProps {
  user: User;
  onClose: () => void;
}

/** A user's account details and role assignments, with the actions the viewer's permissions allow. */
export function UserDrawer({ user, onClose }: UserDrawerProps) {
  const me = useCurrentMe();
  const canUpdate = me.permissions.includes('user.update');
  const [dialog, setDialog] = useState<Dialog>(null);
  const setActive = useSetUserActive();

  return (
    <Drawer
      open
      title={`${user.displayName}（${user.username}）`}
      size={640}
      onClose={onClose}
      destroyOnHidden
      extra={
        canUpdate && (
          <Space>
            {user.active ? (
              <>
                <Button onClick={() => setDialog('handover')}>工作交接</Button>
                <Button danger onClick={() => setDialog('deactivate')}>
                  停用
                </Button>
              </>
            ) : (
              <Popconfirm
                title="重新启用该用户？"
                okText="启用"
                onConfirm={() =>
                  setActive
                    .mutateAsync({ userId: user.id, active: true })
                    .then(() => notifySuccess(`已启用“${user.displayName}”`))
                }
              >
                <Button type="primary">启用</Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
      data-testid="user-drawer"
    >
      <ApiErrorAlert error={setActive.error} />
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
        <Descriptions.Item label="姓名">{user.displayName}</Descriptions.Item>
        <Descriptions.Item label="手机号">{user.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="创建时间">{dayjs(user.createdAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
        <Descriptions.Item label="状态" span={2}>
          <UserFlags user={user} />
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        角色与范围
      </Typography.Title>
      <AssignmentList userId={user.id} canUpdate={canUpdate} />
      {canUpdate && user.active && <AddAssignmentForm userId={user.id} />}
      {dialog === 'deactivate' && <DeactivateModal user={user} onClose={() => setDialog(null)} />}
      {dialog === 'handover' && <HandoverModal user={user} onClose={() => setDialog(null)} />}
    </Drawer>
  );
}
