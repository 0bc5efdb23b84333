import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { repoRoot } from '../config';
import { openDatabase } from './client';
import { acquireLock, isLockLive, LockHeldError, processStartTime, readLock, type LockInfo } from './pglite-lock';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, collecting its output. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Exit & { pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, pid: child.pid! }));
  });
}

async function openPglite(dir: string) {
  const database = await openDatabase({ pgliteDir: dir });
  if (database.engine !== 'pglite') throw new Error('expected PGlite');
  return database;
}

function writeLock(file: string, info: Partial<LockInfo>) {
  const full: LockInfo = {
    pid: -1,
    startTime: null,
    host: os.hostname(),
    createdAt: new Date().toISOString(),
    ...info,
  };
  fs.writeFileSync(file, JSON.stringify(full));
}

describe('PGlite data directory lock', () => {
  let dataDir: string;
  let lockFile: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-lock-'));
    lockFile = path.join(dataDir, 'anzhi.lock');
    fs.cpSync(inject('pgliteTemplateDir'), path.join(dataDir, 'pglite'), { recursive: true });
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second server process while this one holds the lock, and the data still opens afterwards', async () => {
    const lock = acquireLock(lockFile);
    const database = await openPglite(path.join(dataDir, 'pglite'));
    try {
      await database.pglite.query('create table lock_probe (v text)');
      await database.pglite.query(`insert into lock_probe values ('before')`);
      const before = fs.readFileSync(lockFile, 'utf8');

      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      };
      delete env.DATABASE_URL;
      delete env.KEYS_DIR;
      const second = await run(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('数据目录已被另一个进程占用');
      expect(second.stderr).toContain(`PID ${process.pid}`);
      // The refused process touched neither the lock nor the data directory.
      expect(fs.readFileSync(lockFile, 'utf8')).toBe(before);
      expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(false);

      // The first holder keeps working.
      await database.pglite.query(`insert into lock_probe values ('after')`);
      expect(() => acquireLock(lockFile)).toThrow(LockHeldError);
    } finally {
      await database.close();
      lock.release();
    }
    expect(fs.existsSync(lockFile)).toBe(false);

    const reopened = await openPglite(path.join(dataDir, 'pglite'));
    try {
      const { rows } = await reopened.pglite.query<{ v: string }>('select v from lock_probe order by v desc');
      expect(rows.map((r) => r.v)).toEqual(['before', 'after']);
    } finally {
      await reopened.close();
    }
  });

  it('takes over a lock whose process has exited', async () => {
    const gone = await run(process.execPath, ['-e', '']);
    expect(gone.code).toBe(0);
    writeLock(lockFile, { pid: gone.pid, startTime: '1' });
    expect(isLockLive(readLock(lockFile)!)).toBe(false);
    const lock = acquireLock(lockFile);
    expect(readLock(lockFile)).toMatchObject({ pid: process.pid, startTime: processStartTime(process.pid) });
    lock.release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('refuses a live holder, but takes over when the PID is alive with another start time (a reused PID)', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => sleeper.once('exit', () => resolve()));
    try {
      const pid = sleeper.pid!;
      let startTime: string | null = null;
      for (let i = 0; i < 50 && startTime === null; i++) {
        startTime = processStartTime(pid);
        if (startTime === null) await new Promise((r) => setTimeout(r, 20));
      }
      expect(startTime).not.toBeNull();

      // The exact process that wrote the lock is alive: refused, with the Chinese message.
      writeLock(lockFile, { pid, startTime });
      expect(() => acquireLock(lockFile)).toThrow(/数据目录已被另一个进程占用（PID \d+/);
      expect(readLock(lockFile)?.pid).toBe(pid);

      // Same PID, other start time: a different process reusing the PID, so the lock is stale.
      writeLock(lockFile, { pid, startTime: String(Number(startTime) + 12345) });
      expect(isLockLive(readLock(lockFile)!)).toBe(false);
      const lock = acquireLock(lockFile);
      expect(readLock(lockFile)?.pid).toBe(process.pid);
      lock.release();
    } finally {
      sleeper.kill();
      await exited;
    }
  });

  it('takes over a half-written lock file', () => {
    fs.writeFileSync(lockFile, '{"pid": 12');
    const lock = acquireLock(lockFile);
    expect(readLock(lockFile)?.pid).toBe(process.pid);
    lock.release();

    fs.writeFileSync(lockFile, '');
    const again = acquireLock(lockFile);
    expect(readLock(lockFile)?.pid).toBe(process.pid);
    again.release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
