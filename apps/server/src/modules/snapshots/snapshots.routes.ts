import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SnapshotListSchema, SnapshotQuerySchema } from '@anzhi/contracts/ledgers';
import type { Deps } from '../../platform/deps';
import { requireAuth } from '../../platform/http/access';
import { listSnapshots } from './snapshots.service';

export function snapshotsRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/snapshots',
      {
        config: { access: { permission: 'ledger.read' } },
        schema: {
          tags: ['台账'],
          summary: '月末快照（乡镇月度确认或次月4日自动冻结；含冻结的台账行数和指标）',
          querystring: SnapshotQuerySchema,
          response: { 200: SnapshotListSchema },
        },
      },
      async (req) => listSnapshots(deps, requireAuth(req), req.query),
    );
  };
}
