import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  InboxDemoResultSchema,
  InboxItemSchema,
  InboxQuerySchema,
  ItemIdParamsSchema,
  NotificationListQuerySchema,
  NotificationSchema,
  ReadAllResultSchema,
  UnreadCountSchema,
} from '@anzhi/contracts/notifications';
import type { Deps } from '../deps';
import { actorOf, requireAuth } from '../http/access';
import {
  listMyInbox,
  listMyNotifications,
  markMyInboxItemDone,
  postDemoItems,
  readAllNotifications,
  readNotification,
  unreadCount,
} from './notifications.service';

/** Everyone reads and handles their own notifications and inbox: signed in is enough, rows are the user's own. */
export function notificationsRoutes(deps: Deps): FastifyPluginAsyncZod {
  const own = { access: { signedIn: true as const } };
  return async (app) => {
    const tags = ['通知'];
    app.get(
      '/notifications',
      {
        config: own,
        schema: {
          tags,
          summary: '我的通知（未读在前）',
          querystring: NotificationListQuerySchema,
          response: { 200: PageSchema(NotificationSchema) },
        },
      },
      async (req) => listMyNotifications(deps, requireAuth(req), req.query),
    );
    app.get(
      '/notifications/unread-count',
      { config: own, schema: { tags, summary: '未读通知数与待办数', response: { 200: UnreadCountSchema } } },
      async (req) => unreadCount(deps, requireAuth(req)),
    );
    app.post(
      '/notifications/read-all',
      { config: own, schema: { tags, summary: '全部标为已读', response: { 200: ReadAllResultSchema } } },
      async (req) => readAllNotifications(deps, requireAuth(req), actorOf(req)),
    );
    app.post(
      '/notifications/:id/read',
      { config: own, schema: { tags, summary: '标为已读', params: ItemIdParamsSchema } },
      async (req, reply) => {
        await readNotification(deps, requireAuth(req), actorOf(req), req.params.id);
        return reply.status(204).send();
      },
    );

    const inboxTags = ['我的待办'];
    app.get(
      '/inbox',
      {
        config: own,
        schema: {
          tags: inboxTags,
          summary: '我的待办（按到期时间排序）',
          querystring: InboxQuerySchema,
          response: { 200: PageSchema(InboxItemSchema) },
        },
      },
      async (req) => listMyInbox(deps, requireAuth(req), req.query),
    );
    app.post(
      '/inbox/demo',
      {
        config: own,
        schema: { tags: inboxTags, summary: '生成示例待办与通知（演示用）', response: { 200: InboxDemoResultSchema } },
      },
      async (req) => postDemoItems(deps, requireAuth(req), actorOf(req)),
    );
    app.post(
      '/inbox/:id/done',
      {
        config: own,
        schema: {
          tags: inboxTags,
          summary: '完成待办',
          params: ItemIdParamsSchema,
          response: { 200: InboxItemSchema },
        },
      },
      async (req) => markMyInboxItemDone(deps, requireAuth(req), actorOf(req), req.params.id),
    );
  };
}
