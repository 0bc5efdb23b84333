import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { PageSchema } from '@anzhi/contracts/common';
import {
  HouseholdExportQuerySchema,
  PersonExportQuerySchema,
  PersonListItemSchema,
  PersonQuerySchema,
  SiteRegistrySummarySchema,
  TimelineSchema,
} from '@anzhi/contracts/registry-views';
import type { Deps } from '../../platform/deps';
import { attachmentDisposition } from '../../platform/excel/content-disposition';
import { xlsxMime, type LedgerDownload } from '../../platform/excel/excel.service';
import { actorOf, requireAuth } from '../../platform/http/access';
import { exportHouseholds, exportPersons } from './registry-export.service';
import { listPersons, siteRegistrySummary } from './registry-lists.service';
import { householdTimeline } from './timeline.service';

const IdParams = z.object({ id: z.uuid('id 格式不正确') });

export function sendWorkbook(reply: FastifyReply, file: LedgerDownload) {
  return reply
    .type(xlsxMime)
    .header('content-disposition', attachmentDisposition(file.filename, file.asciiFilename))
    .header('cache-control', 'no-store')
    .send(file.stream);
}

/** Read views of the registry: the person list, a household's timeline, a site's live counts, the list exports. */
export function registryViewRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { access: { permission: 'household.read' as const } };
    const exporting = { access: { permission: 'household.export' as const } };

    app.get(
      '/persons',
      {
        config: read,
        schema: {
          tags: ['人员'],
          summary: '人员列表（本人范围内各户的当前成员；号码脱敏，显示年龄）',
          querystring: PersonQuerySchema,
          response: { 200: PageSchema(PersonListItemSchema) },
        },
      },
      async (req) => listPersons(deps, requireAuth(req), req.query),
    );
    app.get(
      '/households/:id/timeline',
      {
        config: read,
        schema: {
          tags: ['搬迁户'],
          summary: '搬迁户变更记录（谁、何时、改了什么；号码脱敏）',
          params: IdParams,
          response: { 200: TimelineSchema },
        },
      },
      async (req) => householdTimeline(deps, requireAuth(req), req.params.id),
    );
    app.get(
      '/sites/:id/registry-summary',
      {
        config: read,
        schema: {
          tags: ['安置点'],
          summary: '安置点搬迁户实时统计（户数、人数、户类别、劳动技能、就业）',
          params: IdParams,
          response: { 200: SiteRegistrySummarySchema },
        },
      },
      async (req) => siteRegistrySummary(deps, requireAuth(req), req.params.id),
    );
    app.get(
      '/households/export.xlsx',
      {
        config: exporting,
        schema: {
          tags: ['搬迁户'],
          summary: '导出搬迁户名单（筛选同列表；reveal=1 并填写 reason 导出完整号码，需查看完整号码权限，留痕）',
          querystring: HouseholdExportQuerySchema,
        },
      },
      async (req, reply) =>
        sendWorkbook(reply, await exportHouseholds(deps, requireAuth(req), actorOf(req), req.query)),
    );
    app.get(
      '/persons/export.xlsx',
      {
        config: exporting,
        schema: {
          tags: ['人员'],
          summary: '导出人员名单（筛选同列表；reveal=1 并填写 reason 导出完整号码，需查看完整号码权限，留痕）',
          querystring: PersonExportQuerySchema,
        },
      },
      async (req, reply) => sendWorkbook(reply, await exportPersons(deps, requireAuth(req), actorOf(req), req.query)),
    );
  };
}
