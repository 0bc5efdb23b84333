import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrationsFolder, openDatabase, runMigrations } from '../db/client';
import { repoRoot } from '../config';
import { seedReferenceData } from '../modules/org/reference-data';

/** Every test database starts with the reference data a real install has: divisions and units of this county. */
export const testCountyCode = '360735';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string;
    postgresTemplate: string | null;
    postgresAdminUrl: string;
  }
}

export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function migrationsDigest(): string {
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, f);
    if (fs.statSync(full).isFile()) h.update(f).update(fs.readFileSync(full));
  }
  // The template also holds the reference data: rebuild it when its seed changes.
  h.update(fs.readFileSync(path.join(import.meta.dirname, '../modules/org/reference-data.ts')));
  return h.digest('hex').slice(0, 12);
}

function loud(message: string) {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! ${message}\n${bar}\n`);
}

/**
 * Prepares one migrated database per run: a PGlite directory that each test file copies (no initdb per
 * file), or a PostgreSQL template database each test file clones with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  // `test.env` does not reach global setup: the project name tells the engine.
  const engine = project.name === 'int-postgres' ? 'postgres' : project.name === 'int-pglite' ? 'pglite' : undefined;
  const digest = migrationsDigest();
  project.provide('postgresAdminUrl', postgresAdminUrl);
  project.provide('pgliteTemplateDir', '');
  project.provide('postgresTemplate', null);

  if (engine === 'pglite') {
    const dir = path.join(repoRoot, '.tmp', `pglite-template-${digest}`);
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      fs.rmSync(dir, { recursive: true, force: true });
      const tmp = `${dir}.building-${process.pid}`;
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(tmp), { recursive: true }); // a fresh clone has no .tmp/
      const database = await openDatabase({ pgliteDir: tmp });
      await runMigrations(database);
      await seedReferenceData(database.db, testCountyCode);
      await database.close();
      try {
        fs.renameSync(tmp, dir);
      } catch (err) {
        // Another run finished the same template first: use theirs.
        fs.rmSync(tmp, { recursive: true, force: true });
        if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) throw err;
      }
    }
    project.provide('pgliteTemplateDir', dir);
    return;
  }

  if (engine === 'postgres') {
    const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
    } catch (err) {
      const why = `PostgreSQL 不可用（${postgresAdminUrl}）：${(err as Error).message}`;
      if (process.env.CI === 'true')
        throw new Error(`${why}。CI=true 时不允许跳过 PostgreSQL 集成测试。`, { cause: err });
      loud(`${why} —— PostgreSQL 集成测试全部跳过（未运行）！启动 PostgreSQL 15 后重跑。`);
      return;
    }
    const template = `anzhi_tpl_${digest}_${process.pid}`;
    await client.query(`drop database if exists ${template}`);
    await client.query(`create database ${template}`);
    await client.end();
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${template}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    await runMigrations(database);
    await seedReferenceData(database.db, testCountyCode);
    await database.close();
    project.provide('postgresTemplate', template);
    return async () => {
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      const { rows } = await c.query<{ datname: string }>(
        `select datname from pg_database where datname = $1 or datname like $2`,
        [template, `${template}_f%`],
      );
      for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`);
      await c.end();
    };
  }
}
