import { and, desc, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditEvents } from '../../platform/audit/audit.table';

/** A person of the household, whose own audit events belong to the household's timeline until `until`. */
export interface TimelinePerson {
  id: string;
  /** End of the person's last membership (exclusive); null while a member. */
  until: Date | null;
}

const contains = (probe: unknown): SQL => sql`${auditEvents.entities} @> ${JSON.stringify([probe])}::jsonb`;

/** Reads that are audited (reveals, exports) are not changes: they stay out of the timeline. */
const reads = ['person.reveal'];

/**
 * Audit events that touched the household: its own entity, any entity whose image names it (members, persons
 * registered with it), and its persons' own events while they belonged to it. Served by the GIN index on
 * `entities` (jsonb_path_ops), newest first.
 */
export async function timelineEvents(ex: Executor, householdId: string, people: TimelinePerson[], limit: number) {
  const byPerson = people.map((p) => {
    const own = contains({ type: 'person', id: p.id });
    return p.until ? and(own, lt(auditEvents.occurredAt, p.until))! : own;
  });
  return ex
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorName: auditEvents.actorName,
      action: auditEvents.action,
      entities: auditEvents.entities,
    })
    .from(auditEvents)
    .where(
      and(
        or(
          contains({ type: 'household', id: householdId }),
          contains({ after: { householdId } }),
          contains({ before: { householdId } }),
          ...byPerson,
        ),
        ...reads.map((a) => ne(auditEvents.action, a)),
      ),
    )
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit);
}
export type TimelineEventRow = Awaited<ReturnType<typeof timelineEvents>>[number];
