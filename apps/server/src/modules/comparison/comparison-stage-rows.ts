import type { ComparisonColumnDef } from '@anzhi/contracts/comparison';
import { copyField } from '../../db/copy-field';
import type { SheetRow } from '../imports/csv-reader';
import { readDataRow, type SheetLayout } from './comparison-sheet';

/*
 * One row of a department's file as it is staged for the set-based match: read in the processing job's thread
 * or, for a large CSV, in worker threads (comparison-read.worker.ts) — the same code either way.
 */

/**
 * A staged row: number, blind index, masked number, name, values (JSON text: identical values give identical
 * text, the columns being in the kind's order), reason (invalid rows).
 */
export type StageTuple = [number, string | null, string | null, string | null, string | null, string | null];

export const stageColumns = ['row_number', 'id_bidx', 'id_masked', 'person_name', 'vals', 'reason'];

/** The row in COPY's text format; the blind index (base64url) and the masked number need no escape. */
export function copyLine(t: StageTuple): string {
  return `${t[0]}\t${t[1] ?? '\\N'}\t${t[2] ?? '\\N'}\t${copyField(t[3])}\t${copyField(t[4])}\t${copyField(t[5])}`;
}

/** 32-bit FNV-1a of a string's UTF-16 code units, continuing from `h` (a hash for a bitmap, not a secret). */
function fnv1a(s: string, h: number): number {
  for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A staged row and, for a valid row, the hash of its number and values (identical rows hash alike). */
export interface StagedRow {
  tuple: StageTuple;
  hash: number | null;
}

/** Reads one data row for the stage (null: an empty row). */
export function stageRow(
  row: SheetRow,
  layout: SheetLayout,
  columns: readonly ComparisonColumnDef[],
  today: string,
  blindIndex: (normalised: string) => string,
): StagedRow | null {
  const read = readDataRow(row.cells, layout, columns, today);
  if (read.kind === 'empty') return null;
  if (read.kind === 'invalid')
    return { tuple: [row.rowNumber, null, read.idMasked, null, null, read.reason], hash: null };
  const bidx = blindIndex(read.idNumber);
  const values = JSON.stringify(read.values);
  return {
    tuple: [row.rowNumber, bidx, read.idMasked, read.name, values, null],
    hash: fnv1a(values, fnv1a(bidx, 0x811c9dc5)),
  };
}

/**
 * Rows seen so far, one bit per 26-bit hash of number and values (8 MB; tests use fewer bits, so that rows of
 * different values share bits and the SQL must tell them apart): a row whose bit is already set may
 * repeat an earlier row, and only those rows are compared in SQL (instead of comparing every row). A set bit is
 * at worst a false alarm; a clear one proves the row is new. Rows may be marked in any order: of two identical
 * rows, the one marked second is flagged, and the SQL then finds the first by its row number.
 */
export class RowBitmap {
  private readonly bits: Uint8Array;
  private readonly shift: number;

  constructor(hashBits = 26) {
    this.bits = new Uint8Array(Math.max(1, (2 ** hashBits) >>> 3));
    this.shift = 32 - hashBits;
  }

  /** Marks the hash; true if it was marked before. */
  mark(hash: number): boolean {
    const bit = hash >>> this.shift;
    const seen = (this.bits[bit >>> 3]! & (1 << (bit & 7))) !== 0;
    this.bits[bit >>> 3]! |= 1 << (bit & 7);
    return seen;
  }
}
