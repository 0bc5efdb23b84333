/**
 * `ledger-export`: a 100,000-row 后续扶持台账 exported through the ledger catalogue (modules/ledgers: keyset-paged
 * reads of the registry with members, labour, employment, incomes, monitoring and pairings as of the month end,
 * masked numbers, the common layout) from PostgreSQL, against the raw writer given 100,000 ready-made sample rows
 * (`writeLedger` alone, as bench/ledger-writer.bench.ts). The registry is written set-based (see loadFixture). Each export runs in a fresh process so its peak RSS is its
 * own. Targets (issue 9): ≤ 15 s and ≤ 400 MB peak. A temporary database on 127.0.0.1 is created and dropped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../apps/server/src/db/client';
import type { FieldCipher } from '../apps/server/src/platform/crypto/cipher';
import { LedgerExportResultSchema, type LedgerExportResultLine } from './ledger-export-protocol';
import { LedgerWriteResultSchema } from './ledger-write-protocol';
import { dec, envInt, figure, firstJsonLine, log, registerCleanup, sig, spawnTsx, stopChild, type Figure } from './lib';
import { benchCountyCode, openRegistryBenchDatabase } from './registry-fixture';

const bench = 'ledger-export';
const month = '2022-12';

/**
 * The registry the ledger reads, written set-based (the registry's own bulk path takes minutes for 300,000 persons
 * on a busy machine and is measured by registry-load): households at the demo sites (one in ten dispersed in a
 * village), three members each with dated membership, labour capacity and employment (the head works, the second
 * does not, the third cannot work), last year's income, one monitored case in twenty. ID and phone numbers are real
 * ciphertexts (one per column, decrypted per row like any other).
 */
async function loadFixture(
  database: Database,
  pool: { query: (q: string) => Promise<unknown> },
  cipher: FieldCipher,
  households: number,
  siteRefs: { id: string }[],
  villages: { code: string }[],
) {
  const db = database.db;
  const siteList = siteRefs.map((s) => s.id).join(',');
  const villageList = villages.map((v) => v.code).join(',');
  const idEnc = cipher.encrypt('360735198001011234');
  const phoneEnc = cipher.encrypt('13907970001');
  await db.execute(sql`insert into households (id, county_code, household_number, category, relocation_year,
      origin_village_code, placement, site_id, building, unit, room, destination_village_code, housing_type, phone_enc,
      monitoring_status, status)
    select md5('h' || g)::uuid, ${benchCountyCode}, 'B' || lpad(g::text, 8, '0'),
      case when g % 5 = 0 then '同步搬迁户' else '搬迁脱贫户' end, 2016 + g % 5,
      v[1 + g % array_length(v, 1)],
      case when g % 10 = 0 then '分散安置' else '集中安置' end,
      case when g % 10 = 0 then null else s[1 + g % array_length(s, 1)] end,
      case when g % 10 = 0 then null else (1 + g % 30) || '栋' end,
      case when g % 10 = 0 then null else (1 + g % 4) || '单元' end,
      case when g % 10 = 0 then null else (100 + g % 1800)::text end,
      case when g % 10 = 0 then v[1 + (g / 10) % array_length(v, 1)] end,
      case when g % 10 = 0 then '一户一宅' else '套房' end, ${phoneEnc}, '未纳入监测', 'active'
    from generate_series(1, ${households}) g,
      lateral (select string_to_array(${siteList}, ',')::uuid[] as s, string_to_array(${villageList}, ',') as v) a`);
  await db.execute(sql`insert into persons (id, county_code, name, id_number_enc, birth_date, sex, labour_capacity)
    select md5('p' || g || '-' || k)::uuid, ${benchCountyCode}, '测试' || k || '号', ${idEnc},
      date '1960-01-01' + (g % 15000), case when k = 2 then '女' else '男' end,
      case when k = 3 then '无劳动力' else '普通劳动力' end
    from generate_series(1, ${households}) g, generate_series(1, 3) k`);
  await db.execute(sql`insert into household_members (id, county_code, household_id, person_id, relation, valid_from)
    select md5('m' || g || '-' || k)::uuid, ${benchCountyCode}, md5('h' || g)::uuid, md5('p' || g || '-' || k)::uuid,
      case k when 1 then '户主' when 2 then '配偶' else '子' end, date '2019-10-01'
    from generate_series(1, ${households}) g, generate_series(1, 3) k`);
  await db.execute(sql`insert into person_labour (id, county_code, person_id, labour_capacity, valid_from)
    select md5('l' || g || '-' || k)::uuid, ${benchCountyCode}, md5('p' || g || '-' || k)::uuid,
      case when k = 3 then '无劳动力' else '普通劳动力' end, date '2019-10-01'
    from generate_series(1, ${households}) g, generate_series(1, 3) k`);
  await db.execute(sql`insert into person_employment (id, county_code, person_id, status, place, valid_from)
    select md5('e' || g || '-' || k)::uuid, ${benchCountyCode}, md5('p' || g || '-' || k)::uuid,
      case k when 1 then (array['县内务工', '省外务工', '帮扶车间'])[1 + g % 3] else '未就业' end,
      case k when 1 then (array['县工业园', '广东东莞', '安置点帮扶车间'])[1 + g % 3] end, date '2020-01-01'
    from generate_series(1, ${households}) g, generate_series(1, 2) k`);
  await db.execute(sql`insert into household_incomes (id, county_code, household_id, year, wage, business, property,
      transfer, business_cost, rigid_spending, member_count, per_capita)
    select md5('i' || g)::uuid, ${benchCountyCode}, md5('h' || g)::uuid, 2021, 30000 + g % 20000, 2000, 0, 3000, 500,
      0, 3, (34500 + g % 20000) / 3
    from generate_series(1, ${households}) g`);
  await db.execute(sql`insert into monitoring_cases (id, county_code, household_id, status, category, risk_types,
      started_on, due_on, identified_on)
    select md5('c' || g)::uuid, ${benchCountyCode}, md5('h' || g)::uuid, 'monitored', 'unstable', '["illness"]'::jsonb,
      date '2022-01-05', date '2022-01-20', date '2022-01-15'
    from generate_series(20, ${households}, 20) g`);
  await pool.query('analyze');
}

async function child<T>(script: string, args: string[], schema: Parameters<typeof firstJsonLine<T>>[1], what: string) {
  const proc = spawnTsx(script, args);
  const stop = registerCleanup(() => stopChild(proc));
  try {
    return await firstJsonLine(proc, schema, 300_000, what);
  } finally {
    await stop();
  }
}

export async function* run(): AsyncIterable<Figure> {
  const households = envInt('BENCH_LEDGER_HOUSEHOLDS', 100_000, 1_000, 300_000);
  const fixture = await openRegistryBenchDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-bench-ledger-export-'));
  const removeDir = registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    const { database, cipher, siteRefs, villages } = fixture;
    log(`写入 ${households} 户、${households * 3} 人的合成数据（集合式 SQL）…`);
    const t = performance.now();
    await loadFixture(database, fixture.pool, cipher, households, siteRefs, villages);
    log(`已写入（${dec((performance.now() - t) / 1000, 1)} 秒）`);

    log('原始写入器对照组：writeLedger 写 100,000 行示例数据…');
    const raw = await child(
      'bench/ledger-write.ts',
      ['layout', String(households), path.join(dir, 'raw.xlsx')],
      LedgerWriteResultSchema,
      '写台账进程',
    );
    log(`对照组：${dec(raw.seconds, 1)} 秒，峰值 RSS 增长 ${dec(raw.peakRssGrowthMb, 0)} MB`);

    log(`后续扶持台账导出（${month}，全县一张工作表）…`);
    const ours: LedgerExportResultLine = await child(
      'bench/ledger-export-worker.ts',
      [fixture.url, fixture.keysDir, month, path.join(dir, 'support.xlsx')],
      LedgerExportResultSchema,
      '台账导出进程',
    );
    log(
      `导出 ${ours.rows} 行：${dec(ours.seconds, 1)} 秒，峰值 RSS ${dec(ours.peakRssMb, 0)} MB（增长 ${dec(ours.peakRssGrowthMb, 0)} MB）`,
    );
    if (ours.rows < households * 0.95) throw new Error(`导出行数 ${ours.rows} 少于写入户数 ${households}`);

    const common = {
      bench,
      baseline: 'writeLedger_sample_rows',
      params: `${ours.rows} households, 后续扶持台账 ${month}, PostgreSQL, county scope, one sheet, fresh process`,
      baseline_params: `writeLedger alone, ${raw.rows} ready-made sample rows (bench/ledger-write.ts layout)`,
    } as const;
    yield figure({
      ...common,
      figure: 'export_seconds',
      value: dec(ours.seconds, 2),
      unit: 's',
      baseline_value: dec(raw.seconds, 2),
      duration_s: dec(ours.seconds, 1),
    });
    yield figure({
      ...common,
      figure: 'rows_per_s',
      value: sig(ours.rows / ours.seconds),
      unit: 'rows/s',
      baseline_value: sig(raw.rows / raw.seconds),
    });
    yield figure({
      ...common,
      figure: 'peak_rss',
      value: dec(ours.peakRssMb, 0),
      unit: 'MB',
      baseline_value: dec(raw.baseRssMb + raw.peakRssGrowthMb, 0),
    });
  } finally {
    await removeDir();
    await fixture.release();
  }
}
