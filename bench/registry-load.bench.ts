/**
 * `registry-load`: the registry's bulk path (`loadGenerated`: encryption and blind index of every ID and phone
 * number, set-based INSERTs of 1,000 rows) loading N generated persons with their households, lands,
 * memberships and employment into PostgreSQL, against a raw `COPY … FROM STDIN` of the same prepared rows into
 * the same tables, in the same run. A temporary database on 127.0.0.1 is created and dropped.
 */
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../apps/server/src/db/client';
import { bulkColumns, type BulkTable } from '../apps/server/src/modules/registry/registry-bulk.repository';
import {
  emptyRows,
  loadGenerated,
  prepareHousehold,
  type BulkHousehold,
  type PreparedRows,
} from '../apps/server/src/modules/registry/registry-load';
import { generateHouseholds } from '../apps/server/src/demo/generator/registry-generator';
import { dec, envInt, figure, log, sig, type Figure } from './lib';
import { benchCountyCode, openRegistryBenchDatabase } from './registry-fixture';

const bench = 'registry-load';
const countyCode = benchCountyCode;
const seed = 20220315;

export const registryOrder: [keyof PreparedRows, BulkTable][] = [
  ['households', 'households'],
  ['lands', 'household_lands'],
  ['persons', 'persons'],
  ['members', 'household_members'],
  ['employment', 'person_employment'],
  ['health', 'person_health'],
  ['labour', 'person_labour'],
  ['placement', 'household_placement'],
];
const order = registryOrder;

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s =
    v instanceof Date
      ? v.toISOString()
      : typeof v === 'boolean'
        ? v
          ? 't'
          : 'f'
        : typeof v === 'string'
          ? v
          : typeof v === 'number'
            ? String(v)
            : JSON.stringify(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** The raw baseline: COPY … FROM STDIN of every prepared row, table by table, 1,000 rows per write. */
export async function copyRows(client: pg.PoolClient, rows: PreparedRows): Promise<void> {
  for (const [key, table] of order) {
    const cols = bulkColumns(table);
    const list = rows[key] as object[];
    const names = cols.map((c) => `"${c.name}"`).join(', ');
    const stream = client.query(copyFrom(`copy ${table} (${names}) from stdin`));
    async function* lines() {
      for (let i = 0; i < list.length; i += 1000) {
        let chunk = '';
        for (const row of list.slice(i, i + 1000)) {
          const r = row as Record<string, unknown>;
          chunk += `${cols.map((c) => copyField(r[c.key])).join('\t')}\n`;
        }
        yield chunk;
      }
    }
    await pipeline(Readable.from(lines()), stream);
  }
}

/** The tables loadGenerated writes (TRUNCATE … CASCADE also empties tables that refer to them, e.g. household events). */
const registryTables = order
  .map(([, table]) => table)
  .reverse()
  .join(', ');

async function tableCounts(database: Database): Promise<number> {
  const [row] = await database.db
    .select({
      n: sql<number>`${sql.raw(order.map(([, table]) => `(select count(*) from ${table})`).join(' + '))}`,
    })
    .from(sql`(select 1) as one`);
  return Number(row?.n ?? 0);
}

/** Generates households until `persons` persons are reached (the last household may go a few over). */
function generateUntil(
  persons: number,
  siteRefs: { id: string; townshipCode: string }[],
  villages: { code: string; townshipCode: string }[],
) {
  const out: BulkHousehold[] = [];
  let n = 0;
  for (const h of generateHouseholds({
    seed,
    households: Math.ceil(persons / 2),
    countyCode,
    sites: siteRefs,
    villages,
    asOf: '2022-12-31',
  })) {
    out.push(h);
    n += h.members.length;
    if (n >= persons) break;
  }
  return { households: out, persons: n };
}

export async function* run(): AsyncIterable<Figure> {
  const target = envInt('BENCH_PERSONS', 200_000, 1_000, 2_000_000);
  const fixture = await openRegistryBenchDatabase();
  try {
    const { database, pool, cipher, siteRefs, villages } = fixture;

    log(`生成约 ${target} 人的合成户籍数据…`);
    let t = performance.now();
    const { households, persons } = generateUntil(target, siteRefs, villages);
    const genS = (performance.now() - t) / 1000;
    log(`已生成 ${households.length} 户、${persons} 人（${dec(genS, 1)} 秒）`);

    // 1. The registry's bulk path, from generated households to committed rows (encryption included).
    await pool.query('checkpoint');
    log('loadGenerated 写入中…');
    t = performance.now();
    // One transaction, like the COPY baseline (and like the demo and a future import's apply step).
    const db = database.db;
    const counts = await db.transaction((tx) =>
      loadGenerated({ db: tx, cipher, countyCode, now: new Date() }, households),
    );
    const loadS = (performance.now() - t) / 1000;
    const loadRows = order.reduce((n, [key]) => n + counts[key], 0);
    if ((await tableCounts(database)) !== loadRows) throw new Error('loadGenerated 写入的行数与统计不符');
    log(`loadGenerated：${loadRows} 行，${dec(loadS, 1)} 秒`);

    // 2. The baseline: the same households prepared (encrypted) beforehand, then COPY of those rows.
    await pool.query(`truncate ${registryTables} cascade`);
    const prepared = emptyRows();
    const ctx = { cipher, countyCode, now: new Date() };
    for (const h of households) prepareHousehold(h, ctx, prepared);
    const copyRowsN = order.reduce((n, [key]) => n + prepared[key].length, 0);
    await pool.query('checkpoint');
    log('COPY 写入中…');
    const client = await pool.connect();
    try {
      t = performance.now();
      await client.query('begin');
      await copyRows(client, prepared);
      await client.query('commit');
    } finally {
      client.release();
    }
    const copyS = (performance.now() - t) / 1000;
    if ((await tableCounts(database)) !== copyRowsN) throw new Error('COPY 写入的行数与预期不符');
    log(`COPY：${copyRowsN} 行，${dec(copyS, 1)} 秒`);

    const params = `${persons} 人，${counts.households} 户，共 ${loadRows} 行（户、三块地、人员、成员、就业，健康、劳动技能、安置三类按期事实），每条语句 1000 行`;
    yield figure({
      bench,
      figure: 'rows_per_s',
      value: sig(loadRows / loadS),
      unit: 'rows/s',
      baseline: 'copy_from_stdin',
      baseline_value: sig(copyRowsN / copyS),
      engine: 'postgres',
      duration_s: dec(loadS, 1),
      params,
      baseline_params: '同样的行（已预先加密），COPY … FROM STDIN 文本格式，同一库同样的索引',
    });
    yield figure({
      bench,
      figure: 'persons_per_s',
      value: sig(persons / loadS),
      unit: 'persons/s',
      baseline: 'copy_from_stdin',
      baseline_value: sig(persons / copyS),
      engine: 'postgres',
      params,
    });
    yield figure({
      bench,
      figure: 'generate_persons_per_s',
      value: sig(persons / genS),
      unit: 'persons/s',
      samples: persons,
      params: '生成器本身（不写库），种子固定',
    });
  } finally {
    await fixture.release();
  }
}

// Run directly (without run.ts and its 150-second watchdog) for large BENCH_PERSONS.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void (async () => {
    try {
      for await (const f of run()) process.stdout.write(`${JSON.stringify(f)}\n`);
    } catch (err) {
      log(`失败：${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
  })();
}
