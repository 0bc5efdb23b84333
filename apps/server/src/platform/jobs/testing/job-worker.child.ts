/**
 * A separate server-like process running a job runner against a PostgreSQL database, for the job tests:
 * `node --import tsx job-worker.child.ts` with
 * - JOB_TEST_DATABASE_URL: the database;
 * - JOB_TEST_WORKER: the worker id;
 * - JOB_TEST_CLOCK: optional ISO instant the process's clock stands still at (to line up with the test clock);
 * - JOB_TEST_MODE: 'serve' runs until killed; 'drain' waits for "go" on stdin, then runs until no job of the
 *   test kinds is queued or running, and exits 0.
 * Prints "ready" once the runner may start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pino from 'pino';
import { fixedClock, systemClock } from '@anzhi/domain/periods';
import { loadConfig } from '../../../config';
import { openDatabase } from '../../../db/client';
import { createFieldCipher } from '../../crypto/cipher';
import { ensureKeys, loadKeys } from '../../crypto/keys';
import type { Deps } from '../../deps';
import { startJobRunner } from '../job-runner';
import { countJobsByStatus } from '../jobs.repository';
import { testJobRegistry } from './test-jobs';

async function main() {
  const url = process.env.JOB_TEST_DATABASE_URL;
  const workerId = process.env.JOB_TEST_WORKER ?? 'child';
  const mode = process.env.JOB_TEST_MODE ?? 'serve';
  if (!url) throw new Error('JOB_TEST_DATABASE_URL missing');
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-job-child-'));
  ensureKeys(keysDir);
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const clock = process.env.JOB_TEST_CLOCK ? fixedClock(process.env.JOB_TEST_CLOCK) : systemClock;
  const deps: Deps = {
    config: loadConfig({ LOG_LEVEL: 'silent', DEMO: '0' }),
    database,
    db: database.db,
    clock,
    cipher: createFieldCipher(loadKeys(keysDir)),
    log: pino({ level: 'silent' }),
  };
  const options = { workerId, pollMs: 20, concurrency: 2, heartbeatMs: 100, schedule: false };

  if (mode === 'serve') {
    startJobRunner(deps, testJobRegistry, options);
    process.stdout.write('ready\n');
    return; // runs until killed
  }

  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    process.stdin.setEncoding('utf8').on('data', (s: string) => {
      if (s.includes('go')) resolve();
    });
  });
  const runner = startJobRunner(deps, testJobRegistry, options);
  for (;;) {
    await delay(50);
    const counts = await countJobsByStatus(database.db, ['test.record']);
    if ((counts.queued ?? 0) === 0 && (counts.running ?? 0) === 0) break;
  }
  await runner.stop();
  await database.close();
  fs.rmSync(keysDir, { recursive: true, force: true });
  process.stdout.write('drained\n');
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
