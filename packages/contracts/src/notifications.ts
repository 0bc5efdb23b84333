import { z } from 'zod';
import { PageQuerySchema } from './common';

export const NotificationSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  /** The feature that sent it (e.g. 'revisits'). */
  source: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = PageQuerySchema.extend({
  unreadOnly: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

/** What the header bell shows. */
export const UnreadCountSchema = z.object({
  unread: z.number(),
  inboxOpen: z.number(),
  inboxOverdue: z.number(),
});
export type UnreadCount = z.infer<typeof UnreadCountSchema>;

export const ReadAllResultSchema = z.object({ marked: z.number() });

export const inboxStatuses = ['open', 'done'] as const;
export type InboxStatus = (typeof inboxStatuses)[number];

/** One entry of 我的待办: something due, posted by a feature. */
export const InboxItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  dueAt: z.string().nullable(),
  /** Computed from the server clock: open and past its due instant. */
  overdue: z.boolean(),
  link: z.string().nullable(),
  source: z.string(),
  sourceRef: z.string(),
  status: z.enum(inboxStatuses),
  doneAt: z.string().nullable(),
  createdAt: z.string(),
  abilities: z.object({ markDone: z.boolean() }),
});
export type InboxItem = z.infer<typeof InboxItemSchema>;

export const InboxQuerySchema = PageQuerySchema.extend({
  status: z.enum(inboxStatuses, '状态应为 open 或 done').default('open'),
});
export type InboxQuery = z.infer<typeof InboxQuerySchema>;

/** Path parameter of /notifications/:id and /inbox/:id. */
export const ItemIdParamsSchema = z.object({ id: z.uuid('编号不正确') });

export const InboxDemoResultSchema = z.object({ inboxItems: z.number(), notifications: z.number() });

/** Chinese names of the sending features, shown as 来源 in the UI; features add theirs here. */
export const notificationSourceLabels: Record<string, string> = {
  demo: '示例',
  'demo.revisit': '示例 · 回访',
  'demo.ledger': '示例 · 台账',
  'demo.monitor': '示例 · 监测预警',
  'demo.report': '示例 · 工作报送',
  'demo.task': '示例 · 部门任务',
  'demo.site': '示例 · 安置点',
  'demo.land': '示例 · 旧房复垦',
  'demo.policy': '示例 · 政策信息',
  'demo.system': '示例 · 系统管理',
  'demo.backup': '示例 · 备份',
  'demo.jobs': '示例 · 后台任务',
  'demo.audit': '示例 · 审计',
  'registry.r23': '安置住房20年禁售（整改）',
};

export function sourceLabel(source: string): string {
  return notificationSourceLabels[source] ?? source;
}
