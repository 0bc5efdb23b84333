import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boot } from './boot';
import { loadConfig } from './config';

describe('first start and restart (embedded database)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-boot-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', DEMO: '1', PORT: '0' });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the demo once, never reseeds, and refuses to invent new keys for existing data', async () => {
    const first = await boot(config);
    expect(first.initialised).toBe('demo');
    expect(fs.readdirSync(path.join(dir, 'keys')).sort()).toEqual(['bidx-v1.key', 'enc-v1.key']);
    await first.stop();

    const second = await boot(config);
    expect(second.initialised).toBeNull();
    await second.stop();

    fs.rmSync(path.join(dir, 'keys'), { recursive: true });
    await expect(boot(config)).rejects.toThrow(/没有密钥，但数据库中已有数据/);
    expect(fs.existsSync(path.join(dir, 'keys', 'enc-v1.key'))).toBe(false);
    // The refused start released the lock.
    expect(fs.existsSync(path.join(dir, 'anzhi.lock'))).toBe(false);
  });
});
