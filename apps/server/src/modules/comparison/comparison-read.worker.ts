import { parentPort, workerData } from 'node:worker_threads';
import { createBlindIndexer } from '../../platform/crypto/cipher';
import { csvSegmentRecords } from '../imports/sheet-reader';
import { copyLine, stageRow } from './comparison-stage-rows';
import type { ReadSegmentReply, ReadSegmentRequest, ReadWorkerData } from './comparison-read.host';

/*
 * A worker thread of the comparison job: reads segments of a large CSV (whole records) into COPY text for the
 * stage. Each valid row's line ends with its duplicate flag 'f'; the job flips it where its bitmap says so.
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
    const hashes: number[] = [];
    /** Index among the lines of each valid row. */
    const valid: number[] = [];
    for (const row of rows) {
      const staged = stageRow(row, data.layout, data.columns, data.today, blindIndex);
      if (!staged) continue;
      if (staged.hash !== null) {
        valid.push(lines.length);
        hashes.push(staged.hash);
      }
      lines.push(copyLine(staged.tuple));
    }
    const copy = Buffer.from(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    // Where each valid line's flag is: the byte before its line break (COPY text escapes breaks inside fields).
    const flagBuffer = new ArrayBuffer(valid.length * 4);
    const flagAt = new Int32Array(flagBuffer);
    let line = 0;
    let next = 0;
    for (let at = copy.indexOf(10); at >= 0 && next < valid.length; at = copy.indexOf(10, at + 1), line += 1)
      if (valid[next] === line) flagAt[(next += 1) - 1] = at - 1;
    const hashBuffer = new ArrayBuffer(hashes.length * 4);
    const hashArray = new Uint32Array(hashBuffer);
    hashArray.set(hashes);
    const reply: ReadSegmentReply = {
      seq: req.seq,
      copy: new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength),
      flagAt,
      hashes: hashArray,
      rows: lines.length,
    };
    // The two index arrays are handed over; the text is cloned (a small Buffer may share Node's pool).
    port.postMessage(reply, [flagBuffer, hashBuffer]);
  } catch (err) {
    port.postMessage({ seq: req.seq, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
