import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Attachment } from '@anzhi/contracts/attachments';
import { systemClock } from '@anzhi/domain/periods';
import { boot, type Running } from '../../boot';
import { loadConfig, type Config } from '../../config';
import { openDatabase, type Database } from '../../db/client';
import { demoAdminTotpSecret, demoPassword } from '../../demo/accounts';
import { users } from '../../modules/users/users.table';
import { Agent, engine, engineUnavailable } from '../../test/harness';
import { systemActor, writeAuditEvent } from '../audit/audit.service';
import { auditEvents } from '../audit/audit.table';
import { createFieldCipher } from '../crypto/cipher';
import { loadKeys } from '../crypto/keys';
import { filesRootOf } from '../files/attachment-store';
import { upload } from '../files/testing/multipart';
import { createBackup, restoreBackup } from './backup';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-backup-test-'));
const tmpDir = (name: string) => fs.mkdtempSync(path.join(tmpRoot, `${name}-`));

function configFor(dataDir: string, databaseUrl?: string): Config {
  return loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEMO: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
}

async function addMarker(running: Running, label: string): Promise<string> {
  return writeAuditEvent(running.database.db, systemClock, systemActor, `test.backup.${label}`, []);
}

/** An upload holding ID numbers: stored encrypted, its file key wrapped by the data key in keys/. */
const personalCsv = '\uFEFF姓名,身份证号\n测试甲,360735199001011234\n';

async function signIn(running: Running): Promise<Agent> {
  const agent = new Agent(running.app);
  expect((await agent.login('xczx', demoPassword)).statusCode).toBe(200);
  return agent;
}

async function uploadPersonalFile(running: Running): Promise<string> {
  const res = await upload(
    await signIn(running),
    { filename: '回访名单.csv', content: personalCsv },
    { personalData: 'true' },
  );
  expect(res.statusCode).toBe(201);
  expect(res.json<Attachment>()).toMatchObject({ personalData: true, encrypted: true });
  return res.json<Attachment>().id;
}

/** The restored instance serves the attachment with the content that was uploaded. */
async function expectDownload(running: Running, id: string) {
  const res = await (await signIn(running)).get(`/api/v1/attachments/${id}`);
  expect(res.statusCode).toBe(200);
  expect(res.body).toBe(personalCsv);
}

/**
 * Opens a restored target and checks the markers, the keys and the encrypted TOTP secret. With `viaServer`
 * it boots a whole server on it (migrations, no reseeding); otherwise it opens the database only.
 */
async function expectRestored(
  config: Config,
  sourceKeysDir: string,
  markers: { present: string[]; absent?: string[] },
  viaServer: boolean,
  onServer?: (running: Running) => Promise<void>,
) {
  for (const f of fs.readdirSync(sourceKeysDir)) {
    expect(fs.readFileSync(path.join(config.keysDir, f))).toEqual(fs.readFileSync(path.join(sourceKeysDir, f)));
  }
  let database: Database;
  let close: () => Promise<void>;
  let running: Running | undefined;
  if (viaServer) {
    running = await boot(config);
    expect(running.initialised).toBeNull(); // a restored database is never reseeded
    database = running.database;
    close = () => running!.stop();
  } else {
    database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
    close = () => database.close();
  }
  try {
    const db = database.db;
    for (const id of markers.present)
      expect(await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, id))).toHaveLength(1);
    for (const id of markers.absent ?? [])
      expect(await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, id))).toHaveLength(0);
    const [admin] = await db.select().from(users).where(eq(users.username, 'admin'));
    const cipher = createFieldCipher(loadKeys(config.keysDir));
    expect(cipher.decrypt(admin!.totpSecretEnc!)).toBe(demoAdminTotpSecret);
    if (running && onServer) await onServer(running);
  } finally {
    await close();
  }
}

/** Every file under a directory with its content digest: proves a refused restore changed nothing. */
function snapshot(dir: string, skip?: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const rel of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (skip?.test(rel)) continue;
    const full = path.join(dir, rel);
    const st = fs.statSync(full);
    out[rel] = st.isFile() ? crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex') : 'dir';
  }
  return out;
}

afterAll(() => {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

describe('backup archive validation', () => {
  it('refuses a file that is not a backup, in Chinese, without touching the target', async () => {
    const target = configFor(tmpDir('target'));
    const notArchive = path.join(tmpRoot, 'notes.tar.gz');
    fs.writeFileSync(notArchive, '这不是备份');
    await expect(restoreBackup(target, notArchive)).rejects.toThrow(/不是有效的备份文件/);

    const staging = tmpDir('stray');
    fs.writeFileSync(path.join(staging, 'readme.txt'), 'hello');
    const strayTar = path.join(tmpRoot, 'stray.tar.gz');
    await tar.c({ gzip: true, file: strayTar, cwd: staging }, ['readme.txt']);
    await expect(restoreBackup(target, strayTar)).rejects.toThrow(/不是有效的备份文件.*缺少 manifest\.json/);

    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify({ format: 'something-else' }));
    const badManifest = path.join(tmpRoot, 'bad-manifest.tar.gz');
    await tar.c({ gzip: true, file: badManifest, cwd: staging }, ['manifest.json']);
    await expect(restoreBackup(target, badManifest)).rejects.toThrow(/备份清单内容不符合格式/);

    await expect(restoreBackup(target, path.join(tmpRoot, 'missing.tar.gz'))).rejects.toThrow(/备份文件不存在/);
    expect(fs.readdirSync(target.dataDir)).toEqual([]);
  });
});

describe.runIf(engine === 'pglite')('backup and restore on PGlite', () => {
  let source: Config;
  let running: Running | undefined;
  let whileRunning: string;
  let afterStop: string;
  let personalFile: string;
  const markers: Record<string, string> = {};
  /** The source's attachment store, without uploads in progress. */
  const storedFiles = () => snapshot(filesRootOf(source.dataDir), /^tmp(\/|$)/);

  beforeAll(async () => {
    source = configFor(tmpDir('source'));
    // Start from the migrated template (skips a 7-second initdb); boot loads the demo into it.
    fs.cpSync(inject('pgliteTemplateDir'), path.join(source.dataDir, 'pglite'), { recursive: true });
    running = await boot(source);
    expect(running.initialised).toBe('demo');
    await running.app.listen({ port: 0, host: '127.0.0.1' });
    personalFile = await uploadPersonalFile(running);
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('backs up through the running server, which holds the lock, over HTTP', async () => {
    markers.first = await addMarker(running!, 'first');
    let served = 0;
    const count = (req: IncomingMessage) => {
      if (req.url === '/api/internal/backup') served += 1;
    };
    running!.app.server.on('request', count);
    whileRunning = path.join(tmpRoot, 'out', 'while-running.tar.gz');
    const result = await createBackup(source, whileRunning);
    expect(result).toMatchObject({ file: whileRunning, via: 'server' });
    running!.app.server.off('request', count);
    expect(served).toBe(1);
    expect(result.bytes).toBe(fs.statSync(whileRunning).size);
    expect(fs.statSync(whileRunning).mode & 0o777).toBe(0o600);
    expect(result.manifest).toMatchObject({
      format: 'anzhi-backup',
      formatVersion: 2,
      engine: 'pglite',
      dataFile: 'pglite-data.tar.gz',
      filesArchive: 'files.tar.gz',
      fileCount: 2, // the demo's sample list and the personal upload
    });
    expect(result.manifest.sha256['files.tar.gz']).toMatch(/^[0-9a-f]{64}$/);
    expect(result.manifest.keyFiles).toEqual(fs.readdirSync(source.keysDir).sort());
    const members: string[] = [];
    await tar.t({ file: whileRunning, onReadEntry: (e) => void members.push(e.path) });
    expect(members.sort()).toEqual(
      [
        'keys/',
        ...result.manifest.keyFiles.map((f) => `keys/${f}`),
        'manifest.json',
        'pglite-data.tar.gz',
        'files.tar.gz',
      ].sort(),
    );
    // The server is untouched and still holds its lock.
    expect((await running!.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    await expect(createBackup(source, whileRunning)).rejects.toThrow(/备份文件已存在/);
  });

  it('refuses a wrong backup token', async () => {
    const res = await fetch(
      `http://127.0.0.1:${(running!.app.server.address() as { port: number }).port}/api/internal/backup`,
      {
        method: 'POST',
        headers: { 'x-backup-token': 'wrong' },
      },
    );
    expect(res.status).toBe(403);
  });

  it('backs up directly from the data directory once the server has stopped', async () => {
    markers.second = await addMarker(running!, 'second');
    await running!.stop();
    running = undefined;
    afterStop = path.join(tmpRoot, 'out', 'after-stop.tar.gz');
    const result = await createBackup(source, afterStop);
    expect(result.via).toBe('direct');
    expect(fs.existsSync(path.join(source.dataDir, 'anzhi.lock'))).toBe(false); // lock taken and released
  });

  it('restores the online backup into an empty data directory', async () => {
    const target = configFor(path.join(tmpDir('restore-a'), 'data')); // DATA_DIR need not exist yet
    const result = await restoreBackup(target, whileRunning);
    expect(result.manifest.engine).toBe('pglite');
    expect(result.filesDir).toBe(filesRootOf(target.dataDir));
    expect(fs.existsSync(path.join(target.dataDir, 'anzhi.lock'))).toBe(false);
    // The attachment store comes back byte for byte (uploads in progress under tmp/ are left out).
    expect(Object.keys(storedFiles()).length).toBeGreaterThan(2);
    expect(snapshot(filesRootOf(target.dataDir))).toEqual(storedFiles());
    await expectRestored(target, source.keysDir, { present: [markers.first!], absent: [markers.second!] }, false);
  });

  it('restores the offline backup, and refuses a target that is not empty without changing it', async () => {
    const target = configFor(tmpDir('restore-b'));
    await restoreBackup(target, afterStop);
    await expectRestored(target, source.keysDir, { present: [markers.first!, markers.second!] }, true, (restored) =>
      expectDownload(restored, personalFile),
    );

    const before = snapshot(target.dataDir);
    await expect(restoreBackup(target, afterStop)).rejects.toThrow(/恢复目标不是空的/);
    expect(snapshot(target.dataDir)).toEqual(before);

    // Keys alone are enough to refuse (restoring would mix two key sets).
    const keysOnly = configFor(tmpDir('restore-c'));
    fs.mkdirSync(keysOnly.keysDir);
    fs.writeFileSync(path.join(keysOnly.keysDir, 'enc-v1.key'), 'x');
    await expect(restoreBackup(keysOnly, afterStop)).rejects.toThrow(/密钥目录.*已存在内容/);
    expect(fs.readdirSync(keysOnly.dataDir)).toEqual(['keys']);
    expect(fs.readFileSync(path.join(keysOnly.keysDir, 'enc-v1.key'), 'utf8')).toBe('x');

    // So is an attachment store with content (restoring would mix two stores).
    const filesOnly = configFor(tmpDir('restore-f'));
    fs.mkdirSync(path.join(filesOnly.dataDir, 'files', 'ab'), { recursive: true });
    await expect(restoreBackup(filesOnly, afterStop)).rejects.toThrow(/恢复目标不是空的：附件目录.*已存在内容/);
    expect(snapshot(filesOnly.dataDir)).toEqual({ files: 'dir', 'files/ab': 'dir' });

    // A PGlite backup cannot go into a PostgreSQL configuration.
    const wrongEngine = configFor(tmpDir('restore-d'), 'postgres://postgres@127.0.0.1:1/none');
    await expect(restoreBackup(wrongEngine, afterStop)).rejects.toThrow(
      /该备份来自内嵌 PGlite 数据库，当前配置为PostgreSQL 数据库/,
    );
  });

  it('refuses an archive whose data or attachments were altered', async () => {
    const target = configFor(tmpDir('restore-e'));
    for (const member of ['pglite-data.tar.gz', 'files.tar.gz']) {
      const staging = tmpDir('tamper');
      await tar.x({ file: afterStop, cwd: staging });
      fs.appendFileSync(path.join(staging, member), 'x');
      const tampered = path.join(tmpRoot, 'out', `tampered-${member}`);
      await tar.c({ gzip: true, file: tampered, cwd: staging }, fs.readdirSync(staging));
      await expect(restoreBackup(target, tampered)).rejects.toThrow(`备份文件已损坏：${member} 的校验值不符`);
      expect(fs.readdirSync(target.dataDir)).toEqual([]);
    }
  });

  it('still restores an archive of format 1 (before attachments were backed up)', async () => {
    const staging = tmpDir('v1');
    await tar.x({ file: afterStop, cwd: staging });
    const manifestPath = path.join(staging, 'manifest.json');
    const { filesArchive, fileCount, sha256, ...rest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
      filesArchive: string;
      fileCount: number;
      sha256: Record<string, string>;
    };
    expect([filesArchive, fileCount]).toEqual(['files.tar.gz', 2]);
    const { ['files.tar.gz']: _dropped, ...v1Sums } = sha256;
    fs.writeFileSync(manifestPath, JSON.stringify({ ...rest, formatVersion: 1, sha256: v1Sums }));
    fs.rmSync(path.join(staging, 'files.tar.gz'));
    const v1 = path.join(tmpRoot, 'out', 'format-1.tar.gz');
    await tar.c({ gzip: true, file: v1, cwd: staging }, fs.readdirSync(staging));

    const target = configFor(tmpDir('restore-v1'));
    const result = await restoreBackup(target, v1);
    expect(result).toMatchObject({ manifest: { formatVersion: 1 }, filesDir: null });
    expect(fs.existsSync(filesRootOf(target.dataDir))).toBe(false);
    await expectRestored(target, source.keysDir, { present: [markers.first!, markers.second!] }, false);

    // A format-2 manifest without its attachment archive is not a backup this program wrote.
    fs.writeFileSync(manifestPath, JSON.stringify({ ...rest, formatVersion: 2, sha256: v1Sums }));
    const broken = path.join(tmpRoot, 'out', 'format-2-without-files.tar.gz');
    await tar.c({ gzip: true, file: broken, cwd: staging }, fs.readdirSync(staging));
    await expect(restoreBackup(configFor(tmpDir('restore-v2')), broken)).rejects.toThrow(/缺少附件归档/);
  });
});

describe.runIf(engine === 'postgres' && !engineUnavailable())('backup and restore on PostgreSQL', () => {
  const created: string[] = [];
  let admin: pg.Client;

  async function newDatabase(fromTemplate: boolean): Promise<string> {
    const name = `anzhi_bk_${crypto.randomBytes(5).toString('hex')}`;
    await admin.query(`create database ${name}${fromTemplate ? ` template ${inject('postgresTemplate')!}` : ''}`);
    created.push(name);
    const url = new URL(inject('postgresAdminUrl'));
    url.pathname = `/${name}`;
    return url.toString();
  }

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
    await admin.connect();
  });
  afterAll(async () => {
    for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('round-trips through pg_dump and pg_restore into an empty database, and refuses one with tables', async () => {
    const source = configFor(tmpDir('pg-source'), await newDatabase(true));
    const running = await boot(source);
    let marker: string;
    let personalFile: string;
    try {
      expect(running.initialised).toBe('demo');
      marker = await addMarker(running, 'pg');
      personalFile = await uploadPersonalFile(running);
    } finally {
      await running.stop();
    }
    const file = path.join(tmpRoot, 'out', 'pg.tar.gz');
    const result = await createBackup(source, file);
    expect(result).toMatchObject({
      via: 'pg_dump',
      manifest: { engine: 'postgres', dataFile: 'postgres.dump', filesArchive: 'files.tar.gz', fileCount: 2 },
    });

    const target = configFor(tmpDir('pg-target'), await newDatabase(false));
    const restored = await restoreBackup(target, file);
    expect(restored.target).toBe(new URL(target.databaseUrl!).pathname.slice(1));
    expect(restored.filesDir).toBe(filesRootOf(target.dataDir));
    await expectRestored(target, source.keysDir, { present: [marker] }, true, (r) => expectDownload(r, personalFile));

    // A database that has tables is refused, and the (empty) key directory stays untouched.
    const busy = configFor(tmpDir('pg-busy'), source.databaseUrl);
    await expect(restoreBackup(busy, file)).rejects.toThrow(/恢复目标不是空的：数据库 anzhi_bk_\w+ 中已有 \d+ 个表/);
    expect(fs.existsSync(busy.keysDir)).toBe(false);

    // A target whose key directory has files is refused before the database is looked at.
    const keyed = configFor(tmpDir('pg-keyed'), await newDatabase(false));
    fs.cpSync(source.keysDir, keyed.keysDir, { recursive: true });
    await expect(restoreBackup(keyed, file)).rejects.toThrow(/密钥目录.*已存在内容/);

    // So is one whose attachment store has content, before the database is looked at.
    const filed = configFor(tmpDir('pg-filed'), await newDatabase(false));
    fs.cpSync(filesRootOf(source.dataDir), filesRootOf(filed.dataDir), { recursive: true });
    await expect(restoreBackup(filed, file)).rejects.toThrow(/附件目录.*已存在内容/);
    expect(fs.existsSync(filed.keysDir)).toBe(false);
  });

  it('says clearly when pg_dump is missing', async () => {
    const source = configFor(tmpDir('pg-nodump'), await newDatabase(true));
    fs.mkdirSync(source.keysDir, { recursive: true });
    fs.writeFileSync(path.join(source.keysDir, 'enc-v1.key'), crypto.randomBytes(32).toString('base64'));
    fs.writeFileSync(path.join(source.keysDir, 'bidx-v1.key'), crypto.randomBytes(32).toString('base64'));
    const savedPath = process.env.PATH;
    process.env.PATH = path.join(tmpRoot, 'no-such-bin');
    try {
      await expect(createBackup(source, path.join(tmpRoot, 'out', 'nodump.tar.gz'))).rejects.toThrow(
        /找不到 pg_dump 命令/,
      );
    } finally {
      process.env.PATH = savedPath;
    }
    expect(fs.existsSync(path.join(tmpRoot, 'out', 'nodump.tar.gz'))).toBe(false);
  });
});
