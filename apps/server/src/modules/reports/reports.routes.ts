import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MonthlyReportQuerySchema } from '@anzhi/contracts/ledgers';
import type { Deps } from '../../platform/deps';
import { actorOf, requireAuth } from '../../platform/http/access';
import { monthlyReport } from './monthly-report.service';

export function reportsRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/reports/monthly',
      {
        config: { access: { permission: 'ledger.read' } },
        schema: {
          tags: ['台账'],
          summary: '月度报告（可打印页面，A4 横向，可另存为 PDF）：主要指标、规则结果、逾期任务、较上月变化，分乡镇',
          querystring: MonthlyReportQuerySchema,
        },
      },
      async (req, reply) => {
        const html = await monthlyReport(deps, requireAuth(req), actorOf(req), req.query.month);
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
      },
    );
  };
}
