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
import { filesRootOf } from '../files/attachment-store';
import { backupTokenHeader } from './backup.routes';

/**
 * One backup archive (decisions.md, "Demo mode and a real install"): a gzip'd tar holding
 * - `manifest.json`: format, engine, time, app version, key file names and a SHA-256 of every member;
 * - `keys/`: a copy of the key directory (without it the encrypted fields are lost);
 * - `pglite-data.tar.gz` (PGlite `dumpDataDir('gzip')`) or `postgres.dump` (`pg_dump -Fc`);
 * - `files.tar.gz` (since format 2): the attachment store `<dataDir>/files/` without its `tmp/` folder. Personal
 *   data stays encrypted in it (its file keys are wrapped by the data key, which is in `keys/`).
 * Restore only ever fills an empty target, so it can never overwrite live data. Archives of format 1 (no
 * attachments) are still restored.
 */
export const backupFormat = 'anzhi-backup';
export const backupFormatVersion = 2;
const manifestName = 'manifest.json';
const keysMember = 'keys';
const filesMember = 'files.tar.gz';
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
  /** The attachment store (format 2 on; absent in format 1 archives). */
  filesArchive: z.literal(filesMember).optional(),
  /** Stored attachment files in `filesArchive`. */
  fileCount: z.number().int().min(0).optional(),
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
  /** Where the attachments went (`<dataDir>/files`), or null for an archive without them (format 1). */
  filesDir: string | null;
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

// ─── Attachments ───────────────────────────────────────────────────────────────────────────────────────

/** Member paths of the attachment store: `.`, `aa`, `aa/bb`, `aa/bb/<sha256>` (tar may add `./` and a `/`). */
const storePathPattern = /^[0-9a-f]{2}(\/[0-9a-f]{2}(\/[0-9a-f]{64})?)?$/;
const storePath = (p: string) => p.replace(/^\.\//, '').replace(/\/$/, '');

/** Regular files under `dir`, leaving out `<dir>/tmp` (uploads in progress). */
function countStoredFiles(dir: string, top = true): number {
  let n = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  for (const e of entries) {
    if (top && e.name === 'tmp') continue;
    if (e.isFile()) n += 1;
    else if (e.isDirectory()) n += countStoredFiles(path.join(dir, e.name), false);
  }
  return n;
}

/**
 * Packs the attachment store into `target` (an empty archive when there is none). Stored files are only ever
 * renamed into place or removed, so a file is either packed whole or not at all; one that the daily purge
 * removes during packing makes tar fail, hence a second try.
 */
async function packFiles(root: string, target: string): Promise<number> {
  const empty = !fs.existsSync(root);
  const cwd = empty ? fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-nofiles-')) : root;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await tar.c(
          {
            gzip: true,
            file: target,
            cwd,
            portable: true,
            filter: (p) => storePath(p) !== 'tmp' && !storePath(p).startsWith('tmp/'),
          },
          ['.'],
        );
        break;
      } catch (err) {
        fs.rmSync(target, { force: true });
        if (attempt >= 2) throw new Error(`打包附件目录失败：${errorText(err)}`, { cause: err });
      }
    }
    fs.chmodSync(target, 0o600);
    return empty ? 0 : countStoredFiles(root);
  } finally {
    if (empty) fs.rmSync(cwd, { recursive: true, force: true });
  }
}

/** Unpacks the attachment store into `root` (absent or empty): plain files and folders of the store's layout only. */
async function unpackFiles(archive: string, root: string): Promise<void> {
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  await tar.x({
    file: archive,
    cwd: root,
    strict: true,
    filter: (p, entry) => {
      const clean = storePath(p);
      const typeOk = !('type' in entry) || entry.type === 'File' || entry.type === 'Directory';
      return typeOk && (clean === '' || clean === '.' || storePathPattern.test(clean));
    },
  });
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

    // After the database: every attachment row in the dump was committed with its file already in place.
    const filesPath = path.join(staging, filesMember);
    const fileCount = await packFiles(filesRootOf(config.dataDir), filesPath);

    const sha256: Record<string, string> = {
      [dataFile]: await sha256File(dataPath),
      [filesMember]: await sha256File(filesPath),
    };
    for (const f of keyFiles) sha256[`${keysMember}/${f}`] = await sha256File(path.join(staging, keysMember, f));
    const manifest: BackupManifest = {
      format: backupFormat,
      formatVersion: backupFormatVersion,
      engine,
      createdAt: new Date().toISOString(),
      appVersion: appVersion(),
      keyFiles,
      dataFile,
      filesArchive: filesMember,
      fileCount,
      sha256,
    };
    fs.writeFileSync(path.join(staging, manifestName), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });

    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.partial-${process.pid}`;
    try {
      await tar.c({ gzip: true, file: partial, cwd: staging, portable: true }, [
        manifestName,
        keysMember,
        dataFile,
        filesMember,
      ]);
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
      clean === filesMember ||
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
  if (manifest.formatVersion >= 2 && !manifest.filesArchive) throw new Error(`${notBackup}（备份清单中缺少附件归档）`);

  const members = [
    manifest.dataFile,
    ...(manifest.filesArchive ? [manifest.filesArchive] : []),
    ...manifest.keyFiles.map((f) => `${keysMember}/${f}`),
  ];
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

/** Unpacks the archive's attachments into an empty `<dataDir>/files`; returns an undo that removes what it wrote. */
async function installFiles(archive: string, root: string): Promise<() => void> {
  const createdDir = !fs.existsSync(root);
  const undo = () => {
    if (createdDir) fs.rmSync(root, { recursive: true, force: true });
    else for (const f of fs.readdirSync(root)) fs.rmSync(path.join(root, f), { recursive: true, force: true });
  };
  try {
    await unpackFiles(archive, root);
  } catch (err) {
    undo();
    throw new Error(`恢复附件失败，已撤销本次写入：${errorText(err)}`, { cause: err });
  }
  return undo;
}

/**
 * Restores an archive into an empty target: DATA_DIR without `pglite/` and a key directory without files
 * (PGlite), or a database without tables and an empty key directory (PostgreSQL); for both, no content in
 * `<dataDir>/files/` (the attachments go there). Refuses otherwise, changing nothing.
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
    const filesRoot = filesRootOf(config.dataDir);
    const refuseKeysOrFiles = () => {
      if (isNonEmptyDir(config.keysDir)) {
        throw new Error(
          `恢复目标不是空的：密钥目录 ${config.keysDir} 已存在内容。恢复只能写入空的数据目录，未做任何更改。`,
        );
      }
      if (isNonEmptyDir(filesRoot)) {
        throw new Error(`恢复目标不是空的：附件目录 ${filesRoot} 已存在内容。恢复只能写入空的数据目录，未做任何更改。`);
      }
    };
    const keysFrom = path.join(staging, keysMember);
    const dataPath = path.join(staging, manifest.dataFile);
    const filesFrom = manifest.filesArchive ? path.join(staging, manifest.filesArchive) : null;
    /** Keys, then attachments: one undo for both. */
    const installKeysAndFiles = async () => {
      const undoKeys = installKeys(keysFrom, manifest, config.keysDir);
      if (!filesFrom) return undoKeys;
      try {
        const undoFiles = await installFiles(filesFrom, filesRoot);
        return () => {
          undoFiles();
          undoKeys();
        };
      } catch (err) {
        undoKeys();
        throw err;
      }
    };
    const result = (target: string): RestoreResult => ({
      manifest,
      keysDir: config.keysDir,
      filesDir: filesFrom ? filesRoot : null,
      target,
    });

    if (engine === 'pglite') {
      const pgliteDir = pgliteDirOf(config);
      const refuseNonEmpty = () => {
        if (isNonEmptyDir(pgliteDir)) {
          throw new Error(
            `恢复目标不是空的：${pgliteDir} 已存在。恢复只能写入空的数据目录（DATA_DIR），未做任何更改。`,
          );
        }
        refuseKeysOrFiles();
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
        const undoInstall = await installKeysAndFiles();
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
          undoInstall();
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
      return result(pgliteDir);
    }

    refuseKeysOrFiles();
    const databaseUrl = config.databaseUrl!;
    const relations = await countUserRelations(databaseUrl);
    if (relations > 0) {
      throw new Error(
        `恢复目标不是空的：数据库 ${databaseNameOf(databaseUrl)} 中已有 ${relations} 个表或其他对象。` +
          `请新建一个空数据库并把 DATABASE_URL 指向它；未做任何更改。`,
      );
    }
    const undoInstall = await installKeysAndFiles();
    try {
      const { url, env } = splitPassword(databaseUrl);
      // One transaction: a failed restore leaves the database as empty as it was.
      await runTool('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', '-d', url, dataPath], env);
    } catch (err) {
      undoInstall();
      throw new Error(`恢复数据库失败，已撤销本次写入：${errorText(err)}`, { cause: err });
    }
    return result(databaseNameOf(databaseUrl));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
