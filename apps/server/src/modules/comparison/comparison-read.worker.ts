import { parentPort, workerData } from 'node:worker_threads';
import { createBlindIndexer } from '../../platform/crypto/cipher';
import { csvSegmentRecords } from '../imports/csv-reader';
import { copyLine, stageRow } from './comparison-stage-rows';
import type { ReadSegmentReply, ReadSegmentRequest, ReadWorkerData } from './comparison-read.host';

/*
 * A worker thread of the comparison job: reads segments of a large CSV (whole records) into COPY text for the
 * stage, with the number and hash of each valid row (the job looks for repeated rows across all segments).
 */

const data = workerData as ReadWorkerData;
const blindIndex = createBlindIndexer(data.bidxVersion, Buffer.from(data.bidxKey));
const port = parentPort!;

port.on('message', (req: ReadSegmentRequest) => {
  try {
    const rows = csvSegmentRecords({
      bytes: Buffer.from(req.bytes),
      firstRecord: req.firstRecord,
      encoding: req.encoding,
    });
    const lines: string[] = [];
    const numbers: number[] = [];
    const hashList: number[] = [];
    for (const row of rows) {
      const staged = stageRow(row, data.layout, data.columns, data.today, blindIndex);
      if (!staged) continue;
      if (staged.hash !== null) {
        numbers.push(row.rowNumber);
        hashList.push(staged.hash);
      }
      lines.push(copyLine(staged.tuple));
    }
    const valid = numbers.length;
    const rowBuffer = new ArrayBuffer(valid * 4);
    const rowNumbers = new Int32Array(rowBuffer);
    rowNumbers.set(numbers);
    const hashBuffer = new ArrayBuffer(valid * 4);
    const hashes = new Uint32Array(hashBuffer);
    hashes.set(hashList);
    const copy = Buffer.from(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    const reply: ReadSegmentReply = {
      seq: req.seq,
      copy: new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength),
      rowNumbers,
      hashes,
      valid,
    };
    // The two arrays are handed over; the text is cloned (a small Buffer may share Node's pool).
    port.postMessage(reply, [rowBuffer, hashBuffer]);
  } catch (err) {
    const reply: ReadSegmentReply = {
      seq: req.seq,
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    };
    port.postMessage(reply);
  }
});
