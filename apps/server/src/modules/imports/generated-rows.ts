import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { generateHouseholds } from '../../demo/generator/registry-generator';
import { divisions, sites } from '../org/org.table';
import { rowsOfHousehold, type PlaceNames, type SheetValues } from './sample-workbook';

/**
 * Registry workbook rows of generated households (the registry generator, deterministic from the seed) at the
 * given sites and in the county's villages, written as counties write places (names, "乡镇名村名").
 */
export async function generatedRows(
  ex: Executor,
  opts: { countyCode: string; siteIds: string[]; households: number; seed: number; firstNumber?: number; asOf: string },
): Promise<{ rows: () => Generator<SheetValues>; households: number }> {
  const divs = await ex
    .select({
      code: divisions.code,
      name: divisions.name,
      shortName: divisions.shortName,
      level: divisions.level,
      parentCode: divisions.parentCode,
    })
    .from(divisions)
    .where(eq(divisions.countyCode, opts.countyCode));
  const siteRows = await ex
    .select({ id: sites.id, name: sites.name, townshipCode: sites.townshipCode })
    .from(sites)
    .where(and(eq(sites.countyCode, opts.countyCode), inArray(sites.id, opts.siteIds)));
  const byCode = new Map(divs.map((d) => [d.code, d]));
  const villages = divs.filter((d) => d.level === 'village' && d.parentCode);
  const names: PlaceNames = {
    siteName: (id) => siteRows.find((s) => s.id === id)!.name,
    townshipOfSite: (id) => siteRows.find((s) => s.id === id)!.townshipCode,
    townshipName: (code) => byCode.get(code)!.name,
    townshipOfVillage: (code) => byCode.get(code)!.parentCode!,
    villageText: (code) => {
      const v = byCode.get(code)!;
      return `${byCode.get(v.parentCode!)!.name}${v.name}`;
    },
  };
  function* rows(): Generator<SheetValues> {
    for (const h of generateHouseholds({
      seed: opts.seed,
      households: opts.households,
      countyCode: opts.countyCode.slice(0, 6),
      sites: siteRows.map((s) => ({ id: s.id, townshipCode: s.townshipCode })),
      villages: villages.map((v) => ({ code: v.code, townshipCode: v.parentCode! })),
      asOf: opts.asOf,
      ...(opts.firstNumber ? { firstNumber: opts.firstNumber } : {}),
    })) {
      yield* rowsOfHousehold(h, names);
    }
  }
  return { rows, households: opts.households };
}
