/**
 * The registry benchmarks' common ground: a temporary PostgreSQL database on 127.0.0.1 with the migrations,
 * the county's divisions and the demo sites, a fresh key ring, and a `release` that closes and drops
 * everything (also run by run.ts on a signal or the watchdog).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type pg from 'pg';
import { uuidv7 } from '@anzhi/domain/ids';
import { openDatabase, runMigrations, type Database } from '../apps/server/src/db/client';
import { demoSites } from '../apps/server/src/demo/sites';
import { divisions, sites } from '../apps/server/src/modules/org/org.table';
import { seedReferenceData } from '../apps/server/src/modules/org/reference-data';
import { createFieldCipher, type FieldCipher } from '../apps/server/src/platform/crypto/cipher';
import { ensureKeys, loadKeys } from '../apps/server/src/platform/crypto/keys';
import { createTempDatabase, registerCleanup } from './lib';

export const benchCountyCode = '360735';

export interface RegistryBenchDatabase {
  database: Database;
  pool: pg.Pool;
  cipher: FieldCipher;
  /** The demo sites as inserted (for the generator's 集中安置). */
  siteRefs: { id: string; townshipCode: string }[];
  /** Every village of the county (origins and 分散安置 destinations). */
  villages: { code: string; townshipCode: string }[];
  /** Closes the pool, drops the temporary database and removes the keys; safe to call twice. */
  release: () => Promise<void>;
  /** The temporary database's URL and the key ring's directory (for a worker process reading the same data). */
  url: string;
  keysDir: string;
}

/**
 * `sites`: how many sites to create in all (default: the demo sites alone). Beyond the demo sites, copies of them
 * numbered within their township (城南幸福家园安置区 2 区 …), so a county-scale registry (issue 9: ≈ 3,000 sites for
 * 1,000,000 persons) spreads over as many sites as it would in life.
 */
export async function openRegistryBenchDatabase(
  adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  options: { sites?: number } = {},
): Promise<RegistryBenchDatabase> {
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-bench-keys-'));
  const removeKeys = registerCleanup(() => fs.rmSync(keysDir, { recursive: true, force: true }));
  const temp = await createTempDatabase(adminUrl);
  const dropDb = registerCleanup(temp.drop);
  let database: Database | undefined;
  const closeDb = registerCleanup(async () => {
    await database?.close();
  });
  const release = async () => {
    await closeDb();
    await dropDb();
    await removeKeys();
  };
  try {
    database = await openDatabase({ databaseUrl: temp.url, poolSize: 2 });
    if (database.engine !== 'postgres') throw new Error('该基准测试需要 PostgreSQL');
    await runMigrations(database);
    await seedReferenceData(database.db, benchCountyCode);
    const siteRefs: { id: string; townshipCode: string }[] = [];
    const wanted = Math.max(options.sites ?? demoSites.length, demoSites.length);
    const rows: (typeof sites.$inferInsert)[] = [];
    for (let i = 0; i < wanted; i += 1) {
      const { key: _key, ...fields } = demoSites[i % demoSites.length]!;
      const copy = Math.floor(i / demoSites.length);
      const id = uuidv7();
      rows.push({
        id,
        ...fields,
        name: copy === 0 ? fields.name : `${fields.name} ${copy + 1} 区`,
        countyCode: benchCountyCode,
      });
      siteRefs.push({ id, townshipCode: fields.townshipCode });
    }
    for (let i = 0; i < rows.length; i += 500) await database.db.insert(sites).values(rows.slice(i, i + 500));
    const villages = (await database.db.select().from(divisions).where(eq(divisions.level, 'village'))).map((v) => ({
      code: v.code,
      townshipCode: v.parentCode!,
    }));
    ensureKeys(keysDir);
    const cipher = createFieldCipher(loadKeys(keysDir));
    return { database, pool: database.pool, cipher, siteRefs, villages, release, url: temp.url, keysDir };
  } catch (err) {
    await release();
    throw err;
  }
}
