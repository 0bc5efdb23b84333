import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBlindIndexer, createFieldCipher } from './cipher';

const reference = (version: number, key: Buffer, s: string) =>
  `${version}:${crypto.createHmac('sha256', key).update(s, 'utf8').digest('base64url')}`;

describe('blind index', () => {
  // ASCII ID numbers, Chinese text, an empty value and values longer than the indexer's first buffer.
  const values = ['36073519800101001X', '', '黄建国', '１２３', 'x'.repeat(255), 'y'.repeat(256), '中'.repeat(400)];

  it('is HMAC-SHA-256 of the value, for keys shorter and longer than a block', () => {
    for (const size of [16, 32, 64, 65, 100]) {
      const key = crypto.randomBytes(size);
      const index = createBlindIndexer(3, key);
      // Each value twice, in turn: the reused buffer keeps nothing of the previous value.
      for (const v of [...values, ...[...values].reverse()]) expect(index(v)).toBe(reference(3, key, v));
    }
  });

  it('is the same through the cipher and through the key it hands to a worker', () => {
    const bidx = crypto.randomBytes(32);
    const cipher = createFieldCipher({
      encKeys: new Map([[1, crypto.randomBytes(32)]]),
      currentEnc: 1,
      bidxKeys: new Map([[2, bidx]]),
      currentBidx: 2,
    });
    const { version, key } = cipher.blindIndexKey();
    expect(version).toBe(2);
    const inWorker = createBlindIndexer(version, key);
    for (const v of values) {
      expect(cipher.blindIndex(v)).toBe(reference(2, bidx, v));
      expect(inWorker(v)).toBe(cipher.blindIndex(v));
    }
  });
});
