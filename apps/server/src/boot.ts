import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '@anzhi/domain/periods';
import { buildApp } from './app';
import type { Config } from './config';
import { openDatabase, runMigrations, type Database } from './db/client';
import { acquireLock, type DirLock } from './db/pglite-lock';
import { createInitialAdmin, isEmpty, loadDemo } from './demo/seed';
import { seedReferenceData } from './modules/org/reference-data';
import { sealAll } from './platform/audit/audit-chain';
import { createFieldCipher } from './platform/crypto/cipher';
import { ensureKeys, hasKeys, loadKeys } from './platform/crypto/keys';
import { appJobRegistry } from './platform/jobs/job-kinds';
import { startJobRunner } from './platform/jobs/job-runner';

export const pgliteDirOf = (config: Config) => path.join(config.dataDir, 'pglite');
export const lockFileOf = (config: Config) => path.join(config.dataDir, 'anzhi.lock');

export interface Running {
  app: FastifyInstance;
  database: Database;
  /** What the first start created: demo accounts, or the initial admin's one-time password. */
  initialised: 'demo' | { adminPassword: string } | null;
  stop(): Promise<void>;
}

/**
 * Opens the database (taking the PGlite lock first), applies migrations, makes the keys on first start,
 * loads the demo into an empty database, and builds the app. Does not listen.
 */
export async function boot(config: Config, clock: Clock = systemClock): Promise<Running> {
  let lock: DirLock | undefined;
  const backupToken = crypto.randomBytes(24).toString('base64url');
  if (!config.databaseUrl) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    lock = acquireLock(lockFileOf(config)); // throws LockHeldError with a clear message
  }
  try {
    if (!config.keysDir.startsWith(config.dataDir) && !fs.existsSync(config.keysDir)) {
      throw new Error(`密钥目录不存在：${config.keysDir}（KEYS_DIR）。生产环境的密钥需由管理员提供，不会自动生成。`);
    }
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.databaseUrl ? undefined : pgliteDirOf(config),
    });
    await runMigrations(database);
    const empty = await isEmpty(database.db);
    // New keys only for a new database: data whose keys were lost must not silently get fresh ones.
    if (!hasKeys(config.keysDir) && !empty) {
      await database.close();
      throw new Error(
        `密钥目录 ${config.keysDir} 中没有密钥，但数据库中已有数据。身份证号等加密数据只能用原密钥解密：请从备份恢复密钥（npm run restore），不会自动生成新密钥。`,
      );
    }
    ensureKeys(config.keysDir);
    const cipher = createFieldCipher(loadKeys(config.keysDir));
    await seedReferenceData(database.db, config.countyCode);
    let initialised: Running['initialised'] = null;
    if (empty) {
      if (config.demo) {
        await loadDemo({ database, db: database.db, clock, cipher, config });
        initialised = 'demo';
      } else {
        initialised = { adminPassword: await createInitialAdmin({ db: database.db, clock, cipher }) };
      }
    }
    const app = await buildApp({ config, database, clock, cipher, backupToken });
    app.addHook('onListen', async () => {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      lock?.update({ port, backupToken });
    });
    await app.ready();

    // Background jobs, including the periodic audit seal ('audit.seal'). On PGlite the directory lock makes this
    // the only process, so a job left 'running' by a previous start is an orphan: requeued at once.
    const runner = startJobRunner({ config, database, db: database.db, clock, cipher, log: app.log }, appJobRegistry, {
      pollMs: config.jobs.pollMs,
      concurrency: config.jobs.concurrency,
      staleAfterMs: config.jobs.staleAfterMs,
      orphansOnStart: database.engine === 'pglite' ? 'all' : 'stale',
    });

    let stopped = false;
    return {
      app,
      database,
      initialised,
      async stop() {
        if (stopped) return;
        stopped = true;
        await runner.stop();
        await app.close();
        await sealAll(database.db, clock).catch(() => undefined);
        if (database.engine === 'pglite') await database.pglite.query('CHECKPOINT').catch(() => undefined);
        await database.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
