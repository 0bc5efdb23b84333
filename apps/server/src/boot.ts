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
import { sealAll, sealAuditEvents } from './platform/audit/audit-chain';
import { createFieldCipher } from './platform/crypto/cipher';
import { ensureKeys, loadKeys } from './platform/crypto/keys';

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
    ensureKeys(config.keysDir);
    const cipher = createFieldCipher(loadKeys(config.keysDir));
    const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.databaseUrl ? undefined : pgliteDirOf(config) });
    await runMigrations(database);
    await seedReferenceData(database.db, config.countyCode);
    let initialised: Running['initialised'] = null;
    if (await isEmpty(database.db)) {
      if (config.demo) {
        await loadDemo({ db: database.db, clock, cipher, config });
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

    // Seal the audit chain in the background. (The job runner of the shared-machinery issue takes this over.)
    let sealing = false;
    const timer = setInterval(() => {
      if (sealing) return;
      sealing = true;
      sealAuditEvents(database.db, clock)
        .catch((err: unknown) => app.log.error({ err }, '审计链封存失败'))
        .finally(() => {
          sealing = false;
        });
    }, config.auditSealIntervalMs);
    timer.unref();

    let stopped = false;
    return {
      app,
      database,
      initialised,
      async stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
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
