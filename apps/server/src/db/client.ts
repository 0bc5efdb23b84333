import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
/** Both drivers are typed as the same PgDatabase: one code path above this file. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export type Database =
  | { engine: 'pglite'; db: Db; pglite: PGlite; close(): Promise<void> }
  | { engine: 'postgres'; db: Db; pool: pg.Pool; close(): Promise<void> };

export const migrationsFolder = path.resolve(import.meta.dirname, '../../drizzle');

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined → in-memory (tests only). */
  pgliteDir?: string | undefined;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Queries in flight report their own error.
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { engine: 'postgres', db, pool, close: () => pool.end() };
  }
  const pglite = opts.pgliteDir ? new PGlite(opts.pgliteDir) : new PGlite();
  await pglite.waitReady;
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { engine: 'pglite', db, pglite, close: () => pglite.close() };
}

export async function runMigrations(database: Database): Promise<void> {
  if (database.engine === 'pglite') {
    await migratePglite(drizzlePglite(database.pglite), { migrationsFolder });
  } else {
    await migratePg(drizzlePg(database.pool), { migrationsFolder });
  }
}
