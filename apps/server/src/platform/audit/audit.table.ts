import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { AuditEntity } from '@anzhi/contracts/audit';

/**
 * One row per write transaction. chain_position, prev_hash and hash are null until the sealing job
 * appends the event to the hash chain (decisions.md, audit).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    ip: text('ip'),
    requestId: text('request_id'),
    action: text('action').notNull(),
    entities: jsonb('entities').$type<AuditEntity[]>().notNull(),
    chainPosition: bigint('chain_position', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
    sealedAt: timestamp('sealed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('audit_events_chain_position_uq').on(t.chainPosition),
    index('audit_events_occurred_idx').on(t.occurredAt),
    index('audit_events_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_events_action_idx').on(t.action, t.occurredAt),
    // Containment queries by target (a household's timeline: entities @> '[{"type":"household","id":…}]').
    index('audit_events_entities_gin').using('gin', t.entities.op('jsonb_path_ops')),
    index('audit_events_unsealed_idx')
      .on(t.occurredAt)
      .where(sql`chain_position is null`),
  ],
);
