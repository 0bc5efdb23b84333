import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  CompletionQuerySchema,
  MonthCloseInputSchema,
  MonthCloseListSchema,
  MonthCloseQuerySchema,
  MonthCloseSchema,
  MonthReopenInputSchema,
  PendingListSchema,
  PendingQuerySchema,
  RevisitCompletionSchema,
  RevisitInputSchema,
  RevisitQuerySchema,
  RevisitSchema,
} from '@anzhi/contracts/revisits';
import type { Deps } from '../../platform/deps';
import { attachmentDisposition } from '../../platform/excel/content-disposition';
import { xlsxMime } from '../../platform/excel/excel.service';
import { attachmentAccess } from '../../platform/files/attachment-access';
import { actorOf, requireAuth } from '../../platform/http/access';
import { closeMonth, listMonthClosesInScope, reopenMonth } from './month-close.service';
import { revisitLedger } from './revisit-ledger.service';
import {
  createRevisit,
  getRevisit,
  listRevisitsInScope,
  pendingHouseholds,
  revisitCompletion,
} from './revisits.service';

const IdParams = z.object({ id: z.uuid('编号格式不正确') });

attachmentAccess.register('revisit', async (auth, id, deps) => {
  try {
    await getRevisit(deps, auth, id);
    return true;
  } catch {
    return false;
  }
});

export function revisitsRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['每月回访'];
  const read = { access: { permission: 'revisit.read' as const } };
  return async (app) => {
    app.get(
      '/revisits',
      {
        config: read,
        schema: {
          tags,
          summary: '回访记录（按月份、安置点、乡镇、搬迁户筛选，限本人范围）',
          querystring: RevisitQuerySchema,
          response: { 200: PageSchema(RevisitSchema) },
        },
      },
      async (req) => listRevisitsInScope(deps, requireAuth(req), req.query),
    );
    app.post(
      '/revisits',
      {
        config: { access: { permission: 'revisit.write' } },
        schema: {
          tags,
          summary: '登记每月回访（客户端生成 id，重复提交不会重复登记；可同时登记新增成员、死亡、健康和就业变化）',
          body: RevisitInputSchema,
          response: { 200: RevisitSchema, 201: RevisitSchema },
        },
      },
      async (req, reply) => {
        const { revisit, created } = await createRevisit(deps, requireAuth(req), actorOf(req), req.body);
        return reply.code(created ? 201 : 200).send(revisit);
      },
    );
    app.get(
      '/revisits/completion',
      {
        config: read,
        schema: {
          tags,
          summary: '某月回访完成率（按安置点、乡镇、全县；户数按当月安置事实）',
          querystring: CompletionQuerySchema,
          response: { 200: RevisitCompletionSchema },
        },
      },
      async (req) => revisitCompletion(deps, requireAuth(req), req.query.month),
    );
    app.get(
      '/revisits/pending',
      {
        config: read,
        schema: {
          tags,
          summary: '某月未回访的搬迁户',
          querystring: PendingQuerySchema,
          response: { 200: PendingListSchema },
        },
      },
      async (req) => pendingHouseholds(deps, requireAuth(req), req.query),
    );
    app.get(
      '/revisits/ledger.xlsx',
      {
        config: read,
        schema: { tags, summary: '每月回访台账（未回访的户列在最后）', querystring: PendingQuerySchema },
      },
      async (req, reply) => {
        const file = await revisitLedger(deps, requireAuth(req), actorOf(req), req.query);
        return reply
          .type(xlsxMime)
          .header('content-disposition', attachmentDisposition(file.filename, file.asciiFilename))
          .header('cache-control', 'no-store')
          .send(file.stream);
      },
    );
    app.get(
      '/revisits/:id',
      {
        config: read,
        schema: { tags, summary: '一条回访记录', params: IdParams, response: { 200: RevisitSchema } },
      },
      async (req) => getRevisit(deps, requireAuth(req), req.params.id),
    );
    app.get(
      '/month-closes',
      {
        config: read,
        schema: {
          tags,
          summary: '乡镇月度确认情况',
          querystring: MonthCloseQuerySchema,
          response: { 200: MonthCloseListSchema },
        },
      },
      async (req) => listMonthClosesInScope(deps, requireAuth(req), req.query),
    );
    app.post(
      '/month-closes',
      {
        config: { access: { permission: 'month.close' } },
        schema: {
          tags,
          summary: '乡镇月度确认（关账）：之后不能再登记该月回访',
          body: MonthCloseInputSchema,
          response: { 201: MonthCloseSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await closeMonth(deps, requireAuth(req), actorOf(req), req.body)),
    );
    app.post(
      '/month-closes/:id/reopen',
      {
        config: { access: { permission: 'month.reopen' } },
        schema: {
          tags,
          summary: '县级重新打开已确认的月份（填写原因，留痕）',
          params: IdParams,
          body: MonthReopenInputSchema,
          response: { 200: MonthCloseSchema },
        },
      },
      async (req) => reopenMonth(deps, requireAuth(req), actorOf(req), req.params.id, req.body.reason),
    );
  };
}
