import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ComparisonColumnDef } from '@anzhi/contracts/comparison';
import { csvMaxRecordBytes, type CsvSegment } from '../imports/csv-reader';
import type { SheetLayout } from './comparison-sheet';

/*
 * Worker threads that read a large CSV's segments into COPY text (comparison-read.worker.ts), so the per-row
 * work — checking the number, the blind index, the values — runs on every core while the job's thread only
 * cuts the file, marks duplicates and feeds COPY.
 */

export interface ReadWorkerData {
  columns: readonly ComparisonColumnDef[];
  layout: SheetLayout;
  today: string;
  /** The blind-index key travels in memory to threads of this process only. */
  bidxVersion: number;
  bidxKey: Uint8Array;
}

export interface ReadSegmentRequest {
  seq: number;
  bytes: Uint8Array;
  firstRecord: number;
  encoding: CsvSegment['encoding'];
}

export type ReadSegmentReply =
  | {
      seq: number;
      /** COPY text of the segment's rows (empty rows left out). */
      copy: Uint8Array;
      /** The number and hash (see RowBitmap) of each valid row, in the first `valid` places. */
      rowNumbers: Int32Array;
      hashes: Uint32Array;
      valid: number;
    }
  | { seq: number; error: string; stack: string | undefined };

export type ReadSegmentResult = Extract<ReadSegmentReply, { copy: Uint8Array }>;

/**
 * How the job reads a CSV: segment size, the longest record taken, how many threads (0: none, the job's thread
 * reads), and the bits of the bitmap that finds rows which may repeat an earlier one (see RowBitmap).
 */
export const comparisonReadTuning = {
  // 256 KB (about 4,000 rows): smaller segments keep less alive in a thread at once — at 1 MB the threads used
  // 20 % more CPU time (collecting), at 64 KB the hand-overs begin to cost.
  segmentBytes: 256 << 10,
  maxRecordBytes: csvMaxRecordBytes,
  workers: Math.min(4, os.availableParallelism()),
  bitmapBits: 26,
};

/**
 * Each thread's heap. A segment makes a few MB of short-lived strings: a young generation of 48 MB holds them
 * (at V8's default, collecting took a quarter of the thread's time), and a bounded old generation keeps a thread
 * from growing to 150 MB and more before it collects. Segments hold whole records of at most 16 MB
 * (`csvMaxRecordBytes`), well within it.
 */
const threadHeap = { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 128 };

/** Loader hooks of the main thread do not reach worker threads: the thread registers tsx itself (see imports). */
const bootstrap = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api')
  .then(({ register }) => { register(); return import(workerData.workerUrl); })
  .catch((err) => { throw err; });
`;

export class ReadPool {
  /** Pools started in this process (tests check that a large file took this path). */
  static opened = 0;
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ReadSegmentResult) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private failure: Error | null = null;

  constructor(size: number, data: ReadWorkerData) {
    ReadPool.opened += 1;
    for (let i = 0; i < size; i += 1) {
      const worker = new Worker(bootstrap, {
        eval: true,
        resourceLimits: threadHeap,
        workerData: { ...data, workerUrl: new URL('./comparison-read.worker.ts', import.meta.url).href },
      });
      const slot = { worker, busy: 0 };
      worker.on('message', (reply: ReadSegmentReply) => {
        slot.busy -= 1;
        const w = this.waiting.get(reply.seq);
        this.waiting.delete(reply.seq);
        if ('error' in reply) {
          // The clerk reads the batch's error: a plain sentence; the thread's stack stays with the cause (logs).
          const cause = Object.assign(new Error(reply.error), { stack: reply.stack });
          w?.reject(new Error(`读取文件时程序出错（${reply.error}），请重新上传；仍不行请联系系统管理员`, { cause }));
        } else w?.resolve(reply);
      });
      const fail = (err: Error) => {
        this.failure ??= err;
        for (const w of this.waiting.values()) w.reject(err);
        this.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0)
          fail(new Error(`读取文件的后台程序意外退出（退出码 ${code}），请重新上传；仍不行请联系系统管理员`));
      });
      this.workers.push(slot);
    }
  }

  /** Reads one segment in the least busy thread. */
  read(segment: CsvSegment): Promise<ReadSegmentResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const seq = (this.seq += 1);
    slot.busy += 1;
    // A copy of exactly the segment (its Buffer may be a view of a larger one), handed over without a clone.
    const bytes = new Uint8Array(segment.bytes);
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      const req: ReadSegmentRequest = { seq, bytes, firstRecord: segment.firstRecord, encoding: segment.encoding };
      slot.worker.postMessage(req, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
