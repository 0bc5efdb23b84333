import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ImportFormat } from '@anzhi/contracts/imports';
import type { ParsedRow } from './registry-rows';
import { readRegistryFile, type ReadEvent } from './registry-reader';

/** What the parse worker is started with (the file key travels in memory only). */
export interface ParseWorkerInput {
  format: ImportFormat;
  root: string;
  storageKey: string;
  /** The unwrapped per-file key (base64), or null for an unencrypted blob. */
  fileKey: string | null;
  today: string;
  chunkRows: number;
}

export type ParseWorkerMessage = ReadEvent | { type: 'failed'; message: string };

export interface ParseHandlers {
  onHeader(unknownColumns: string[]): Promise<void>;
  onRows(rows: ParsedRow[], progress: { bytesRead: number; dataRows: number }): Promise<void>;
}

/**
 * The thread's entry: the sources are TypeScript and loader hooks of the main thread do not reach worker
 * threads, so the thread registers tsx itself before loading parse.worker.ts.
 */
const bootstrap = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api')
  .then(({ register }) => { register(); return import(workerData.workerUrl); })
  .catch((err) => { throw err; });
`;

/** A user-facing reason the file could not be read (no header, too many rows …). */
export class ParseFailure extends Error {}

/**
 * Runs the parse worker and feeds its chunks to the handlers one at a time (the worker waits until the previous
 * chunk is handled before handing over the next). Stops the worker when `signal` aborts. Resolves with the number of data rows.
 */
export function runParseWorker(input: ParseWorkerInput, handlers: ParseHandlers, signal: AbortSignal): Promise<number> {
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { ...input, workerUrl: new URL('./parse.worker.ts', import.meta.url).href },
  });
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      void worker.terminate().finally(fn);
    };
    const onAbort = () => finish(() => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted')));
    signal.addEventListener('abort', onAbort);
    // Chunks are handled one after the other; each is acknowledged when its handling starts, so the worker
    // reads the next chunk meanwhile (reading overlaps staging) and at most two chunks are held at once.
    let chain: Promise<void> = Promise.resolve();
    const fail = (err: unknown) => finish(() => reject(err instanceof Error ? err : new Error(String(err))));
    worker.on('message', (m: ParseWorkerMessage) => {
      if (m.type === 'failed') finish(() => reject(new ParseFailure(m.message)));
      else if (m.type === 'done') chain.then(() => finish(() => resolve(m.dataRows)), fail);
      else
        chain = chain
          .then(() => {
            if (settled) return;
            worker.postMessage({ type: 'ack' });
            return m.type === 'header' ? handlers.onHeader(m.unknownColumns) : handlers.onRows(m.rows, m);
          })
          .catch(fail);
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`解析进程意外退出（${code}）`))));
  });
}

/**
 * The same reading in the calling thread, for small files where starting a worker costs more than it saves
 * (the demo). Not for uploads: a large file would block the event loop.
 */
export async function runParseInThread(
  source: Readable,
  input: Pick<ParseWorkerInput, 'format' | 'today' | 'chunkRows'>,
  handlers: ParseHandlers,
): Promise<number> {
  try {
    for await (const event of readRegistryFile(source, input.format, input.today, input.chunkRows)) {
      if (event.type === 'header') await handlers.onHeader(event.unknownColumns);
      else if (event.type === 'rows') await handlers.onRows(event.rows, event);
      else return event.dataRows;
    }
  } catch (err) {
    throw new ParseFailure(err instanceof Error ? err.message : String(err));
  }
  return 0;
}
