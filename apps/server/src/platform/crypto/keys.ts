import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Key files: `enc-v<N>.key` (AES-256-GCM data key) and `bidx-v<N>.key` (HMAC key of the blind index),
 * each 32 random bytes in base64. The highest version is used for new data; older ones still decrypt.
 * A lost key loses every value encrypted with it: back up ./data/keys (see README).
 */
export interface KeyRing {
  encKeys: Map<number, Buffer>;
  bidxKeys: Map<number, Buffer>;
  currentEnc: number;
  currentBidx: number;
}

const fileRe = /^(enc|bidx)-v(\d+)\.key$/;

/** True when the directory holds both a data key and a blind-index key. */
export function hasKeys(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  const files = fs.readdirSync(dir).filter((f) => fileRe.test(f));
  return files.some((f) => f.startsWith('enc-')) && files.some((f) => f.startsWith('bidx-'));
}

export function ensureKeys(dir: string): { created: boolean } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const existing = fs.readdirSync(dir).filter((f) => fileRe.test(f));
  if (existing.some((f) => f.startsWith('enc-')) && existing.some((f) => f.startsWith('bidx-'))) {
    return { created: false };
  }
  for (const kind of ['enc', 'bidx'] as const) {
    if (existing.some((f) => f.startsWith(`${kind}-`))) continue;
    const file = path.join(dir, `${kind}-v1.key`);
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return { created: true };
}

export function loadKeys(dir: string): KeyRing {
  if (!fs.existsSync(dir)) {
    throw new Error(`密钥目录不存在：${dir}。嵌入式安装首次启动时会自动生成；生产环境请配置 KEYS_DIR。`);
  }
  const encKeys = new Map<number, Buffer>();
  const bidxKeys = new Map<number, Buffer>();
  for (const f of fs.readdirSync(dir)) {
    const m = fileRe.exec(f);
    if (!m) continue;
    const key = Buffer.from(fs.readFileSync(path.join(dir, f), 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`密钥文件 ${f} 损坏：应为 32 字节`);
    (m[1] === 'enc' ? encKeys : bidxKeys).set(Number(m[2]), key);
  }
  if (encKeys.size === 0 || bidxKeys.size === 0) throw new Error(`密钥目录 ${dir} 缺少 enc-v*.key 或 bidx-v*.key`);
  return {
    encKeys,
    bidxKeys,
    currentEnc: Math.max(...encKeys.keys()),
    currentBidx: Math.max(...bidxKeys.keys()),
  };
}
