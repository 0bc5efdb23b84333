import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  LedgerCatalogueSchema,
  LedgerExportQuerySchema,
  LedgerKindParamsSchema,
  LedgerPageSchema,
  LedgerQuerySchema,
} from '@anzhi/contracts/ledgers';
import type { Deps } from '../../platform/deps';
import { attachmentDisposition } from '../../platform/excel/content-disposition';
import { xlsxMime } from '../../platform/excel/excel.service';
import { actorOf, requireAuth } from '../../platform/http/access';
import { exportLedger, ledgerCatalogueDto, ledgerPage } from './ledgers.service';

export function ledgersRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['台账'];
  const read = { access: { permission: 'ledger.read' as const } };
  return async (app) => {
    app.get(
      '/ledgers',
      {
        config: read,
        schema: { tags, summary: '八本台账目录', response: { 200: LedgerCatalogueSchema } },
      },
      async () => ledgerCatalogueDto(),
    );
    app.get(
      '/ledgers/:kind',
      {
        config: read,
        schema: {
          tags,
          summary: '台账分页查看（按月份、乡镇、安置点；已确认月份读取月末快照）',
          params: LedgerKindParamsSchema,
          querystring: LedgerQuerySchema,
          response: { 200: LedgerPageSchema },
        },
      },
      async (req) => ledgerPage(deps, requireAuth(req), req.params.kind, req.query),
    );
    app.get(
      '/ledgers/:kind/export',
      {
        config: { access: { permission: 'ledger.export' } },
        schema: {
          tags,
          summary: '导出台账工作簿（一张工作表，或每个乡镇、每个安置点一张；身份证号、电话脱敏）',
          params: LedgerKindParamsSchema,
          querystring: LedgerExportQuerySchema,
        },
      },
      async (req, reply) => {
        const file = await exportLedger(deps, requireAuth(req), actorOf(req), req.params.kind, req.query);
        return reply
          .type(xlsxMime)
          .header('content-disposition', attachmentDisposition(file.filename, file.asciiFilename))
          .header('cache-control', 'no-store')
          .send(file.stream);
      },
    );
  };
}
