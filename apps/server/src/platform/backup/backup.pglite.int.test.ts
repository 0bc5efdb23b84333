import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';

import path from 'node:path';

import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

import { boot, type Running } from '../../boot';
import { type Config } from '../../config';

import { filesRootOf } from '../files/attachment-store';

import { createBackup, restoreBackup } from './backup';
import {
  addMarker,
  configFor,
  expectDownload,
  expectRestored,
  removeTmpRoot,
  snapshot,
  storedFileCount,
  tmpDir,
  tmpRoot,
  uploadPersonalFile,
} from './testing/backup-fixtures';

afterAll(removeTmpRoot);

describe('backup and restore on PGlite', () => {
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
      fileCount: storedFileCount(source.dataDir), // the demo's files and the personal upload
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
    expect([filesArchive, fileCount]).toEqual(['files.tar.gz', storedFileCount(source.dataDir)]);
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
