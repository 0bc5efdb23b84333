import { z } from 'zod';
import { PageQuerySchema } from './common';

export const AuditQuerySchema = z
  .object({
    userId: z.uuid().optional(),
    entityType: z.string().max(64).optional(),
    entityId: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .extend(PageQuerySchema.shape);
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEntitySchema = z.object({
  type: z.string(),
  id: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntity = z.infer<typeof AuditEntitySchema>;

export const AuditEventSchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string(),
  entities: z.array(AuditEntitySchema),
  chainPosition: z.number().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
