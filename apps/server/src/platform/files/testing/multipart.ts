import crypto from 'node:crypto';
import type { Agent } from '../../../test/harness';

/** A file part of a test upload. */
export interface FilePart {
  filename: string;
  content: Buffer | string;
}

/** A multipart/form-data body: the text fields first, then the file (as browsers and antd Upload send it). */
export function multipart(fields: Record<string, string>, file?: FilePart) {
  const boundary = `----anzhi${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
    );
    chunks.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** POST /api/v1/attachments as the agent's user. */
export async function upload(a: Agent, file: FilePart, fields: Record<string, string> = {}) {
  const { body, headers } = multipart(fields, file);
  return a.request('POST', '/api/v1/attachments', body, headers);
}
