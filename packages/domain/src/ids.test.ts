import { describe, it, expect } from 'vitest';
import { isUuid, isUuidV7, uuidv7, uuidv7Timestamp } from './ids';

const FORMAT_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The 12-bit rand_a field (the monotonic counter). */
function randA(id: string): number {
  return Number.parseInt(id.slice(15, 18), 16);
}

describe('uuidv7', () => {
  it('produces lowercase canonical 8-4-4-4-12 hex', () => {
    const id = uuidv7();
    expect(id).toMatch(FORMAT_RE);
    expect(id).toHaveLength(36);
  });

  it('sets version nibble 7 and variant bits 10', () => {
    for (let i = 0; i < 200; i += 1) {
      const id = uuidv7();
      expect(id[14]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(id[19]);
    }
  });

  it('encodes the given millisecond timestamp big-endian in the first 48 bits', () => {
    const ms = Date.UTC(2022, 2, 31, 16, 0, 0, 123);
    const id = uuidv7(ms);
    expect(uuidv7Timestamp(id)).toBe(ms);
    expect(id.slice(0, 13)).toBe(
      `${ms.toString(16).padStart(12, '0').slice(0, 8)}-${ms.toString(16).padStart(12, '0').slice(8)}`,
    );
  });

  it('encodes extreme timestamps', () => {
    expect(uuidv7(0).startsWith('00000000-0000-7')).toBe(true);
    expect(uuidv7Timestamp(uuidv7(0))).toBe(0);
    const max = 2 ** 48 - 1;
    const id = uuidv7(max);
    expect(id.startsWith('ffffffff-ffff-7')).toBe(true);
    expect(uuidv7Timestamp(id)).toBe(max);
  });

  it('truncates fractional milliseconds', () => {
    expect(uuidv7Timestamp(uuidv7(1_650_000_000_000.9))).toBe(1_650_000_000_000);
  });

  it('rejects invalid timestamps', () => {
    expect(() => uuidv7(-1)).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48)).toThrow(RangeError);
    expect(() => uuidv7(Number.NaN)).toThrow(RangeError);
    expect(() => uuidv7(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('defaults to the current time', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    const ts = uuidv7Timestamp(id);
    expect(ts).toBeGreaterThanOrEqual(before);
    // The timestamp may run slightly ahead only when the counter overflowed, never by much.
    expect(ts).toBeLessThanOrEqual(after + 5);
  });

  it('is sortable by time (string order follows timestamp order)', () => {
    const base = Date.UTC(2023, 0, 1);
    const times = [0, 1, 2, 10, 999, 1000, 60_000, 86_400_000, 31_536_000_000].map((d) => base + d);
    const ids = times.map((t) => uuidv7(t));
    expect([...ids].sort()).toEqual(ids);
    ids.forEach((id, i) => expect(uuidv7Timestamp(id)).toBe(times[i]));
  });

  it('sorts ids from later milliseconds after ids from earlier ones, regardless of randomness', () => {
    for (let i = 0; i < 500; i += 1) {
      const t = 1_700_000_000_000 + i * 7;
      const a = uuidv7(t);
      const b = uuidv7(t + 1);
      expect(a < b).toBe(true);
    }
  });

  it('is strictly monotonic within the same millisecond (counter in rand_a)', () => {
    const ms = Date.UTC(2024, 5, 1, 8, 0, 0);
    const ids = Array.from({ length: 1000 }, () => uuidv7(ms));
    for (let i = 1; i < ids.length; i += 1) {
      const prev = ids[i - 1] ?? '';
      const cur = ids[i] ?? '';
      expect(prev < cur).toBe(true);
      expect(randA(cur)).toBe(randA(prev) + 1);
      expect(uuidv7Timestamp(cur)).toBe(ms);
    }
  });

  it('stays monotonic when the counter overflows by borrowing the next millisecond', () => {
    const ms = Date.UTC(2024, 6, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(ms));
    for (let i = 1; i < ids.length; i += 1) {
      expect((ids[i - 1] ?? '') < (ids[i] ?? '')).toBe(true);
    }
    // At least 2048 ids fit into the requested millisecond (the counter seed has its top bit clear).
    expect(ids.slice(0, 2048).every((id) => uuidv7Timestamp(id) === ms)).toBe(true);
    const last = uuidv7Timestamp(ids[ids.length - 1] ?? '');
    expect(last).toBeGreaterThan(ms);
    expect(last).toBeLessThanOrEqual(ms + 5);
    // Once the real clock reaches the borrowed millisecond, ids still sort after the earlier ones.
    const next = uuidv7(ms + 1);
    expect((ids[ids.length - 1] ?? '') < next).toBe(true);
  });

  it('starts a new sequence for a back-dated timestamp and keeps that timestamp', () => {
    const now = Date.UTC(2025, 0, 1);
    uuidv7(now);
    const old = Date.UTC(2020, 0, 1);
    expect(uuidv7Timestamp(uuidv7(old))).toBe(old);
  });

  it('generates 10,000 unique, strictly increasing ids from the real clock', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(10_000);
    for (let i = 1; i < ids.length; i += 1) {
      expect((ids[i - 1] ?? '') < (ids[i] ?? '')).toBe(true);
    }
    ids.forEach((id) => expect(isUuidV7(id)).toBe(true));
  });

  it('has random low bits (no two ids share rand_b even in the same millisecond)', () => {
    const ms = Date.UTC(2026, 0, 1);
    const tails = new Set(Array.from({ length: 1000 }, () => uuidv7(ms).slice(19)));
    expect(tails.size).toBe(1000);
  });
});

describe('isUuid', () => {
  it('accepts canonical UUIDs of any RFC version in either case', () => {
    expect(isUuid(uuidv7())).toBe(true);
    expect(isUuid('f47ac10b-58cc-4372-a567-0e02b2c3d479')).toBe(true); // v4
    expect(isUuid('F47AC10B-58CC-4372-A567-0E02B2C3D479')).toBe(true);
    expect(isUuid('c232ab00-9414-11ec-b3c8-9f6bdeced846')).toBe(true); // v1
    expect(isUuid('017f22e2-79b0-7cc3-98c4-dc0c0c07398f')).toBe(true); // RFC 9562 v7 example
  });

  it('rejects malformed strings, wrong version/variant, nil/max and non-strings', () => {
    expect(isUuid('')).toBe(false);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid('f47ac10b58cc4372a5670e02b2c3d479')).toBe(false); // no dashes
    expect(isUuid('{f47ac10b-58cc-4372-a567-0e02b2c3d479}')).toBe(false);
    expect(isUuid(' f47ac10b-58cc-4372-a567-0e02b2c3d479')).toBe(false);
    expect(isUuid('f47ac10b-58cc-4372-a567-0e02b2c3d47')).toBe(false); // too short
    expect(isUuid('g47ac10b-58cc-4372-a567-0e02b2c3d479')).toBe(false); // non-hex
    expect(isUuid('f47ac10b-58cc-0372-a567-0e02b2c3d479')).toBe(false); // version 0
    expect(isUuid('f47ac10b-58cc-9372-a567-0e02b2c3d479')).toBe(false); // version 9
    expect(isUuid('f47ac10b-58cc-4372-c567-0e02b2c3d479')).toBe(false); // variant 110
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(isUuid('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe(false);
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});

describe('isUuidV7 / uuidv7Timestamp', () => {
  it('distinguishes v7 from other versions', () => {
    expect(isUuidV7(uuidv7())).toBe(true);
    expect(isUuidV7('f47ac10b-58cc-4372-a567-0e02b2c3d479')).toBe(false);
  });

  it('decodes the RFC 9562 example timestamp', () => {
    // RFC 9562 Appendix A.6: 017F22E2-79B0-7CC3-98C4-DC0C0C07398F is Tuesday, February 22, 2022 2:22:22.00 PM GMT-05:00.
    expect(uuidv7Timestamp('017f22e2-79b0-7cc3-98c4-dc0c0c07398f')).toBe(Date.UTC(2022, 1, 22, 19, 22, 22));
  });

  it('refuses to decode non-v7 ids', () => {
    expect(() => uuidv7Timestamp('f47ac10b-58cc-4372-a567-0e02b2c3d479')).toThrow(RangeError);
  });
});
