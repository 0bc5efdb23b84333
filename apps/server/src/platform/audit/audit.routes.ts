import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditEventSchema, AuditQuerySchema } from '@anzhi/contracts/audit';
import { PageSchema } from '@anzhi/contracts/common';
import type { Deps } from '../deps';
import { verifyAuditChain } from './audit-chain';
import { listAuditEvents } from './audit.repository';

const VerdictSchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  unsealed: z.number(),
  firstBroken: z.object({ id: z.string().nullable(), position: z.number(), reason: z.string() }).optional(),
});

export function auditRoutes(deps: Deps): FastifyPluginAsyncZod {
  const tags = ['审计'];
  return async (app) => {
    app.get(
      '/audit-events',
      {
        config: { access: { permission: 'audit.read' } },
        schema: {
          tags,
          summary: '审计事件（按用户、对象、操作、时间筛选）',
          querystring: AuditQuerySchema,
          response: { 200: PageSchema(AuditEventSchema) },
        },
      },
      async (req) => {
        const { items, total } = await listAuditEvents(deps.db, req.query);
        return {
          items: items.map((e) => ({
            id: e.id,
            occurredAt: e.occurredAt.toISOString(),
            actorId: e.actorId,
            actorName: e.actorName,
            ip: e.ip,
            requestId: e.requestId,
            action: e.action,
            entities: e.entities,
            chainPosition: e.chainPosition,
          })),
          total,
          page: req.query.page,
          pageSize: req.query.pageSize,
        };
      },
    );

    app.post(
      '/audit-events/verify',
      {
        config: { access: { permission: 'audit.verify' } },
        schema: { tags, summary: '校验审计哈希链', response: { 200: VerdictSchema } },
      },
      async () => verifyAuditChain(deps.db),
    );
  };
}
