import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { uuidv7 } from '@anzhi/domain/ids';
import type { AppError } from '../errors/app-error';

/**
 * The bytes of attachments on disk: `<root>/aa/bb/<key>` where key is the sha256 (hex) of the stored
 * bytes. Writes go to `<root>/tmp/` first and are renamed into place (same file system: atomic).
 *
 * Encrypted blobs: "AZF1" ‖ iv (12) ‖ AES-256-GCM ciphertext ‖ tag (16), written and read as streams so
 * large files never sit in memory. The plaintext never touches the disk.
 */
const magic = Buffer.from('AZF1', 'latin1');
const ivBytes = 12;
const tagBytes = 16;
const headerBytes = magic.length + ivBytes;

export const filesRootOf = (dataDir: string) => path.join(dataDir, 'files');

export function blobPath(root: string, key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`invalid storage key: ${key}`);
  return path.join(root, key.slice(0, 2), key.slice(2, 4), key);
}

/**
 * Checks the plaintext as it streams: holds back the first `headBytes` until `checkHead` accepts them,
 * counts and hashes what it lets through. On a violation it stops forwarding but keeps reading to the end
 * (so the client gets a proper answer instead of a reset connection), then fails with that error.
 */
export class UploadGuard extends Transform {
  readonly hash = crypto.createHash('sha256');
  size = 0;
  private head: Buffer[] = [];
  private headLength = 0;
  private headChecked = false;
  private rejection: AppError | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly headBytes: number,
    private readonly checkHead: (head: Buffer) => AppError | null,
    private readonly tooLarge: () => AppError,
    private readonly empty: () => AppError,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    if (this.rejection) return done();
    if (this.size + chunk.length > this.maxBytes) {
      this.rejection = this.tooLarge();
      return done();
    }
    this.size += chunk.length;
    if (this.headChecked) {
      this.forward(chunk);
      return done();
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength >= this.headBytes) this.releaseHead();
    done();
  }

  override _flush(done: TransformCallback) {
    if (!this.rejection && !this.headChecked) {
      if (this.size === 0) this.rejection = this.empty();
      else this.releaseHead();
    }
    done(this.rejection ?? undefined);
  }

  private releaseHead() {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.headChecked = true;
    this.rejection = this.checkHead(head.subarray(0, this.headBytes));
    if (!this.rejection) this.forward(head);
  }

  private forward(chunk: Buffer) {
    this.hash.update(chunk);
    this.push(chunk);
  }
}

/** AES-256-GCM encryption as a stream: header, ciphertext, then the tag at the end. */
class EncryptStream extends Transform {
  private readonly cipher: crypto.CipherGCM;

  constructor(key: Buffer) {
    super();
    const iv = crypto.randomBytes(ivBytes);
    this.cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    this.push(Buffer.concat([magic, iv]));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    done(null, this.cipher.update(chunk));
  }

  override _flush(done: TransformCallback) {
    this.push(this.cipher.final());
    this.push(this.cipher.getAuthTag());
    done();
  }
}

/** Hashes the bytes that go to disk (the storage key). */
class DigestStream extends Transform {
  readonly hash = crypto.createHash('sha256');
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.hash.update(chunk);
    done(null, chunk);
  }
}

export interface WrittenBlob {
  tempPath: string;
  /** sha256 of the bytes on disk. */
  storageKey: string;
}

/**
 * Streams `source` through `guard` (and encryption when `fileKey` is given) into a temporary file.
 * The caller moves it into place with {@link commitBlob} or drops it with {@link discardTemp}.
 */
export async function writeTemp(
  root: string,
  source: Readable,
  guard: UploadGuard,
  fileKey?: Buffer,
): Promise<WrittenBlob> {
  const tmpDir = path.join(root, 'tmp');
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const tempPath = path.join(tmpDir, `${uuidv7()}.part`);
  const digest = new DigestStream();
  const out = fs.createWriteStream(tempPath, { mode: 0o600 });
  try {
    if (fileKey) await pipeline(source, guard, new EncryptStream(fileKey), digest, out);
    else await pipeline(source, guard, digest, out);
  } catch (err) {
    // The file stream opens asynchronously: a refusal can come before it has even created the file. Wait until
    // it is closed (destroyed by the pipeline), or the file would appear after it was removed.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await discardTemp(tempPath);
    throw err;
  }
  return { tempPath, storageKey: digest.hash.digest('hex') };
}

/** Moves a temporary file to its content address; if identical bytes are already stored, keeps those. */
export async function commitBlob(root: string, tempPath: string, storageKey: string): Promise<void> {
  const target = blobPath(root, storageKey);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  if (fs.existsSync(target)) {
    await discardTemp(tempPath);
    return;
  }
  await fs.promises.rename(tempPath, target);
}

export async function discardTemp(tempPath: string): Promise<void> {
  await fs.promises.rm(tempPath, { force: true });
}

export function blobExists(root: string, storageKey: string): boolean {
  return fs.existsSync(blobPath(root, storageKey));
}

/** Removes a stored file (and its now-empty fan-out folders). */
export async function removeBlob(root: string, storageKey: string): Promise<boolean> {
  const file = blobPath(root, storageKey);
  if (!fs.existsSync(file)) return false;
  await fs.promises.rm(file, { force: true });
  for (const dir of [path.dirname(file), path.dirname(path.dirname(file))]) {
    try {
      await fs.promises.rmdir(dir);
    } catch {
      break; // not empty (or gone): leave it
    }
  }
  return true;
}

/** A readable stream of the plaintext: the file itself, or the decryption of an encrypted blob. */
export async function openBlob(root: string, storageKey: string, fileKey?: Buffer): Promise<Readable> {
  const file = blobPath(root, storageKey);
  if (!fileKey) return fs.createReadStream(file);
  const handle = await fs.promises.open(file, 'r');
  let header: Buffer;
  let tag: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    if (size < headerBytes + tagBytes) throw new Error(`encrypted blob too short: ${storageKey}`);
    header = Buffer.alloc(headerBytes);
    tag = Buffer.alloc(tagBytes);
    await handle.read(header, 0, headerBytes, 0);
    await handle.read(tag, 0, tagBytes, size - tagBytes);
  } finally {
    await handle.close();
  }
  if (!header.subarray(0, magic.length).equals(magic)) throw new Error(`not an encrypted blob: ${storageKey}`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', fileKey, header.subarray(magic.length));
  decipher.setAuthTag(tag);
  const ciphertextEnd = size - tagBytes - 1; // inclusive
  if (ciphertextEnd < headerBytes) {
    decipher.end();
    return decipher;
  }
  const body = fs.createReadStream(file, { start: headerBytes, end: ciphertextEnd });
  // A tampered file fails at the end (the tag check); the error reaches the consumer of `decipher`.
  body.on('error', (err) => decipher.destroy(err));
  return body.pipe(decipher);
}
