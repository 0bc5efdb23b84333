import crypto from 'node:crypto';
import fs from 'node:fs';

import path from 'node:path';

import pg from 'pg';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

import { boot } from '../../boot';

import { engineUnavailable } from '../../test/harness';

import { filesRootOf } from '../files/attachment-store';

import { createBackup, restoreBackup } from './backup';
import {
  addMarker,
  configFor,
  expectDownload,
  expectRestored,
  removeTmpRoot,
  storedFileCount,
  tmpDir,
  tmpRoot,
  uploadPersonalFile,
} from './testing/backup-fixtures';

afterAll(removeTmpRoot);

describe.skipIf(engineUnavailable())('backup and restore on PostgreSQL', () => {
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
      manifest: {
        engine: 'postgres',
        dataFile: 'postgres.dump',
        filesArchive: 'files.tar.gz',
        fileCount: storedFileCount(source.dataDir),
      },
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
