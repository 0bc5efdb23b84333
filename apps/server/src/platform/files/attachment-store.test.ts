import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error';
import { blobPath, commitBlob, openBlob, UploadGuard, writeTemp } from './attachment-store';
import { acceptedExtension, contentMatches } from './attachment-types';
import { contentDisposition } from './attachments.routes';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-files-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const guard = (max = 1 << 30) =>
  new UploadGuard(
    max,
    16,
    () => null,
    () => new AppError('PAYLOAD_TOO_LARGE', 'too large'),
    () => new AppError('BAD_REQUEST', 'empty'),
  );

/** A stream of `total` bytes in 64 KB chunks, like a multipart file part. */
function chunked(data: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += 65536) yield data.subarray(i, i + 65536);
    })(),
  );
}

describe('attachment store', () => {
  it('encrypts a multi-megabyte stream and decrypts it back; a flipped byte fails the tag check', async () => {
    const plain = Buffer.from('身份证号 360735199001011234\n'.repeat(200_000)); // ~6 MB
    const key = crypto.randomBytes(32);
    const g = guard();
    const written = await writeTemp(root, chunked(plain), g, key);
    await commitBlob(root, written.tempPath, written.storageKey);
    const file = blobPath(root, written.storageKey);
    const onDisk = fs.readFileSync(file);
    expect(onDisk.length).toBe(plain.length + 4 + 12 + 16);
    expect(onDisk.includes(Buffer.from('360735199001011234'))).toBe(false);
    expect(g.hash.digest('hex')).toBe(crypto.createHash('sha256').update(plain).digest('hex'));
    expect(written.storageKey).toBe(crypto.createHash('sha256').update(onDisk).digest('hex'));

    const back = await text(await openBlob(root, written.storageKey, key));
    expect(back).toBe(plain.toString());

    onDisk[1000] = (onDisk[1000] ?? 0) ^ 0xff;
    fs.writeFileSync(file, onDisk);
    await expect(text(await openBlob(root, written.storageKey, key))).rejects.toThrow();
  });

  it('guard: refuses past the limit after reading to the end, and refuses empty input', async () => {
    await expect(writeTemp(root, chunked(Buffer.alloc(100_001)), guard(100_000))).rejects.toThrow('too large');
    await expect(writeTemp(root, chunked(Buffer.alloc(0)), guard())).rejects.toThrow('empty');
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });
});

describe('attachment types', () => {
  it('checks magic bytes against the extension', () => {
    expect(contentMatches('.xlsx', Buffer.from('PK\x03\x04rest', 'latin1'))).toBe(true);
    expect(contentMatches('.xlsx', Buffer.from('hello'))).toBe(false);
    expect(contentMatches('.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe(true);
    expect(contentMatches('.pdf', Buffer.from('%PDF-1.7'))).toBe(true);
    expect(contentMatches('.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(contentMatches('.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(contentMatches('.csv', Buffer.from('\uFEFF姓名,身份证号\n'))).toBe(true);
    expect(contentMatches('.csv', Buffer.from('a,b\0c'))).toBe(false);
    expect(contentMatches('.csv', Buffer.from('PK\x03\x04', 'latin1'))).toBe(false);
  });

  it('accepts extensions case-insensitively and names what is allowed', () => {
    expect(acceptedExtension('照片.JPEG', 'general')).toBe('.jpeg');
    expect(() => acceptedExtension('readme', 'general')).toThrow('不支持的文件类型：（无扩展名）');
    expect(() => acceptedExtension('a.docx', 'import')).toThrow('（允许：.xlsx、.xls、.csv）');
  });

  it('encodes Chinese filenames for Content-Disposition', () => {
    expect(contentDisposition('台账 "3月".xlsx')).toBe(
      `attachment; filename="__ _3__.xlsx"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6%20%223%E6%9C%88%22.xlsx`,
    );
  });
});
