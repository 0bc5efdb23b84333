import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import type { SiteRef } from '../org/scope';
import { divisionAliases, divisions, sites } from '../org/org.table';
import { matchKey } from './registry-columns';

/*
 * Places as people write them (ledgers.md): 乡镇 and 安置点 by name, villages as township + village
 * (`珠坑乡塘台村`). Names match the division's full or short name, with or without the 村委会 / 居委会 /
 * 社区居民委员会 ending; old township names go through the division alias table (岩岭乡 → 赣江源镇).
 * The county's divisions and sites are loaded once per job.
 */

export interface ResolvedSite extends SiteRef {
  name: string;
}

export interface PlaceIndex {
  township(name: string): { code: string } | 'none' | 'ambiguous';
  village(text: string, townshipCode?: string | null): { code: string; townshipCode: string } | 'none' | 'ambiguous';
  site(name: string): ResolvedSite | 'none' | 'ambiguous';
  /** The division's name (for showing a stored code), or the code itself when unknown. */
  nameOf(code: string): string;
}

const villageEndings = /(社区居民委员会|村民委员会|居民委员会|村委会|居委会|社区|村)$/;
const stem = (s: string) => matchKey(s).replace(villageEndings, '');

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) {
    if (!list.includes(v)) list.push(v);
  } else m.set(k, [v]);
}

const one = <T>(list: T[] | undefined): T | 'none' | 'ambiguous' =>
  !list || list.length === 0 ? 'none' : list.length > 1 ? 'ambiguous' : list[0]!;

export async function loadPlaceIndex(ex: Executor, countyCode: string): Promise<PlaceIndex> {
  const rows = await ex
    .select({
      code: divisions.code,
      name: divisions.name,
      shortName: divisions.shortName,
      level: divisions.level,
      parentCode: divisions.parentCode,
    })
    .from(divisions)
    .where(eq(divisions.countyCode, countyCode));
  const aliases = await ex
    .select({ alias: divisionAliases.alias, code: divisionAliases.divisionCode })
    .from(divisionAliases);
  const siteRows = await ex
    .select({ id: sites.id, name: sites.name, townshipCode: sites.townshipCode, urbanCommunity: sites.urbanCommunity })
    .from(sites)
    .where(and(eq(sites.countyCode, countyCode), eq(sites.status, 'active')));

  const level = new Map(rows.map((r) => [r.code, r]));
  const townships = new Map<string, string[]>();
  const villagesByStem = new Map<string, string[]>();
  const villagesByName = new Map<string, string[]>();
  for (const r of rows) {
    if (r.level === 'township') {
      push(townships, matchKey(r.name), r.code);
      push(townships, matchKey(r.shortName), r.code);
    } else if (r.level === 'village') {
      push(villagesByStem, stem(r.name), r.code);
      push(villagesByStem, stem(r.shortName), r.code);
      push(villagesByName, matchKey(r.name), r.code);
      push(villagesByName, matchKey(r.shortName), r.code);
    }
  }
  for (const a of aliases) {
    const target = level.get(a.code);
    if (target?.level === 'township') push(townships, matchKey(a.alias), a.code);
    if (target?.level === 'village') push(villagesByStem, stem(a.alias), a.code);
  }
  const townshipNames = [...townships.keys()].sort((x, y) => y.length - x.length);
  const sitesByName = new Map<string, ResolvedSite[]>();
  for (const s of siteRows) push(sitesByName, matchKey(s.name), s);

  const villageUnder = (villageText: string, townshipCode: string | null) => {
    const under = (codes: string[] | undefined) =>
      (codes ?? []).filter((code) => townshipCode === null || level.get(code)?.parentCode === townshipCode);
    // The name as written first ("赣江源社区" vs "赣江源村"), then without the 村/社区/委员会 ending.
    const exact = under(villagesByName.get(matchKey(villageText)));
    const v = one(exact.length > 0 ? exact : under(villagesByStem.get(stem(villageText))));
    return v === 'none' || v === 'ambiguous' ? v : { code: v, townshipCode: level.get(v)?.parentCode ?? '' };
  };

  return {
    township(name) {
      const t = one(townships.get(matchKey(name)));
      return t === 'none' || t === 'ambiguous' ? t : { code: t };
    },
    village(text, townshipCode) {
      const key = matchKey(text);
      // "珠坑乡塘台村": the longest township name (or alias) it starts with, then the village under it.
      const prefix = townshipNames.find((n) => key.startsWith(n) && key.length > n.length);
      if (prefix) {
        const t = one(townships.get(prefix));
        if (t !== 'none' && t !== 'ambiguous') {
          const v = villageUnder(key.slice(prefix.length), t);
          if (v !== 'none') return v;
        }
      }
      return villageUnder(key, townshipCode ?? null);
    },
    site(name) {
      return one(sitesByName.get(matchKey(name)));
    },
    nameOf(code) {
      return level.get(code)?.name ?? code;
    },
  };
}
