/**
 * The parse worker (a worker thread, so the server's event loop keeps answering while a large file is read):
 * decrypts and streams the stored upload, reads and checks every row and hands them to the main thread in
 * chunks, waiting for each chunk to be staged before reading on (back-pressure).
 */
// First: exceljs must load after its UTF-8 fix (see the module).
import './exceljs-utf8-fix';
import { parentPort, workerData } from 'node:worker_threads';
import { openBlob } from '../../platform/files/attachment-store';
import type { ParseWorkerInput, ParseWorkerMessage } from './parse-worker.host';
import { readRegistryFile } from './registry-reader';

const port = parentPort!;
const input = workerData as ParseWorkerInput;
let acked: (() => void) | null = null;
port.on('message', () => acked?.());

function send(message: ParseWorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    acked = resolve;
    port.postMessage(message);
  });
}

async function main() {
  const source = await openBlob(
    input.root,
    input.storageKey,
    input.fileKey ? Buffer.from(input.fileKey, 'base64') : undefined,
  );
  for await (const event of readRegistryFile(source, input.format, input.today, input.chunkRows)) {
    if (event.type === 'done') port.postMessage(event satisfies ParseWorkerMessage);
    else await send(event);
  }
}

main().catch((err: unknown) => {
  const raw = err instanceof Error ? err.message : String(err);
  // Our own reasons are in Chinese; a library's (a broken zip, bad XML) is wrapped in one.
  const message = /[\u4e00-\u9fa5]/.test(raw) ? raw : `无法读取文件，请确认是有效的 .xlsx 或 CSV 文件（${raw}）`;
  port.postMessage({ type: 'failed', message } satisfies ParseWorkerMessage);
});
