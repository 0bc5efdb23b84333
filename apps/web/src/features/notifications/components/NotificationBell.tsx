import { BellOutlined } from '@ant-design/icons';
import type { Notification } from '@anzhi/contracts/notifications';
import { sourceLabel } from '@anzhi/contracts/notifications';
import { Badge, Button, Divider, Empty, Flex, Popover, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useRecentNotifications,
  useUnreadCount,
} from '../hooks/useNotifications';
import { formatLocalDateTime } from '../time';

interface NotificationRowProps {
  item: Notification;
  onOpen: (item: Notification) => void;
}

function NotificationRow({ item, onOpen }: NotificationRowProps) {
  const unread = item.readAt === null;
  return (
    <div
      role="button"
      tabIndex={0}
      data-testid="notification-item"
      data-unread={unread}
      onClick={() => onOpen(item)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen(item);
      }}
      style={{
        cursor: 'pointer',
        padding: '8px 12px',
        borderRadius: 6,
        background: unread ? '#e6f4ff' : undefined,
      }}
    >
      <Flex justify="space-between" gap={8}>
        <Typography.Text strong={unread} ellipsis>
          {item.title}
        </Typography.Text>
        <Tag style={{ marginInlineEnd: 0 }}>{sourceLabel(item.source)}</Tag>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} ellipsis={{ rows: 2 }}>
        {item.body}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatLocalDateTime(item.createdAt)}
      </Typography.Text>
    </div>
  );
}

/** The header bell: unread count (polled every 60 s); a click opens the recent notifications. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const count = useUnreadCount();
  const recent = useRecentNotifications(open);
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = count.data?.unread ?? 0;

  const openItem = (item: Notification) => {
    if (item.readAt === null) markRead.mutate(item.id);
    if (item.link !== null && item.link.startsWith('/')) {
      setOpen(false);
      void navigate(item.link);
    }
  };

  const content = (
    <div style={{ width: 360 }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>通知</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
          data-testid="notifications-read-all"
        >
          全部标为已读
        </Button>
      </Flex>
      {recent.isPending ? (
        <Spin style={{ display: 'block', margin: '24px auto' }} />
      ) : recent.isError ? (
        <ApiErrorAlert error={recent.error} />
      ) : recent.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
      ) : (
        <Flex vertical gap={4} style={{ maxHeight: 400, overflowY: 'auto' }}>
          {recent.data.items.map((item) => (
            <NotificationRow key={item.id} item={item} onOpen={openItem} />
          ))}
        </Flex>
      )}
      <Divider style={{ margin: '8px 0' }} />
      <Button
        type="link"
        block
        onClick={() => {
          setOpen(false);
          void navigate('/inbox');
        }}
      >
        我的待办
        {count.data && count.data.inboxOpen > 0
          ? `（${count.data.inboxOpen} 项未完成${count.data.inboxOverdue > 0 ? `，${count.data.inboxOverdue} 项逾期` : ''}）`
          : ''}
      </Button>
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen}>
      <Button
        type="text"
        aria-label={unread > 0 ? `通知（${unread} 条未读）` : '通知'}
        data-testid="notification-bell"
        style={{ color: 'rgba(255, 255, 255, 0.85)' }}
        icon={
          <Badge count={unread} size="small" overflowCount={99} data-testid="notification-count">
            <BellOutlined style={{ fontSize: 18, color: 'rgba(255, 255, 255, 0.85)' }} />
          </Badge>
        }
      />
    </Popover>
  );
}
