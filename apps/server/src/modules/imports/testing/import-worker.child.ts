/**
 * A separate server-like process running the job runner (with the import jobs) against a PostgreSQL database,
 * for the interrupted-import tests: `node --import tsx import-worker.child.ts` with
 * - IMPORT_TEST_DATABASE_URL: the database;
 * - IMPORT_TEST_KEYS: the key directory of the test app (the staged numbers and the upload are encrypted);
 * - IMPORT_TEST_DATA_DIR: the test app's data directory (where the upload is stored);
 * - IMPORT_TEST_CLOCK: the instant the process's clock starts at (the test clock); it then runs.
 * Prints "ready" once the runner runs; runs until killed.
 */
import pino from 'pino';
import type { Clock } from '@anzhi/domain/periods';
import { loadConfig } from '../../../config';
import { openDatabase } from '../../../db/client';
import { createFieldCipher } from '../../../platform/crypto/cipher';
import { loadKeys } from '../../../platform/crypto/keys';
import type { Deps } from '../../../platform/deps';
import { startJobRunner } from '../../../platform/jobs/job-runner';
import { appJobRegistry } from '../../../platform/jobs/job-kinds';

/** Starts at the test's instant and runs with real time (heartbeats age, so a killed worker's job turns stale). */
function runningClock(startIso: string): Clock {
  const offset = Date.parse(startIso) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

async function main() {
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} missing`);
    return v;
  };
  const database = await openDatabase({ databaseUrl: env('IMPORT_TEST_DATABASE_URL'), poolSize: 4 });
  const deps: Deps = {
    config: { ...loadConfig({ LOG_LEVEL: 'silent', DEMO: '0' }), dataDir: env('IMPORT_TEST_DATA_DIR') },
    database,
    db: database.db,
    clock: runningClock(env('IMPORT_TEST_CLOCK')),
    cipher: createFieldCipher(loadKeys(env('IMPORT_TEST_KEYS'))),
    log: pino({ level: 'silent' }),
  };
  startJobRunner(deps, appJobRegistry, {
    workerId: `import-child-${process.pid}`,
    pollMs: 20,
    heartbeatMs: 100,
    staleAfterMs: 1000,
    // The test runs one worker process at a time: whatever a killed one held is orphaned.
    orphansOnStart: 'all',
    schedule: false,
  });
  process.stdout.write('ready\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
