import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import * as tar from 'tar';
import { z } from 'zod';
import { lockFileOf, pgliteDirOf } from '../../boot';
import { repoRoot, type Config } from '../../config';
import { openDatabase, type Database } from '../../db/client';
import { acquireLock, isLockLive, readLock, type DirLock } from '../../db/pglite-lock';
import { loadKeys } from '../crypto/keys';
import { backupTokenHeader } from './backup.routes';

/**
 * One backup archive (decisions.md, "Demo mode and a real install"): a gzip'd tar holding
 * - `manifest.json`: format, engine, time, app version, key file names and a SHA-256 of every member;
 * - `keys/`: a copy of the key directory (without it the encrypted fields are lost);
 * - `pglite-data.tar.gz` (PGlite `dumpDataDir('gzip')`) or `postgres.dump` (`pg_dump -Fc`).
 * Restore only ever fills an empty target, so it can never overwrite live data.
 */
export const backupFormat = 'anzhi-backup';
export const backupFormatVersion = 1;
const manifestName = 'manifest.json';
const keysMember = 'keys';
const dataMembers = { pglite: 'pglite-data.tar.gz', postgres: 'postgres.dump' } as const;

type Engine = keyof typeof dataMembers;

const ManifestSchema = z.object({
  format: z.literal(backupFormat),
  formatVersion: z.number().int().positive(),
  engine: z.enum(['pglite', 'postgres']),
  createdAt: z.string(),
  appVersion: z.string(),
  keyFiles: z.array(z.string().regex(/^[A-Za-z0-9._-]+$/)).min(1),
  dataFile: z.enum([dataMembers.pglite, dataMembers.postgres]),
  /** member path (POSIX) → SHA-256 hex */
  sha256: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type BackupManifest = z.infer<typeof ManifestSchema>;

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  /** How the data was taken: from the running server over HTTP, by opening PGlite directly, or by pg_dump. */
  via: 'server' | 'direct' | 'pg_dump';
}

export interface RestoreResult {
  manifest: BackupManifest;
  keysDir: string;
  /** PGlite directory or the PostgreSQL database name the data went to. */
  target: string;
}

const engineLabel: Record<Engine, string> = { pglite: '内嵌 PGlite 数据库', postgres: 'PostgreSQL 数据库' };

export function defaultBackupFile(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return path.join(repoRoot, 'backups', `anzhi-backup-${stamp}.tar.gz`);
}

function appVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Key files of a directory (regular files only). */
function keyFilesOf(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name)
    .sort();
}

function isNonEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return true;
    throw err;
  }
}

// ─── PostgreSQL client tools ───────────────────────────────────────────────────────────────────────────

/** The URL without its password (which goes to PGPASSWORD, so it does not show in the process list). */
function splitPassword(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.password) {
    env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
  }
  return { url: url.toString(), env };
}

function databaseNameOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || '(默认数据库)';
}

async function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 20_000) stderr += chunk;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new Error(
            `找不到 ${tool} 命令。请安装与数据库服务器主版本相同（或更新）的 PostgreSQL 客户端工具` +
              `（Debian/Ubuntu：apt-get install postgresql-client-15），并确认它在 PATH 中。`,
          ),
        );
      } else {
        reject(new Error(`无法运行 ${tool}：${err.message}`));
      }
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${tool} 执行失败（${signal ? `信号 ${signal}` : `退出码 ${code ?? '?'}`}）：\n${stderr.trim()}`),
        );
    });
  });
}

async function countUserRelations(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`无法连接目标数据库（DATABASE_URL）：${errorText(err)}`, { cause: err });
  }
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
          and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`,
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

// ─── PGlite ────────────────────────────────────────────────────────────────────────────────────────────

function hasPgliteData(config: Config): boolean {
  return fs.existsSync(path.join(pgliteDirOf(config), 'PG_VERSION'));
}

/**
 * Opens the configured database for a command-line tool. For PGlite this takes the data directory's
 * lock first, so it throws LockHeldError while a server (or another tool) has it open.
 */
export async function openDatabaseOffline(config: Config): Promise<{ database: Database; close(): Promise<void> }> {
  if (config.databaseUrl) {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
    return { database, close: () => database.close() };
  }
  if (!hasPgliteData(config)) throw new Error(`数据目录中没有数据库：${pgliteDirOf(config)}（DATA_DIR 是否正确？）`);
  const lock = acquireLock(lockFileOf(config));
  try {
    const database = await openDatabase({ pgliteDir: pgliteDirOf(config) });
    return {
      database,
      async close() {
        try {
          await database.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** Asks the running server that holds the lock for a dump of its data directory. */
async function dumpFromServer(port: number, token: string, target: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}/api/internal/backup`, {
      method: 'POST',
      headers: { [backupTokenHeader]: token },
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : errorText(err);
    throw new Error(
      `数据目录正被运行中的服务使用，但无法连接它（http://127.0.0.1:${port}）：${cause}。请确认服务正常运行后重试，或停止服务后再备份。`,
      { cause: err },
    );
  }
  if (!res.ok || !res.body) {
    let message = '';
    try {
      const body = (await res.json()) as { message?: unknown };
      if (typeof body.message === 'string') message = `：${body.message}`;
    } catch {
      // not JSON
    }
    throw new Error(`运行中的服务拒绝了备份请求（HTTP ${res.status}）${message}`);
  }
  await pipeline(
    Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>),
    fs.createWriteStream(target, { mode: 0o600 }),
  );
}

async function dumpPglite(config: Config, target: string): Promise<'server' | 'direct'> {
  const lockFile = lockFileOf(config);
  const holder = readLock(lockFile);
  if (holder && isLockLive(holder)) {
    if (holder.host !== os.hostname()) {
      throw new Error(`数据目录被另一台主机（${holder.host}）上的进程占用，无法在本机备份。锁文件：${lockFile}`);
    }
    if (!holder.port || !holder.backupToken) {
      throw new Error(
        `数据目录正被进程 PID ${holder.pid} 使用，但它没有提供在线备份接口（服务可能仍在启动，或是另一个命令行工具）。` +
          `请稍后重试，或停止该进程后再备份。`,
      );
    }
    await dumpFromServer(holder.port, holder.backupToken, target);
    return 'server';
  }
  if (!hasPgliteData(config)) throw new Error(`没有可备份的数据：${pgliteDirOf(config)} 不存在（DATA_DIR 是否正确？）`);
  const lock = acquireLock(lockFile); // a server that started meanwhile makes this throw LockHeldError
  try {
    const pglite = new PGlite(pgliteDirOf(config));
    try {
      await pglite.waitReady;
      const blob = await pglite.dumpDataDir('gzip');
      await pipeline(
        Readable.from(Buffer.from(await blob.arrayBuffer())),
        fs.createWriteStream(target, { mode: 0o600 }),
      );
    } finally {
      await pglite.close();
    }
  } finally {
    lock.release();
  }
  return 'direct';
}

// ─── Backup ────────────────────────────────────────────────────────────────────────────────────────────

/** Writes one backup archive of the configured database and keys to `outFile` (default: backups/…). */
export async function createBackup(config: Config, outFile: string = defaultBackupFile()): Promise<BackupResult> {
  const file = path.resolve(outFile);
  if (fs.existsSync(file)) throw new Error(`备份文件已存在，不会覆盖：${file}`);
  const keyFiles = keyFilesOf(config.keysDir);
  if (keyFiles.length === 0)
    throw new Error(`密钥目录不存在或为空：${config.keysDir}。没有密钥的备份无法恢复加密数据，已中止。`);
  loadKeys(config.keysDir); // refuses damaged key files before anything is written

  const engine: Engine = config.databaseUrl ? 'postgres' : 'pglite';
  const dataFile = dataMembers[engine];
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-backup-'));
  try {
    let via: BackupResult['via'];
    const dataPath = path.join(staging, dataFile);
    if (config.databaseUrl) {
      const { url, env } = splitPassword(config.databaseUrl);
      await runTool('pg_dump', ['-Fc', '--no-owner', '-f', dataPath, '-d', url], env);
      via = 'pg_dump';
    } else {
      via = await dumpPglite(config, dataPath);
      const head = Buffer.alloc(2);
      const fd = fs.openSync(dataPath, 'r');
      fs.readSync(fd, head, 0, 2, 0);
      fs.closeSync(fd);
      if (head[0] !== 0x1f || head[1] !== 0x8b) throw new Error('数据库导出的内容不是 gzip 格式，备份已中止');
    }

    fs.mkdirSync(path.join(staging, keysMember), { mode: 0o700 });
    for (const f of keyFiles) {
      fs.copyFileSync(path.join(config.keysDir, f), path.join(staging, keysMember, f));
      fs.chmodSync(path.join(staging, keysMember, f), 0o600);
    }

    const sha256: Record<string, string> = { [dataFile]: await sha256File(dataPath) };
    for (const f of keyFiles) sha256[`${keysMember}/${f}`] = await sha256File(path.join(staging, keysMember, f));
    const manifest: BackupManifest = {
      format: backupFormat,
      formatVersion: backupFormatVersion,
      engine,
      createdAt: new Date().toISOString(),
      appVersion: appVersion(),
      keyFiles,
      dataFile,
      sha256,
    };
    fs.writeFileSync(path.join(staging, manifestName), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });

    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.partial-${process.pid}`;
    try {
      await tar.c({ gzip: true, file: partial, cwd: staging, portable: true }, [manifestName, keysMember, dataFile]);
      fs.chmodSync(partial, 0o600);
      fs.renameSync(partial, file);
    } finally {
      fs.rmSync(partial, { force: true });
    }
    return { file, bytes: fs.statSync(file).size, manifest, via };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

// ─── Restore ───────────────────────────────────────────────────────────────────────────────────────────

async function extractArchive(file: string, into: string): Promise<BackupManifest> {
  const notBackup = `不是有效的备份文件：${file}`;
  const allowed = (p: string) => {
    const clean = p.replace(/^\.\//, '').replace(/\/$/, '');
    return (
      clean === manifestName ||
      clean === keysMember ||
      /^keys\/[A-Za-z0-9._-]+$/.test(clean) ||
      Object.values(dataMembers).some((m) => m === clean)
    );
  };
  try {
    await tar.x({
      file,
      cwd: into,
      strict: true,
      // Only the members a backup holds, as plain files and directories: nothing else is written.
      filter: (p, entry) => allowed(p) && (!('type' in entry) || entry.type === 'File' || entry.type === 'Directory'),
    });
  } catch (err) {
    throw new Error(`${notBackup}（无法解压：${errorText(err)}）`, { cause: err });
  }
  const manifestPath = path.join(into, manifestName);
  if (!fs.existsSync(manifestPath)) throw new Error(`${notBackup}（缺少 ${manifestName}）`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch {
    throw new Error(`${notBackup}（${manifestName} 不是有效的 JSON）`);
  }
  if (raw && typeof raw === 'object' && 'format' in raw && raw.format === backupFormat && 'formatVersion' in raw) {
    const v = raw.formatVersion;
    if (typeof v === 'number' && v > backupFormatVersion) {
      throw new Error(`备份格式版本 ${v} 比本程序支持的版本（${backupFormatVersion}）新，请用更新版本的程序恢复`);
    }
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${notBackup}（备份清单内容不符合格式）`);
  const manifest = parsed.data;
  if (manifest.dataFile !== dataMembers[manifest.engine])
    throw new Error(`${notBackup}（备份清单中的数据文件与数据库类型不一致）`);

  const members = [manifest.dataFile, ...manifest.keyFiles.map((f) => `${keysMember}/${f}`)];
  for (const m of members) {
    const full = path.join(into, m);
    if (!fs.existsSync(full)) throw new Error(`备份文件不完整：缺少 ${m}`);
    const expected = manifest.sha256[m];
    if (!expected || (await sha256File(full)) !== expected) throw new Error(`备份文件已损坏：${m} 的校验值不符`);
  }
  try {
    loadKeys(path.join(into, keysMember));
  } catch (err) {
    throw new Error(`备份中的密钥无效：${errorText(err)}`, { cause: err });
  }
  return manifest;
}

/** Copies the archive's keys into an empty key directory; returns an undo that removes what it wrote. */
function installKeys(from: string, manifest: BackupManifest, keysDir: string): () => void {
  const createdDir = !fs.existsSync(keysDir);
  fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  const undo = () => {
    for (const f of written) fs.rmSync(f, { force: true });
    if (createdDir) fs.rmSync(keysDir, { recursive: true, force: true });
  };
  try {
    for (const f of manifest.keyFiles) {
      const dest = path.join(keysDir, f);
      fs.copyFileSync(path.join(from, f), dest, fs.constants.COPYFILE_EXCL);
      written.push(dest);
      fs.chmodSync(dest, 0o600);
    }
  } catch (err) {
    undo();
    throw err;
  }
  return undo;
}

/**
 * Restores an archive into an empty target: DATA_DIR without `pglite/` and a key directory without files
 * (PGlite), or a database without tables and an empty key directory (PostgreSQL). Refuses otherwise,
 * changing nothing.
 */
export async function restoreBackup(config: Config, file: string): Promise<RestoreResult> {
  const archive = path.resolve(file);
  if (!fs.existsSync(archive) || !fs.statSync(archive).isFile()) throw new Error(`备份文件不存在：${archive}`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-restore-'));
  try {
    const manifest = await extractArchive(archive, staging);
    const engine: Engine = config.databaseUrl ? 'postgres' : 'pglite';
    if (manifest.engine !== engine) {
      throw new Error(
        `该备份来自${engineLabel[manifest.engine]}，当前配置为${engineLabel[engine]}` +
          `（${engine === 'postgres' ? '已设置' : '未设置'} DATABASE_URL），两者不能互相恢复。`,
      );
    }
    const refuseKeys = () => {
      if (isNonEmptyDir(config.keysDir)) {
        throw new Error(
          `恢复目标不是空的：密钥目录 ${config.keysDir} 已存在内容。恢复只能写入空的数据目录，未做任何更改。`,
        );
      }
    };
    const keysFrom = path.join(staging, keysMember);
    const dataPath = path.join(staging, manifest.dataFile);

    if (engine === 'pglite') {
      const pgliteDir = pgliteDirOf(config);
      const refuseNonEmpty = () => {
        if (isNonEmptyDir(pgliteDir)) {
          throw new Error(
            `恢复目标不是空的：${pgliteDir} 已存在。恢复只能写入空的数据目录（DATA_DIR），未做任何更改。`,
          );
        }
        refuseKeys();
      };
      refuseNonEmpty();
      const createdDataDir = !fs.existsSync(config.dataDir);
      fs.mkdirSync(config.dataDir, { recursive: true });
      let lock: DirLock;
      try {
        lock = acquireLock(lockFileOf(config));
      } catch (err) {
        if (createdDataDir) fs.rmSync(config.dataDir, { recursive: true, force: true });
        throw err;
      }
      try {
        refuseNonEmpty(); // checked again under the lock
        const pgliteExisted = fs.existsSync(pgliteDir);
        const undoKeys = installKeys(keysFrom, manifest, config.keysDir);
        try {
          const pglite = new PGlite(pgliteDir, { loadDataDir: new Blob([fs.readFileSync(dataPath)]) });
          try {
            await pglite.waitReady;
            await pglite.query('select 1');
            await pglite.query('CHECKPOINT');
          } finally {
            await pglite.close();
          }
        } catch (err) {
          undoKeys();
          if (pgliteExisted) {
            for (const f of fs.readdirSync(pgliteDir))
              fs.rmSync(path.join(pgliteDir, f), { recursive: true, force: true });
          } else {
            fs.rmSync(pgliteDir, { recursive: true, force: true });
          }
          throw new Error(`恢复数据库失败，已撤销本次写入：${errorText(err)}`, { cause: err });
        }
      } catch (err) {
        lock.release();
        if (createdDataDir) fs.rmSync(config.dataDir, { recursive: true, force: true });
        throw err;
      }
      lock.release();
      return { manifest, keysDir: config.keysDir, target: pgliteDir };
    }

    refuseKeys();
    const databaseUrl = config.databaseUrl!;
    const relations = await countUserRelations(databaseUrl);
    if (relations > 0) {
      throw new Error(
        `恢复目标不是空的：数据库 ${databaseNameOf(databaseUrl)} 中已有 ${relations} 个表或其他对象。` +
          `请新建一个空数据库并把 DATABASE_URL 指向它；未做任何更改。`,
      );
    }
    const undoKeys = installKeys(keysFrom, manifest, config.keysDir);
    try {
      const { url, env } = splitPassword(databaseUrl);
      // One transaction: a failed restore leaves the database as empty as it was.
      await runTool('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', '-d', url, dataPath], env);
    } catch (err) {
      undoKeys();
      throw new Error(`恢复数据库失败，已撤销本次写入：${errorText(err)}`, { cause: err });
    }
    return { manifest, keysDir: config.keysDir, target: databaseNameOf(databaseUrl) };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
