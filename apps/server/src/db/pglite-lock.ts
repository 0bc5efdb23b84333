import fs from 'node:fs';
import os from 'node:os';

/**
 * Exclusive lock on a PGlite data directory. PGlite has no lock between processes and a second
 * opener corrupts the data, so the server refuses to start while another live process holds it.
 * A lock is stale only if that exact process is gone: same host, and the PID is not running or is
 * running with another start time (PIDs are reused).
 */
export interface LockInfo {
  pid: number;
  startTime: string | null;
  host: string;
  createdAt: string;
  /** Filled once the server listens, so `npm run backup` can ask it for a dump. */
  port?: number;
  backupToken?: string;
}

export class LockHeldError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockInfo,
  ) {
    super(
      `数据目录已被另一个进程占用（PID ${holder.pid}，主机 ${holder.host}，自 ${holder.createdAt}）。` +
        `同一数据目录只能由一个服务进程打开；请先停止该进程，或用 DATA_DIR 指定其他目录。锁文件：${lockFile}`,
    );
    this.name = 'LockHeldError';
  }
}

/** Process start time in clock ticks since boot (Linux), or null where /proc is absent. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) may contain spaces, so split after its closing paren.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(lockFile: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockInfo;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // A half-written lock (crash between create and write) holds no live owner we could identify.
    return { pid: -1, startTime: null, host: os.hostname(), createdAt: 'unknown' };
  }
}

/** True while the process named in the lock is the one that wrote it. */
export function isLockLive(info: LockInfo): boolean {
  if (info.host !== os.hostname()) return true; // cannot check another host: assume live
  if (info.pid <= 0 || !isAlive(info.pid)) return false;
  const now = processStartTime(info.pid);
  if (info.startTime !== null && now !== null && now !== info.startTime) return false;
  return true;
}

export interface DirLock {
  file: string;
  info: LockInfo;
  update(extra: Partial<LockInfo>): void;
  release(): void;
}

export function acquireLock(lockFile: string): DirLock {
  const info: LockInfo = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: os.hostname(),
    createdAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockFile, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      return makeHandle(lockFile, info);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(lockFile);
      if (holder && isLockLive(holder)) throw new LockHeldError(lockFile, holder);
      // Stale: its process is gone. Remove and retry the exclusive create.
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`无法获取数据目录锁：${lockFile}`);
}

function makeHandle(file: string, info: LockInfo): DirLock {
  let current = info;
  return {
    file,
    get info() {
      return current;
    },
    update(extra) {
      current = { ...current, ...extra };
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(current), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
    release() {
      const holder = readLock(file);
      if (holder && holder.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
