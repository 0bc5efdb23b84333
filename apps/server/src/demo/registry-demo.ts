import { and, asc, eq } from 'drizzle-orm';
import { localDate } from '@anzhi/domain/periods';
import { generateHouseholds } from './generator/registry-generator';
import type { Tx } from '../db/client';
import { divisions } from '../modules/org/org.table';
import { loadGenerated, type LoadCounts } from '../modules/registry/registry-load';
import type { AuditRecorder } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';
import { demoSites } from './sites';

/** Fixed, so every demo install has the same (synthetic) households. */
export const registryDemoSeed = 20220315;
export const registryDemoHouseholds = 2000;

/**
 * ~2,000 synthetic households (about 7,000 persons) at the demo sites (70 %) and dispersed in the county's real
 * villages (30 %), loaded through the registry's bulk path (encrypted, blind-indexed, set-based inserts).
 * One audit entity with the counts, as for any bulk operation.
 */
export async function loadRegistryDemo(
  tx: Tx,
  deps: Pick<Deps, 'clock' | 'cipher' | 'config'>,
  audit: AuditRecorder,
  siteIds: ReadonlyMap<string, string>,
): Promise<LoadCounts> {
  const countyCode = deps.config.countyCode;
  const villages = await tx
    .select({ code: divisions.code, townshipCode: divisions.parentCode })
    .from(divisions)
    .where(and(eq(divisions.level, 'village'), eq(divisions.countyCode, countyCode)))
    .orderBy(asc(divisions.code));
  const sites = demoSites.flatMap((s) => {
    const id = siteIds.get(s.key);
    return id ? [{ id, townshipCode: s.townshipCode }] : [];
  });
  const now = deps.clock.now();
  const counts = await loadGenerated(
    { db: tx, cipher: deps.cipher, countyCode, now },
    generateHouseholds({
      seed: registryDemoSeed,
      households: registryDemoHouseholds,
      countyCode,
      sites,
      villages: villages.flatMap((v) => (v.townshipCode ? [{ code: v.code, townshipCode: v.townshipCode }] : [])),
      asOf: localDate(now),
    }),
  );
  audit.entity('registry.bulk_load', 'demo', null, { source: '演示数据（合成）', seed: registryDemoSeed, ...counts });
  return counts;
}
