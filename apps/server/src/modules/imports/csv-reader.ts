import { TextDecoder } from 'node:util';
import type { Cell } from './registry-rows';

/*
 * CSV as uploaded (UTF-8 with or without BOM, or GB18030/GBK as Excel saves it on Chinese Windows): a small
 * RFC 4180 parser over a stream (`csvRows`), and segments of whole records to be parsed apart (`csvSegments`,
 * `csvSegmentRecords`) — in worker threads, which therefore load this module and not exceljs.
 */

export interface SheetRow {
  /** 1-based, as Excel shows it (for CSV: the record number). */
  rowNumber: number;
  cells: Cell[];
}

/** UTF-8 unless the first bytes are not valid UTF-8 (then GB18030, a superset of GBK). */
export function detectCsvEncoding(head: Buffer): 'utf-8' | 'gb18030' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Splits text chunks into RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export class CsvRecordParser {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** Just saw a quote inside a quoted field: either the closing quote or the first of "". */
  private quotePending = false;
  private fieldStarted = false;

  /** Feeds text; returns the records completed by it. */
  push(text: string): string[][] {
    const out: string[][] = [];
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.quoted && !this.quotePending) {
        // Inside a quoted field: everything up to the next quote is the field's text.
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          break;
        }
        if (q > i) this.field += text.slice(i, q);
        this.quotePending = true;
        i = q + 1;
        continue;
      }
      if (!this.quoted) {
        // A run of ordinary characters is taken at once (one slice, not one concatenation per character).
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */ || c === 34 /* " */) break;
          j += 1;
        }
        if (j > i) {
          this.field = this.fieldStarted ? this.field + text.slice(i, j) : text.slice(i, j);
          this.fieldStarted = true;
          i = j;
          if (i >= n) break;
        }
      }
      const ch = text[i]!;
      i += 1;
      if (this.quoted) {
        // quotePending: the previous character was a quote inside a quoted field.
        this.quotePending = false;
        if (ch === '"') {
          this.field += '"';
          continue;
        }
        this.quoted = false; // the quote closed the field; fall through to handle ch unquoted
      }
      if (ch === '"' && !this.fieldStarted) {
        this.quoted = true;
        this.fieldStarted = true;
      } else if (ch === ',') {
        this.endField();
      } else if (ch === '\n') {
        this.endRecord(out);
      } else if (ch === '\r') {
        // CRLF or a lone CR: the record ends at the LF (a lone CR is dropped).
      } else {
        this.field += ch;
        this.fieldStarted = true;
      }
    }
    return out;
  }

  /** The last record when the file does not end with a line break. */
  end(): string[][] {
    const out: string[][] = [];
    if (this.quotePending) {
      this.quotePending = false;
      this.quoted = false;
    }
    if (this.fieldStarted || this.record.length > 0) this.endRecord(out);
    return out;
  }

  private endField() {
    this.record.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(out: string[][]) {
    this.endField();
    out.push(this.record);
    this.record = [];
  }
}

export async function* csvRows(source: AsyncIterable<Buffer>): AsyncGenerator<SheetRow> {
  const parser = new CsvRecordParser();
  let decoder: TextDecoder | null = null;
  let rowNumber = 0;
  let first = true;
  for await (const chunk of source) {
    decoder ??= new TextDecoder(detectCsvEncoding(chunk));
    let text = decoder.decode(chunk, { stream: true });
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    for (const rec of parser.push(text)) yield { rowNumber: (rowNumber += 1), cells: rec };
  }
  if (decoder) for (const rec of parser.push(decoder.decode())) yield { rowNumber: (rowNumber += 1), cells: rec };
  for (const rec of parser.end()) yield { rowNumber: (rowNumber += 1), cells: rec };
}

/**
 * Finds where records end in the raw bytes of a CSV, following `CsvRecordParser`'s rules (a quote opens a
 * quoted field only at the start of a field; "" inside one is a quote). Works on bytes: in UTF-8 and in
 * GB18030 the bytes of a quote, comma, CR and LF never occur inside a multi-byte character.
 */
export class CsvBoundaryScanner {
  private quoted = false;
  private quotePending = false;
  private fieldStarted = false;
  private atStart = true;

  /** Scans the next bytes: how many records end in them, and the offset just after the last end (-1: none). */
  scan(bytes: Uint8Array): { records: number; lastEnd: number } {
    let records = 0;
    let lastEnd = -1;
    let i = 0;
    // csvRows drops a UTF-8 byte order mark before parsing.
    if (this.atStart && bytes.length > 0) {
      this.atStart = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    }
    if (!this.quoted && bytes.indexOf(34, i) === -1) return this.scanWithoutQuotes(bytes, i);
    let { quoted, quotePending, fieldStarted } = this;
    for (const n = bytes.length; i < n; i += 1) {
      const b = bytes[i]!;
      if (quoted) {
        if (!quotePending) {
          if (b === 34) quotePending = true;
          continue;
        }
        quotePending = false;
        if (b === 34) continue; // "" inside a quoted field
        quoted = false; // the quote closed the field: b is read as outside one
      }
      if (b === 34) {
        if (!fieldStarted) quoted = true;
        fieldStarted = true;
      } else if (b === 44) fieldStarted = false;
      else if (b === 10) {
        fieldStarted = false;
        records += 1;
        lastEnd = i + 1;
      } else if (b !== 13) fieldStarted = true;
    }
    Object.assign(this, { quoted, quotePending, fieldStarted });
    return { records, lastEnd };
  }

  /** Bytes without a quote, outside a quoted field (most files): every LF ends a record, found natively. */
  private scanWithoutQuotes(bytes: Uint8Array, from: number): { records: number; lastEnd: number } {
    let records = 0;
    let lastEnd = -1;
    for (let at = bytes.indexOf(10, from); at !== -1; at = bytes.indexOf(10, at + 1)) {
      records += 1;
      lastEnd = at + 1;
    }
    // Whether a field has started after the last comma or LF: any byte there but CR.
    let i = bytes.length - 1;
    while (i >= from && bytes[i] !== 44 && bytes[i] !== 10 && bytes[i] === 13) i -= 1;
    if (i < from) return { records, lastEnd }; // only CRs (or nothing) since the previous chunk: unchanged
    this.fieldStarted = bytes[i] !== 44 && bytes[i] !== 10;
    return { records, lastEnd };
  }
}

/** A run of whole CSV records: its bytes and the record number of the first (as `csvRows` numbers them). */
export interface CsvSegment {
  bytes: Buffer;
  firstRecord: number;
  /** The encoding found in the file's first bytes. */
  encoding: 'utf-8' | 'gb18030';
}

/** The longest record `csvSegments` takes (a longer one is almost surely a quote left open). */
export const csvMaxRecordBytes = 16 << 20;

export class CsvRecordTooLongError extends Error {}

/**
 * Cuts a CSV into segments of whole records of at least `segmentBytes` (the last may be shorter), so they can be
 * parsed apart (in worker threads) with `csvSegmentRecords`, giving the same records and numbers as `csvRows`.
 * A record longer than `maxRecordBytes` is refused with `CsvRecordTooLongError`.
 */
export async function* csvSegments(
  source: AsyncIterable<Buffer>,
  segmentBytes: number,
  maxRecordBytes = csvMaxRecordBytes,
): AsyncGenerator<CsvSegment> {
  const scanner = new CsvBoundaryScanner();
  let encoding: 'utf-8' | 'gb18030' | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Offset in the pending bytes just after the last record end, and the records up to it. */
  let boundary = -1;
  let boundaryRecords = 0;
  let firstRecord = 1;
  for await (const chunk of source) {
    encoding ??= detectCsvEncoding(chunk);
    const found = scanner.scan(chunk);
    if (found.lastEnd >= 0) {
      boundary = pendingBytes + found.lastEnd;
      boundaryRecords += found.records;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes - Math.max(boundary, 0) > maxRecordBytes)
      throw new CsvRecordTooLongError(
        `第 ${firstRecord + boundaryRecords} 条记录超过 ${Math.round(maxRecordBytes / 1048576)} MB，可能是某个引号没有闭合，请检查文件`,
      );
    if (pendingBytes >= segmentBytes && boundary > 0) {
      const all = Buffer.concat(pending, pendingBytes);
      yield { bytes: all.subarray(0, boundary), firstRecord, encoding };
      firstRecord += boundaryRecords;
      const rest = all.subarray(boundary);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
      boundary = -1;
      boundaryRecords = 0;
    }
  }
  if (pendingBytes > 0) yield { bytes: Buffer.concat(pending, pendingBytes), firstRecord, encoding: encoding! };
}

/** Characters handed to the parser at a time: only a slice's records are alive at once, not a whole segment's. */
const segmentSliceChars = 1 << 16;

/** The records of one segment, numbered from its first. */
export function* csvSegmentRecords(segment: CsvSegment): Generator<SheetRow> {
  let text = new TextDecoder(segment.encoding).decode(segment.bytes);
  if (segment.firstRecord === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parser = new CsvRecordParser();
  let rowNumber = segment.firstRecord;
  for (let at = 0; at < text.length; at += segmentSliceChars)
    for (const cells of parser.push(text.slice(at, at + segmentSliceChars))) yield { rowNumber: rowNumber++, cells };
  for (const cells of parser.end()) yield { rowNumber: rowNumber++, cells };
}
