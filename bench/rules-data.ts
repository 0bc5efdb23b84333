/**
 * The rules and dashboard benchmarks' data: the registry benchmark's database (bench/registry-fixture.ts) loaded
 * with N generated persons, revisits for about two households in three in the benchmark month, and a few month
 * closes; plus server deps over it (a fixed clock ten days after the month).
 */
import { sql } from 'drizzle-orm';
import { fixedClock } from '@anzhi/domain/periods';
import { loadConfig } from '../apps/server/src/config';
import { generateHouseholds } from '../apps/server/src/demo/generator/registry-generator';
import { loadGenerated } from '../apps/server/src/modules/registry/registry-load';
import type { Deps } from '../apps/server/src/platform/deps';
import { dec, log } from './lib';
import { benchCountyCode, openRegistryBenchDatabase, type RegistryBenchDatabase } from './registry-fixture';

export const benchMonth = '2022-12';

export interface RulesBenchData extends RegistryBenchDatabase {
  deps: Deps;
  households: number;
  persons: number;
  sites: number;
}

const silentLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  fatal: () => undefined,
  child: () => silentLog,
  level: 'silent',
  silent: () => undefined,
} as unknown as Deps['log'];

export async function openRulesBenchData(persons: number): Promise<RulesBenchData> {
  // About one site per 333 persons (issue 9: ≈ 3,000 sites for 1,000,000 persons).
  const fixture = await openRegistryBenchDatabase(undefined, { sites: Math.round(persons / 333) });
  try {
    const { database, cipher, siteRefs, villages } = fixture;
    const households = Math.round(persons / 3.6);
    log(`生成并写入约 ${persons} 人（${households} 户，${siteRefs.length} 个安置点）…`);
    const t0 = performance.now();
    const counts = await loadGenerated(
      { db: database.db, cipher, countyCode: benchCountyCode, now: new Date('2023-01-10T02:00:00Z') },
      generateHouseholds({ seed: 20221231, households, countyCode: benchCountyCode, sites: siteRefs, villages }),
    );
    log(`写入 ${counts.households} 户 ${counts.persons} 人，${dec((performance.now() - t0) / 1000, 1)} 秒`);
    await database.db.execute(sql`insert into revisits (id, county_code, household_id, month, visit_date, method,
        visitor_name, site_id, township_code, changes, situations, risk_signals, registry_changes)
      select gen_random_uuid(), ${benchCountyCode}, hp.household_id, ${benchMonth},
        ('2022-12-' || lpad((get_byte(uuid_send(hp.household_id), 14) % 28 + 1)::text, 2, '0'))::date, '入户', '回访员',
        hp.site_id, coalesce(s.township_code, dv.parent_code), '{}'::jsonb, '{}'::jsonb, '[]'::jsonb, '[]'::jsonb
      from household_placement hp left join sites s on s.id = hp.site_id
      left join divisions dv on dv.code = hp.destination_village_code
      where hp.valid_to is null and get_byte(uuid_send(hp.household_id), 15) % 3 <> 0`);
    await database.db.execute(sql`analyze`);
    const config = { ...loadConfig({ LOG_LEVEL: 'silent', DEMO: '0' }), countyCode: benchCountyCode };
    const deps: Deps = {
      config,
      database,
      db: database.db,
      clock: fixedClock('2023-01-10T02:00:00Z'),
      cipher,
      log: silentLog,
    };
    return { ...fixture, deps, households: counts.households, persons: counts.persons, sites: siteRefs.length };
  } catch (error) {
    await fixture.release();
    throw error;
  }
}
