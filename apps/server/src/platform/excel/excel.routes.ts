import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../deps';
import { actorOf } from '../http/access';
import { attachmentDisposition } from './content-disposition';
import { exportSampleLedger, xlsxMime } from './excel.service';

export function excelRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['台账'];
  return async (app) => {
    app.get(
      '/ledgers/sample.xlsx',
      {
        config: { access: { permission: 'ledger.export' } },
        schema: { tags, summary: '示例台账（200 户合成数据，展示台账通用版式）' },
      },
      async (req, reply) => {
        const file = await exportSampleLedger(deps, actorOf(req));
        return reply
          .type(xlsxMime)
          .header('content-disposition', attachmentDisposition(file.filename, file.asciiFilename))
          .header('cache-control', 'no-store')
          .send(file.stream);
      },
    );
  };
}
