import { CheckOutlined, ExperimentOutlined } from '@ant-design/icons';
import type { InboxItem, InboxStatus } from '@anzhi/contracts/notifications';
import { sourceLabel } from '@anzhi/contracts/notifications';
import { Button, Card, Space, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { notifySuccess } from '../../../api/feedback';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { PagedTable } from '../../../components/PagedTable';
import { Watermark } from '../../../components/Watermark';
import { useInbox, useMarkInboxItemDone, usePostInboxDemo } from '../hooks/useNotifications';
import { formatDeadline } from '@anzhi/domain/periods';
import { formatLocalDateTime } from '../time';

const overdueRowStyle = { background: '#fff1f0' };

/** `/inbox` 我的待办: what features ask of the user, by due date; overdue rows in red. */
export function InboxPage() {
  const [status, setStatus] = useState<InboxStatus>('open');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const inbox = useInbox({ status, page, pageSize });
  const markDone = useMarkInboxItemDone();
  const demo = usePostInboxDemo();

  const columns: TableColumnsType<InboxItem> = [
    {
      title: '待办事项',
      dataIndex: 'title',
      render: (title: string, item) => (
        <Space size={8}>
          {item.link !== null && item.link.startsWith('/') ? <Link to={item.link}>{title}</Link> : title}
          {item.overdue && (
            <Tag color="red" data-testid="inbox-overdue">
              逾期
            </Tag>
          )}
        </Space>
      ),
    },
    { title: '来源', dataIndex: 'source', width: 160, render: (source: string) => sourceLabel(source) },
    {
      title: '截止时间',
      dataIndex: 'dueAt',
      width: 170,
      render: (dueAt: string | null, item) =>
        dueAt === null ? (
          '—'
        ) : (
          <Typography.Text type={item.overdue ? 'danger' : undefined}>{formatDeadline(dueAt)}</Typography.Text>
        ),
    },
    status === 'open'
      ? {
          title: '操作',
          key: 'actions',
          width: 100,
          render: (_: unknown, item) =>
            item.abilities.markDone && (
              <Button
                size="small"
                icon={<CheckOutlined />}
                loading={markDone.isPending && markDone.variables === item.id}
                onClick={() => markDone.mutate(item.id, { onSuccess: () => notifySuccess('已完成') })}
                data-testid="inbox-done"
              >
                完成
              </Button>
            ),
        }
      : {
          title: '完成时间',
          dataIndex: 'doneAt',
          width: 170,
          render: (doneAt: string | null) => (doneAt === null ? '—' : formatLocalDateTime(doneAt)),
        },
  ];

  return (
    <Watermark>
      <Card
        title="我的待办"
        extra={
          <Button
            icon={<ExperimentOutlined />}
            loading={demo.isPending}
            onClick={() => demo.mutate(undefined, { onSuccess: () => notifySuccess('已生成示例待办和通知') })}
            data-testid="inbox-demo"
          >
            生成示例待办
          </Button>
        }
      >
        <Tabs
          activeKey={status}
          onChange={(key) => {
            setStatus(key === 'done' ? 'done' : 'open');
            setPage(1);
          }}
          items={[
            { key: 'open', label: '待办' },
            { key: 'done', label: '已完成' },
          ]}
        />
        <ApiErrorAlert error={inbox.error} />
        <PagedTable<InboxItem>
          rowKey="id"
          columns={columns}
          query={inbox}
          page={page}
          pageSize={pageSize}
          onPageChange={(change) => {
            setPage(change.page);
            if (change.pageSize !== undefined) setPageSize(change.pageSize);
          }}
          unitLabel="项"
          emptyText={status === 'open' ? '暂无待办，所有事项都已完成' : '暂无已完成的待办'}
          onRow={(item) => (item.overdue ? { style: overdueRowStyle } : {})}
          data-testid="inbox-table"
        />
      </Card>
    </Watermark>
  );
}
