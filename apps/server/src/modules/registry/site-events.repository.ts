import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { sites } from '../org/org.table';

export type SiteRow = typeof sites.$inferSelect;

export async function findSite(ex: Executor, id: string): Promise<SiteRow | undefined> {
  const [row] = await ex.select().from(sites).where(eq(sites.id, id)).limit(1);
  return row;
}

export async function setSiteClosed(
  ex: Executor,
  id: string,
  v: { closedOn: string; mergedIntoSiteId: string | null },
  now: Date,
): Promise<void> {
  await ex
    .update(sites)
    .set({ ...v, status: 'closed', updatedAt: now })
    .where(eq(sites.id, id));
}
