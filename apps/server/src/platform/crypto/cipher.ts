import crypto from 'node:crypto';
import type { KeyRing } from './keys';

/**
 * Field encryption for ID and phone numbers and other secrets: AES-256-GCM, stored as base64 of
 * [key version:1][iv:12][tag:16][ciphertext]. The blind index is HMAC-SHA-256 of the normalised
 * value under the separate blind-index key, prefixed with its key version, for exact search in SQL.
 */
export interface FieldCipher {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
  blindIndex(normalised: string): string;
}

export function createFieldCipher(keys: KeyRing): FieldCipher {
  return {
    encrypt(plaintext) {
      const key = keys.encKeys.get(keys.currentEnc)!;
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([keys.currentEnc]), iv, cipher.getAuthTag(), ct]).toString('base64');
    },
    decrypt(stored) {
      const buf = Buffer.from(stored, 'base64');
      const version = buf[0];
      const key = version === undefined ? undefined : keys.encKeys.get(version);
      if (!key) throw new Error(`缺少第 ${String(version)} 版数据密钥，无法解密`);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, buf.subarray(1, 13));
      decipher.setAuthTag(buf.subarray(13, 29));
      return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]).toString('utf8');
    },
    blindIndex(normalised) {
      const key = keys.bidxKeys.get(keys.currentBidx)!;
      return `${keys.currentBidx}:${crypto.createHmac('sha256', key).update(normalised, 'utf8').digest('base64url')}`;
    },
  };
}
