import type { ImportCounts } from '@anzhi/contracts/imports';
import { maskIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { localDate } from '@anzhi/domain/periods';
import type { Executor } from '../../db/client';
import type { Deps } from '../../platform/deps';
import { findAttachment } from '../../platform/files/attachments.repository';
import { filesRoot } from '../../platform/files/attachments.service';
import { assignmentsOfUser, type Assignment } from '../org/scope';
import { classifyHousehold, type ClassifyContext } from './classify';
import { decryptRow, forEachPreparedPage, orphanOutcome, registrySlice, type HouseholdGroup } from './imports.groups';
import {
  analyzeStagedRows,
  copyStagedRows,
  countRows,
  deleteRowsOf,
  duplicateIdRows,
  insertRows,
  outcomeDiffers,
  saveOutcomes,
  transitionBatch,
  updateBatch,
  type ImportBatchRow,
  type NewImportRow,
  type RowOutcome,
} from './imports.repository';
import { openBlob } from '../../platform/files/attachment-store';
import { ParseFailure, runParseInThread, runParseWorker, type ParseHandlers } from './parse-worker.host';
import { loadPlaceIndex } from './places';
import type { ParsedRow } from './registry-rows';

/*
 * The dry run: the worker reads the file; the rows are staged in chunks (numbers encrypted); then every
 * household is classified against the registry. Nothing is written to the registry.
 */

/** What the import's dry run and apply need (the demo runs them outside a request and a job). */
export type ImportDeps = Pick<Deps, 'db' | 'clock' | 'cipher' | 'config'> & { database?: Deps['database'] };

export interface RunControl {
  signal: AbortSignal;
  throwIfCancelled(): void;
  progress(done: number, total: number | null, message: string): Promise<void>;
}

/** Rows handed over by the worker per chunk. */
export const stageChunkRows = 1000;
/** Rows gathered before one staging write (COPY on PostgreSQL): fewer statements and commits per file. */
const stageWriteRows = 5000;
/** The batch's progress columns are written at most this often (each write is a commit). */
const batchProgressMs = 500;

/**
 * Writes the batch's progress (rows read, estimate) at most every `batchProgressMs`; the first call always
 * writes, and the phase's final figures are written by the status change that ends it.
 */
export function batchProgressWriter(deps: Pick<ImportDeps, 'db' | 'clock'>, batchId: string) {
  let last = Number.NEGATIVE_INFINITY;
  return async (set: Pick<Partial<ImportBatchRow>, 'rowsRead' | 'totalRowsEstimate'>): Promise<void> => {
    const t = performance.now();
    if (t - last < batchProgressMs) return;
    last = t;
    await updateBatch(deps.db, batchId, { ...set, updatedAt: deps.clock.now() });
  };
}

function stagedRow(deps: Pick<Deps, 'cipher'>, batchId: string, r: ParsedRow): NewImportRow {
  return {
    id: uuidv7(),
    batchId,
    rowNumber: r.rowNumber,
    householdNumber: r.householdNumber ?? '',
    personName: r.person.name,
    idNumberEnc: r.idNumber ? deps.cipher.encrypt(r.idNumber) : null,
    idNumberBidx: r.idNumber ? deps.cipher.blindIndex(r.idNumber) : null,
    idNumberMasked: r.idNumber ? maskIdNumber(r.idNumber) : null,
    phoneEnc: r.phone ? deps.cipher.encrypt(r.phone) : null,
    data: { household: r.household, person: r.person },
    errors: r.errors,
    // Provisional: what a row of a new household is. Classification then writes only the rows whose outcome
    // differs (most rows of a first import are new, and are never rewritten).
    class: r.errors.length > 0 ? 'error' : 'new',
  };
}

export async function countsOf(ex: Executor, batchId: string): Promise<ImportCounts> {
  const c = await countRows(ex, batchId);
  const n = (k: string) => c.byClass.find((x) => x.class === k)?.n ?? 0;
  return {
    rows: c.byClass.reduce((s, x) => s + x.n, 0),
    new: n('new'),
    changed: n('changed'),
    unchanged: n('unchanged'),
    error: n('error'),
    households: c.households,
    householdsWithErrors: c.withErrors,
    householdsApplied: c.applied,
  };
}

/** Shared by the dry run and the apply: the context in which households are classified. */
export async function classifyContextBase(
  deps: ImportDeps,
  batch: ImportBatchRow,
  ex: Executor = deps.db,
): Promise<Omit<ClassifyContext, 'existing' | 'persons'> & { assignments: Assignment[] }> {
  const [places, duplicates, assignments] = await Promise.all([
    loadPlaceIndex(ex, batch.countyCode),
    duplicateIdRows(ex, batch.id),
    assignmentsOfUser(ex, batch.createdBy),
  ]);
  return {
    countyCode: batch.countyCode,
    today: localDate(deps.clock.now()),
    places,
    duplicates,
    assignments,
    phoneOf: (enc) => (enc ? deps.cipher.decrypt(enc) : null),
  };
}

async function classifyBatch(deps: ImportDeps, batch: ImportBatchRow, total: number, run: RunControl): Promise<void> {
  const base = await classifyContextBase(deps, batch);
  const writeProgress = batchProgressWriter(deps, batch.id);
  let done = 0;
  // The next page's rows and registry slice are read while this page is classified (PostgreSQL).
  const read = async (groups: HouseholdGroup[]) => ({
    groups,
    slice: await registrySlice(deps.db, deps.cipher, batch.countyCode, groups),
  });
  const classify = async ({ groups, slice }: Awaited<ReturnType<typeof read>>) => {
    run.throwIfCancelled();
    const ctx: ClassifyContext = { ...base, ...slice };
    const outcomes: RowOutcome[] = [];
    for (const g of groups) {
      const o =
        g.householdNumber === null
          ? g.rows.map(orphanOutcome)
          : classifyHousehold(
              g.rows.map((r) => decryptRow(deps.cipher, r)),
              ctx,
            ).outcomes;
      g.rows.forEach((r, i) => {
        if (outcomeDiffers(o[i]!, r)) outcomes.push(o[i]!);
      });
      done += g.rows.length;
    }
    await saveOutcomes(deps.db, outcomes);
    await writeProgress({ rowsRead: done });
    await run.progress(done, total, '比对花名册');
  };
  await forEachPreparedPage(deps.db, batch.id, { overlap: deps.database?.engine === 'postgres' }, read, classify);
}

/** Reads, stages and classifies the batch's file. Throws ParseFailure when the file cannot be read. */
export async function dryRun(
  deps: ImportDeps,
  batch: ImportBatchRow,
  run: RunControl,
  opts: { inThread?: boolean } = {},
): Promise<void> {
  const now = () => deps.clock.now();
  await deleteRowsOf(deps.db, batch.id); // a retried parse starts over
  await updateBatch(deps.db, batch.id, {
    status: 'parsing',
    phase: 'reading',
    rowsRead: 0,
    totalRowsEstimate: null,
    error: null,
    updatedAt: now(),
  });
  const attachment = await findAttachment(deps.db, batch.attachmentId);
  if (!attachment || attachment.purgedAt)
    throw new ParseFailure('上传的文件已不存在（可能已按保存期限清除），请重新上传');
  const fileKey = attachment.wrappedKey ? deps.cipher.decrypt(attachment.wrappedKey) : null;
  let staged = 0;
  const writeProgress = batchProgressWriter(deps, batch.id);
  // Encrypted rows waiting for their staging write (written `stageWriteRows` at a time).
  let pending: NewImportRow[] = [];
  // One write is in flight while the next rows are encrypted (Node's work overlaps the database's).
  let inflight: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const stage = (prepared: NewImportRow[]) =>
    // PostgreSQL stages through COPY (the largest share of the dry run otherwise); PGlite through JSON.
    (deps.database?.engine === 'postgres'
      ? copyStagedRows(deps.database.pool, prepared)
      : insertRows(deps.db, prepared)
    ).catch((error: unknown) => {
      failure = { error };
    });
  const settle = async () => {
    await inflight;
    if (failure) throw failure.error;
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const prepared = pending;
    pending = [];
    await settle();
    inflight = stage(prepared);
  };
  const handlers: ParseHandlers = {
    onHeader: (unknownColumns) => updateBatch(deps.db, batch.id, { unknownColumns, updatedAt: now() }),
    onRows: async (rows, p) => {
      run.throwIfCancelled();
      for (const r of rows) pending.push(stagedRow(deps, batch.id, r));
      if (pending.length >= stageWriteRows) await flush();
      staged += rows.length;
      // The total is extrapolated from the share of the file read so far.
      const estimate = p.bytesRead > 0 ? Math.max(staged, Math.round((staged * batch.fileSize) / p.bytesRead)) : null;
      await writeProgress({ rowsRead: staged, totalRowsEstimate: estimate });
      await run.progress(staged, estimate, '读取文件');
    },
  };
  const input = {
    format: batch.format as 'xlsx' | 'csv',
    root: filesRoot(deps),
    storageKey: attachment.storageKey,
    fileKey,
    today: localDate(now()),
    chunkRows: stageChunkRows,
  };
  let total: number;
  try {
    total = opts.inThread
      ? await runParseInThread(
          await openBlob(input.root, input.storageKey, fileKey ? Buffer.from(fileKey, 'base64') : undefined),
          input,
          handlers,
        )
      : await runParseWorker(input, handlers, run.signal);
  } finally {
    // Never leave a write running behind a failure (a retry deletes the batch's rows first).
    await inflight;
  }
  await flush();
  await settle();
  // The staged rows are read back page by page in household order: without statistics on them the planner
  // sorts all remaining rows of the batch for every page instead of walking the index.
  await analyzeStagedRows(deps.db);
  await updateBatch(deps.db, batch.id, {
    phase: 'classifying',
    rowsRead: 0,
    totalRowsEstimate: total,
    updatedAt: now(),
  });
  await classifyBatch(deps, batch, total, run);
  // Only a batch still parsing becomes ready (a cancel in the meantime wins).
  await transitionBatch(deps.db, batch.id, ['parsing'], {
    status: 'parsed',
    phase: 'done',
    rowsRead: total,
    counts: await countsOf(deps.db, batch.id),
    parsedAt: now(),
    updatedAt: now(),
  });
}
