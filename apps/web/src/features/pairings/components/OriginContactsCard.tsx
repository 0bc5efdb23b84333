import type { OriginContact } from '@anzhi/contracts/pairings';
import { uuidv7 } from '@anzhi/domain/ids';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { FormModal } from '../../../components/FormModal';
import { SiteSelect } from '../../sites/components/SiteSelect';
import { useCreateOriginContact, useDeleteOriginContact, useOriginContacts } from '../api';

interface ContactValues {
  name: string;
  villageCode: string;
  position: string;
  phone: string;
}

function ContactModal({ siteId, onClose }: { siteId: string; onClose: () => void }) {
  const [form] = Form.useForm<ContactValues>();
  const [clientId] = useState(() => uuidv7());
  const create = useCreateOriginContact();
  return (
    <FormModal<ContactValues>
      form={form}
      title="新增迁出地村干部联系人"
      okText="保存"
      mutation={create}
      initialValues={{ name: '', position: '', phone: '' }}
      onFinish={(v) =>
        create.mutate(
          { id: clientId, siteId, ...v, phone: v.phone || undefined },
          {
            onSuccess: () => {
              notifySuccess('已保存联系人');
              onClose();
            },
          },
        )
      }
      onClose={onClose}
    >
      <Form.Item label="姓名" name="name" rules={[{ required: true, message: '请填写姓名' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item label="迁出村" name="villageCode" rules={[{ required: true, message: '请选择迁出村' }]}>
        <DivisionSelect selectable="village" />
      </Form.Item>
      <Form.Item label="职务" name="position">
        <Input maxLength={50} placeholder="如：村支书、村委会主任" />
      </Form.Item>
      <Form.Item label="联系电话" name="phone">
        <Input maxLength={20} />
      </Form.Item>
    </FormModal>
  );
}

/** A site's contact list of origin-village cadres (phones masked). */
export function OriginContactsCard({ canManage }: { canManage: boolean }) {
  const [siteId, setSiteId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const contacts = useOriginContacts(siteId);
  const remove = useDeleteOriginContact();
  return (
    <Card
      title="迁出地村干部联系表"
      style={{ marginTop: 16 }}
      extra={
        <Space>
          <SiteSelect value={siteId} onChange={setSiteId} />
          {canManage && siteId && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              新增联系人
            </Button>
          )}
        </Space>
      }
    >
      <ApiErrorAlert error={contacts.error ?? remove.error} />
      <Table<OriginContact>
        rowKey="id"
        size="small"
        loading={siteId !== null && contacts.isPending}
        dataSource={contacts.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={siteId ? '尚无联系人' : '请先选择安置点'} /> }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 120 },
          { title: '迁出村', dataIndex: 'villageName', width: 180 },
          { title: '职务', dataIndex: 'position', width: 140 },
          { title: '联系电话', dataIndex: 'phone', width: 140, render: (p: string | null) => p ?? '—' },
          ...(canManage
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 80,
                  render: (_: unknown, c: OriginContact) => (
                    <Popconfirm title="删除该联系人？" onConfirm={() => remove.mutate(c.id)}>
                      <Typography.Link type="danger">删除</Typography.Link>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding && siteId && <ContactModal siteId={siteId} onClose={() => setAdding(false)} />}
    </Card>
  );
}
