import fs from 'node:fs';

import path from 'node:path';

import * as tar from 'tar';
import { afterAll, describe, expect, it } from 'vitest';

import { restoreBackup } from './backup';
import { configFor, removeTmpRoot, tmpDir, tmpRoot } from './testing/backup-fixtures';

afterAll(removeTmpRoot);

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
