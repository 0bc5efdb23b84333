import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { comparisonChainDay, type ComparisonCounts, type ComparisonRuleDef } from '@anzhi/contracts/comparison';
import { deadlineByDay, localDate } from '@anzhi/domain/periods';
import type { Executor, Tx } from '../../db/client';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { Deps } from '../../platform/deps';
import { openBlob } from '../../platform/files/attachment-store';
import { findAttachment } from '../../platform/files/attachments.repository';
import { filesRoot } from '../../platform/files/attachments.service';
import { postInboxItem } from '../../platform/notifications/notifications.service';
import { sites } from '../org/org.table';
import { roleAssignments } from '../users/users.table';
import { CsvRecordTooLongError, csvSegmentRecords, csvSegments, type SheetRow } from '../imports/csv-reader';
import { xlsxRows } from '../imports/sheet-reader';
import { comparisonReadTuning, ReadPool, type ReadSegmentResult } from './comparison-read.host';
import { copyLine, RowBitmap, stageColumns, stageRow, type StageTuple } from './comparison-stage-rows';
import { headerScanRows, hintsOf, layoutOf, type SheetLayout } from './comparison-sheet';
import { loadKind, savedMapping, type KindRow } from './comparison.kinds';
import { comparisonBatches, comparisonMappings, comparisonRows, comparisonWarnings } from './comparison.table';

/*
 * Processing a batch (a job): read the file as a stream, map the header, stage every row in a temporary table
 * (COPY on PostgreSQL, chunked inserts on PGlite), then set-based SQL: one INSERT … SELECT writes each row with
 * its result (identical rows, the match on the blind index, unmatched rows reduced to their masked number), one
 * INSERT … SELECT per rule, the counts. Never a query per row.
 */

export type ComparisonDeps = Pick<Deps, 'db' | 'clock' | 'cipher' | 'config' | 'database'>;

export const comparisonXlsxMaxRows = 200_000;
/** Rows read between two yields to the event loop (and two hand-overs to the stage). */
const chunkRows = 500;
export const comparisonInboxSource = 'comparison';

export class ComparisonFileError extends Error {}

/** COMPARISON_TIMING=1 prints each processing step's time and this process's CPU time (profiling; quiet otherwise). */
const timing = process.env.COMPARISON_TIMING === '1';
function stepTimer(label: string) {
  let t = performance.now();
  let cpu = process.cpuUsage();
  return (step: string) => {
    if (!timing) return;
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    process.stderr.write(
      `[comparison ${label}] ${step}: ${((now - t) / 1000).toFixed(2)} s (Node CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)\n`,
    );
    t = now;
    cpu = process.cpuUsage();
  };
}

type BatchRow = typeof comparisonBatches.$inferSelect;

/*
 * Staging: every row of the file goes into a temporary table of the processing session (no index, no WAL),
 * then one INSERT … SELECT writes each row once into comparison_rows with its final status — identical rows,
 * the match on the blind index, unmatched rows reduced to their masked number. On PostgreSQL the rows are
 * COPYed in text format on a connection of their own, inside a transaction that also does the INSERT … SELECT
 * (a failure or a cancellation leaves nothing behind); on PGlite (one session) they are inserted in chunks.
 */

/** Bytes of COPY text per statement (one in flight while the next is read). */
const stageCopyBytes = 2 << 20;
/** Rows per insert statement where COPY is not available (PGlite). */
const stageInsertRows = 500;

const stageTableOf = (batchId: string) => {
  if (!/^[0-9a-f-]{36}$/.test(batchId)) throw new Error(`invalid batch id ${batchId}`);
  return `comparison_stage_${batchId.replace(/-/g, '')}`;
};

function createStageSql(table: string, onCommitDrop: boolean): string {
  return `create temp table ${table} (row_number int not null, id_bidx text, id_masked text, person_name text,
    vals jsonb, reason text)${onCommitDrop ? ' on commit drop' : ''}`;
}

/**
 * Where staged rows go (in any order), then `finish` runs the final INSERT … SELECT. `addCopyText` takes rows
 * already in COPY's text format (from the read threads); only the COPY stage has it.
 */
interface Stage {
  add(rows: StageTuple[]): Promise<void>;
  addCopyText?: (text: Uint8Array) => Promise<void>;
  finish(insert: SQL): Promise<void>;
}

const dialect = new PgDialect();

/** PostgreSQL: a connection of its own, one transaction, COPY in text format. */
async function withCopyStage<T>(pool: pg.Pool, table: string, fn: (stage: Stage) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    // The match hashes the registry's blind indexes (a million of them in the issue's benchmark): room in memory.
    // No JIT: these plans' costs call for it, yet compiling takes longer than the few expressions it speeds up.
    await client.query(`set local work_mem = '64MB'; set local jit = off`);
    await client.query(createStageSql(table, true));
    const copy = `copy ${table} (${stageColumns.join(', ')}) from stdin`;
    let lines: string[] = [];
    let size = 0;
    let pending: Promise<void> = Promise.resolve();
    let copyWaitMs = 0;
    /** One COPY statement per piece of text, the next sent when the previous has been taken. */
    const send = async (buf: Uint8Array) => {
      const t0 = performance.now();
      await pending;
      copyWaitMs += performance.now() - t0;
      pending = pipeline(Readable.from([buf]), client.query(copyFrom(copy)));
      pending.catch(() => undefined); // awaited by the next send or by finish; a read error meanwhile must not leave it unhandled
    };
    const flush = async () => {
      if (lines.length === 0) return;
      const buf = Buffer.from(`${lines.join('\n')}\n`);
      lines = [];
      size = 0;
      await send(buf);
    };
    const result = await fn({
      async add(rows) {
        for (const r of rows) {
          const line = copyLine(r);
          lines.push(line);
          size += line.length;
        }
        if (size >= stageCopyBytes) await flush();
      },
      async addCopyText(text) {
        if (text.byteLength > 0) await send(text);
      },
      async finish(insert) {
        const step = stepTimer('stage');
        await flush();
        await pending;
        if (timing)
          process.stderr.write(`[comparison] waited for COPY while reading: ${(copyWaitMs / 1000).toFixed(2)} s\n`);
        step('last COPY');
        // Statistics of the staged rows, so the join is planned for their number (not as a handful of rows).
        await client.query(`analyze ${table}`);
        step('analyze stage');
        const q = dialect.sqlToQuery(insert);
        await client.query(q.sql, q.params);
        step('insert … select');
        await client.query('commit');
        step('commit');
      },
    });
    return result;
  } catch (err) {
    await client.query('rollback').catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

/** PGlite (one session): a temporary table filled by chunked inserts, dropped at the end. */
async function withInsertStage<T>(ex: Executor, table: string, fn: (stage: Stage) => Promise<T>): Promise<T> {
  const name = sql.raw(table);
  await ex.execute(sql`drop table if exists ${name}`);
  await ex.execute(sql.raw(createStageSql(table, false)));
  try {
    return await fn({
      async add(rows) {
        for (let i = 0; i < rows.length; i += stageInsertRows)
          await ex.execute(
            sql`insert into ${name} (${sql.raw(stageColumns.join(', '))}) values ${sql.join(
              rows
                .slice(i, i + stageInsertRows)
                .map((r) => sql`(${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, ${r[4]}::jsonb, ${r[5]})`),
              sql`, `,
            )}`,
          );
      },
      async finish(insert) {
        await ex.execute(sql`analyze ${name}`);
        await ex.execute(insert);
      },
    });
  } finally {
    await ex.execute(sql`drop table if exists ${name}`);
  }
}

/*
 * The staging table lives in one session: on PostgreSQL a pooled connection of its own (in a transaction), on
 * PGlite the only session there is. Never `deps.db.transaction` around the reading: the reading queries deps.db,
 * and on PGlite a query outside an open transaction waits for it to end (a silent deadlock).
 */
async function withStage<T>(deps: ComparisonDeps, table: string, fn: (stage: Stage) => Promise<T>): Promise<T> {
  if (deps.database.engine === 'postgres') return withCopyStage(deps.database.pool, table, fn);
  return withInsertStage(deps.db, table, fn);
}

async function openBatchFile(deps: ComparisonDeps, batch: BatchRow): Promise<Readable> {
  const attachment = await findAttachment(deps.db, batch.attachmentId);
  if (!attachment || attachment.purgedAt) throw new ComparisonFileError('上传的文件已不存在，请重新上传');
  const fileKey = attachment.wrappedKey ? Buffer.from(deps.cipher.decrypt(attachment.wrappedKey), 'base64') : undefined;
  return openBlob(filesRoot(deps), attachment.storageKey, fileKey);
}

/** Reads the file into the stage; returns the layout found and the rows that may repeat an earlier one. */
async function readIntoStage(
  deps: ComparisonDeps,
  batch: BatchRow,
  kind: KindRow,
  stage: Stage,
  cancelled: () => void,
): Promise<{ layout: SheetLayout; headerRow: number; repeated: number[] }> {
  const source = await openBatchFile(deps, batch);
  const hints = hintsOf(await savedMapping(deps.db, batch.unitId, batch.kindKey), batch.mappingInput);
  const today = localDate(deps.clock.now());
  const required = () =>
    (lastMissing.length ? lastMissing : kind.columns.filter((c) => c.required).map((c) => c.label)).join('、');
  let layout: SheetLayout | null = null;
  let headerRow = 0;
  let lastMissing: string[] = [];
  let scanned = 0;
  let dataRows = 0;
  let chunk: StageTuple[] = [];
  const seen = new RowBitmap(comparisonReadTuning.bitmapBits);
  /** Rows that may repeat an earlier one (their bit was set), for the SQL to check. */
  const repeated: number[] = [];
  const blindIndex = (normalised: string) => deps.cipher.blindIndex(normalised);

  /** A row read in this thread: the header is looked for first, then data rows follow. */
  const onRow = async (row: SheetRow) => {
    if (!layout) {
      scanned += 1;
      const tried = layoutOf(row.cells, kind.columns, hints);
      if (tried.ok) {
        layout = tried.layout;
        headerRow = row.rowNumber;
      } else if (row.cells.some((c) => c !== null && String(c).trim() !== '')) {
        if (tried.missing.length < kind.columns.filter((c) => c.required).length) lastMissing = tried.missing;
        if (scanned >= headerScanRows)
          throw new ComparisonFileError(
            `前 ${headerScanRows} 行中找不到表头：缺少${required()}列。请在上传时指定列的对应关系`,
          );
      }
      return;
    }
    const staged = stageRow(row, layout, kind.columns, today, blindIndex);
    if (!staged) return;
    dataRows += 1;
    if (batch.format === 'xlsx' && dataRows > comparisonXlsxMaxRows)
      throw new ComparisonFileError(
        `.xlsx 文件最多 ${comparisonXlsxMaxRows.toLocaleString('en-US')} 行，更大的文件请另存为 CSV 后上传`,
      );
    if (staged.hash !== null && seen.mark(staged.hash)) repeated.push(row.rowNumber);
    chunk.push(staged.tuple);
    if (chunk.length >= chunkRows) {
      cancelled();
      await stage.add(chunk);
      chunk = [];
      // Let the server answer between chunks (a large file is read for many seconds).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  if (batch.format === 'xlsx') {
    for await (const row of xlsxRows(source)) await onRow(row);
  } else {
    // A CSV is cut into segments of whole records. This thread finds the header in the first; with COPY (on
    // PostgreSQL), the segments after it are read by worker threads, and their rows are marked here in the one
    // bitmap as their text arrives. Otherwise this thread reads every segment.
    const threads = stage.addCopyText ? comparisonReadTuning.workers : 0;
    let pool: ReadPool | null = null;
    /** The threads start once the header is known (they read data rows with its layout). */
    const startPool = (found: SheetLayout) => {
      const { version, key } = deps.cipher.blindIndexKey();
      return new ReadPool(threads, { columns: kind.columns, layout: found, today, bidxVersion: version, bidxKey: key });
    };
    const inFlight: Promise<ReadSegmentResult>[] = [];
    const take = async (result: ReadSegmentResult) => {
      for (let i = 0; i < result.valid; i += 1) if (seen.mark(result.hashes[i]!)) repeated.push(result.rowNumbers[i]!);
      await stage.addCopyText!(result.copy);
    };
    try {
      const { segmentBytes, maxRecordBytes } = comparisonReadTuning;
      for await (const segment of csvSegments(source, segmentBytes, maxRecordBytes)) {
        cancelled();
        if (!layout || threads === 0) {
          for (const row of csvSegmentRecords(segment)) await onRow(row);
          continue;
        }
        pool ??= startPool(layout);
        const read = pool.read(segment);
        read.catch(() => undefined); // awaited in turn below; a failure meanwhile must not go unhandled
        inFlight.push(read);
        if (inFlight.length >= threads * 2) await take(await inFlight.shift()!);
      }
      while (inFlight.length > 0) await take(await inFlight.shift()!);
    } catch (err) {
      throw err instanceof CsvRecordTooLongError ? new ComparisonFileError(err.message) : err;
    } finally {
      await pool?.close();
    }
  }
  if (!layout) throw new ComparisonFileError(`找不到表头：缺少${required()}列`);
  await stage.add(chunk);
  return { layout, headerRow, repeated };
}

/**
 * The staged rows into comparison_rows, each written once: identical rows (same number and values) after the
 * first are duplicates; the others match a live person who is a current member of an active household, or are
 * people we do not serve — reduced to their masked number (duplicates too); invalid rows keep their reason.
 * `repeated`: the rows that may repeat an earlier row (all others are known to be new), so that only they are
 * compared.
 */
function matchInsert(batch: BatchRow, table: string, repeated: number[]): SQL {
  const stage = sql.raw(table);
  // Each possibly repeated row's first occurrence, where an earlier row is identical. The rows are paired on the
  // number alone (hashing a million values would cost more), then their values compared: the materialised CTE
  // keeps the comparison from becoming part of the join's hash.
  const firstRows =
    repeated.length === 0
      ? sql`select null::int as row_number, null::int as first_row where false`
      : sql`
        with same_number as materialized (
          select d.row_number, d.vals, f.row_number as earlier, f.vals as earlier_vals
          from ${stage} d
          join unnest(${`{${repeated.join(',')}}`}::int[]) as u(n) on u.n = d.row_number
          join ${stage} f on f.id_bidx = d.id_bidx and f.reason is null and f.row_number < d.row_number
          where d.reason is null
        )
        select row_number, min(earlier) as first_row from same_number where vals = earlier_vals group by row_number`;
  return sql`
    insert into comparison_rows (batch_id, row_number, id_masked, person_name, values, status, reason, person_id,
      household_id)
    select ${batch.id}::uuid, d.row_number, d.id_masked,
      case when d.kept then d.person_name end,
      case when d.kept then d.vals end,
      case when d.first_row <> d.row_number then 'duplicate' when d.person_id is not null then 'matched'
        else 'unmatched' end,
      case when d.first_row <> d.row_number then '与第 ' || d.first_row || ' 行完全相同'
        when d.person_id is not null then null else '不是本县在册搬迁人口' end,
      case when d.first_row = d.row_number then d.person_id end,
      case when d.first_row = d.row_number then d.household_id end
    from (
      select f.*, (f.first_row = f.row_number and f.person_id is not null) as kept
      from (
        select s.row_number, s.id_masked, s.person_name, s.vals,
          coalesce(k.first_row, s.row_number) as first_row, x.person_id, x.household_id
        from ${stage} s
        left join (${firstRows}) k on k.row_number = s.row_number
        left join (
          select p.id as person_id, p.id_number_bidx as bidx, m.household_id
          from persons p
          join household_members m on m.person_id = p.id and m.valid_to is null
          join households h on h.id = m.household_id and h.deleted_at is null and h.status = 'active'
          where p.deleted_at is null and p.county_code = ${batch.countyCode}
        ) x on x.bidx = s.id_bidx
        where s.reason is null
      ) f
    ) d
    union all
    select ${batch.id}::uuid, s.row_number, s.id_masked, null, null, 'invalid', s.reason, null, null
    from ${stage} s where s.reason is not null`;
}

const safeColumn = (c: string | undefined) => {
  if (!c || !/^[a-zA-Z]+$/.test(c)) throw new Error(`invalid rule column ${c}`);
  return c;
};

/** The shared tail of a warning insert: routing to the household's site or township, due by the 25th. */
function warningInsert(
  batch: BatchRow,
  rule: ComparisonRuleDef,
  version: number,
  dueAt: Date,
  now: Date,
  source: SQL,
  dedupePeriod: string,
): SQL {
  return sql`
    insert into comparison_warnings (id, county_code, batch_id, kind_key, rule_id, rule_version, month, dedupe_key,
      household_id, person_id, person_name, id_masked, values, site_id, township_code, status, due_at, created_at, updated_at)
    select anzhi_uuid_v7(), ${batch.countyCode}, ${batch.id}, ${batch.kindKey}, ${rule.id}, ${version}, ${batch.month},
      ${`${batch.kindKey}:${rule.id}:`} || x.person_id || ${`:${dedupePeriod}`},
      x.household_id, x.person_id, x.person_name, x.id_masked, x.vals, h.site_id,
      coalesce(s.township_code, dv.parent_code), 'new', ${dueAt.toISOString()}::timestamptz,
      ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from (${source}) x
    join households h on h.id = x.household_id
    left join sites s on s.id = h.site_id
    left join divisions dv on dv.code = h.destination_village_code
    where coalesce(s.township_code, dv.parent_code) is not null
    on conflict (dedupe_key) do nothing`;
}

/** One matched row per person (the first) with its values, for row rules. */
function rowSource(batch: BatchRow, cond: SQL): SQL {
  return sql`
    select distinct on (r.person_id) r.person_id, r.household_id, r.person_name, r.id_masked,
      jsonb_build_object('rowNumber', r.row_number) || r.values as vals
    from comparison_rows r
    where r.batch_id = ${batch.id} and r.status = 'matched' and ${cond}
    order by r.person_id, r.row_number`;
}

function ruleSql(batch: BatchRow, kind: KindRow, rule: ComparisonRuleDef, dueAt: Date, now: Date): SQL | null {
  const version = kind.ruleVersions[rule.id] ?? 1;
  const p = rule.parameters;
  const year = batch.month.slice(0, 4);
  switch (rule.type) {
    case 'any':
      return warningInsert(batch, rule, version, dueAt, now, rowSource(batch, sql`true`), batch.month);
    case 'value_in': {
      const col = sql.raw(`'${safeColumn(rule.column)}'`);
      const values = p.values ?? [];
      if (values.length === 0) return null;
      return warningInsert(
        batch,
        rule,
        version,
        dueAt,
        now,
        rowSource(
          batch,
          sql`r.values->>${col} in (${sql.join(
            values.map((v) => sql`${v}`),
            sql`, `,
          )})`,
        ),
        batch.month,
      );
    }
    case 'amount_at_least': {
      const col = sql.raw(`'${safeColumn(rule.column)}'`);
      return warningInsert(
        batch,
        rule,
        version,
        dueAt,
        now,
        rowSource(batch, sql`(r.values->>${col})::numeric >= ${p.amount ?? 0}`),
        batch.month,
      );
    }
    case 'cumulative_at_least': {
      const col = sql.raw(`'${safeColumn(rule.column)}'`);
      const amount = sql`coalesce((r.values->>${col})::numeric, 0)`;
      const threshold = p.amount ?? 0;
      const source = sql`
        with year_batches as (
          select b.id, b.month from comparison_batches b
          where b.kind_key = ${batch.kindKey} and b.county_code = ${batch.countyCode}
            and substr(b.month, 1, 4) = ${year} and b.month <= ${batch.month}
            and (b.id = ${batch.id} or b.status = 'processed')
        ), over as (
          -- The year's sum of each person in this batch, in one pass over the year's rows, with the person's first
          -- row here; the details below are read only for the few above the amount. This pass sums in float8
          -- (a third faster than numeric) with a margin of a cent; the exact sums below decide.
          select r.person_id, min(r.row_number) filter (where r.batch_id = ${batch.id}) as first_row
          from comparison_rows r join year_batches yb on yb.id = r.batch_id
          where r.status = 'matched'
          group by r.person_id
          having sum(coalesce((r.values->>${col})::float8, 0)) >= ${threshold - 0.01}::float8
            and bool_or(r.batch_id = ${batch.id})
        ), detail as materialized (
          select r.person_id, yb.month, ${amount} as amount, r.household_id, r.person_name, r.id_masked,
            r.batch_id = ${batch.id} and r.row_number = o.first_row as first_here
          from comparison_rows r join year_batches yb on yb.id = r.batch_id join over o on o.person_id = r.person_id
          where r.status = 'matched'
        ), totals as (
          select person_id, sum(amount) as total, jsonb_object_agg(month, amount) as by_month
          from (select person_id, month, sum(amount) as amount from detail group by person_id, month) m
          group by person_id
        )
        -- The warning goes out with the household and the name of the person's first row here.
        select t.person_id, d.household_id, d.person_name, d.id_masked,
          jsonb_build_object('cumulative', t.total, 'threshold', ${threshold}::numeric, 'year', ${year}::text,
            'months', t.by_month) as vals
        from totals t join detail d on d.person_id = t.person_id and d.first_here
        where t.total >= ${threshold}`;
      return warningInsert(batch, rule, version, dueAt, now, source, year);
    }
    case 'school_age_missing': {
      const m = Number(batch.month.slice(5, 7));
      const schoolYear = m >= 9 ? Number(year) : Number(year) - 1;
      const sep1 = `${schoolYear}-09-01`;
      const minAge = p.minAge ?? 6;
      const maxAge = p.maxAge ?? 15;
      const youngest = `${schoolYear - minAge}-09-01`; // born on or before: at least minAge on 1 September
      const oldest = `${schoolYear - maxAge - 1}-09-01`; // born after: at most maxAge
      const source = sql`
        select p.id as person_id, mm.household_id, p.name as person_name, null::text as id_masked,
          jsonb_build_object('ageOnSep1', date_part('year', age(${sep1}::date, p.birth_date))::int,
            'schoolYear', ${`${schoolYear}-${schoolYear + 1}`}::text) as vals
        from household_members mm
        join persons p on p.id = mm.person_id and p.deleted_at is null
        join households hh on hh.id = mm.household_id and hh.deleted_at is null and hh.status = 'active'
          and hh.county_code = ${batch.countyCode}
        where mm.valid_to is null and p.birth_date <= ${youngest}::date and p.birth_date > ${oldest}::date
          and not exists (
            select 1 from comparison_rows r where r.batch_id = ${batch.id} and r.person_id = p.id
          )`;
      return warningInsert(batch, rule, version, dueAt, now, source, batch.month);
    }
  }
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export async function countsOf(ex: Executor, batchId: string): Promise<ComparisonCounts> {
  const res = await ex.execute(sql`
    select status, count(*)::int as n from comparison_rows where batch_id = ${batchId} group by status`);
  const rows = (res as { rows: { status: string; n: number }[] }).rows;
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  const w = await ex.execute(sql`select count(*)::int as n from comparison_warnings where batch_id = ${batchId}`);
  const warnings = Number((w as { rows: { n: number }[] }).rows[0]?.n ?? 0);
  return {
    rows: rows.reduce((s, r) => s + Number(r.n), 0),
    matched: n('matched'),
    unmatched: n('unmatched'),
    invalid: n('invalid'),
    duplicate: n('duplicate'),
    warnings,
  };
}

/** Posts (or refreshes) the verification to-do of each place the batch's warnings went to. */
async function postInbox(tx: Tx, deps: ComparisonDeps, month: string, batchId: string | null, places?: PlaceKey[]) {
  const touched =
    places ??
    rowsOf<PlaceKey>(
      await tx.execute(sql`
        select distinct site_id, township_code from comparison_warnings where batch_id = ${batchId}`),
    );
  if (touched.length === 0) return;
  const assignments = await tx
    .select()
    .from(roleAssignments)
    .where(inArray(roleAssignments.role, ['site_manager', 'township', 'urban_community']));
  const siteRows = await tx
    .select({ id: sites.id, name: sites.name, urban: sites.urbanCommunity })
    .from(sites)
    .where(
      inArray(
        sites.id,
        touched.flatMap((p) => (p.site_id ? [p.site_id] : [])).concat(['00000000-0000-0000-0000-000000000000']),
      ),
    );
  const dueAt = deadlineByDay(month, comparisonChainDay);
  for (const place of touched) {
    const open = await tx.execute(sql`
      select count(*)::int as n from comparison_warnings
      where month = ${month} and status = 'new' and township_code = ${place.township_code}
        and ${place.site_id ? sql`site_id = ${place.site_id}` : sql`site_id is null`}`);
    const n = Number(rowsOf<{ n: number }>(open)[0]?.n ?? 0);
    const site = siteRows.find((s) => s.id === place.site_id);
    const users = new Set(
      assignments
        .filter((a) =>
          site
            ? (a.role === 'site_manager' && a.siteId === site.id) ||
              (a.role === 'urban_community' && site.urban) ||
              (a.role === 'township' && a.divisionCode === place.township_code && !site.urban)
            : a.role === 'township' && a.divisionCode === place.township_code,
        )
        .map((a) => a.userId),
    );
    const ref = `${month}:${place.site_id ?? place.township_code}`;
    for (const userId of users) {
      if (n === 0) continue;
      await postInboxItem(tx, deps.clock, {
        userId,
        title: `入户核实部门比对预警：${site?.name ?? '分散安置户'}（${month}，${n} 条待核实）`,
        dueAt,
        link: `/comparison/warnings?month=${month}&status=new`,
        source: comparisonInboxSource,
        sourceRef: ref,
      });
    }
  }
}

export interface PlaceKey {
  site_id: string | null;
  township_code: string;
}
export { postInbox as postComparisonInbox };

/** Processes a batch end to end. Throws ComparisonFileError when the file cannot be read or mapped. */
export async function processBatch(
  deps: ComparisonDeps,
  batchId: string,
  actor: ActorContext,
  cancelled: () => void = () => {},
): Promise<void> {
  const [batch] = await deps.db.select().from(comparisonBatches).where(eq(comparisonBatches.id, batchId));
  if (!batch || !['uploaded', 'processing'].includes(batch.status)) return;
  const kind = await loadKind(deps.db, batch.kindKey);
  if (!kind) throw new ComparisonFileError('数据类别不存在');
  await deps.db.delete(comparisonRows).where(eq(comparisonRows.batchId, batch.id)); // a retry starts over
  const moved = await deps.db
    .update(comparisonBatches)
    .set({ status: 'processing', updatedAt: deps.clock.now() })
    .where(and(eq(comparisonBatches.id, batch.id), inArray(comparisonBatches.status, ['uploaded', 'processing'])))
    .returning({ id: comparisonBatches.id });
  if (moved.length === 0) return;
  const step = stepTimer(batch.id.slice(-6));
  const table = stageTableOf(batch.id);
  const { layout, headerRow } = await withStage(deps, table, async (stage) => {
    const found = await readIntoStage(deps, batch, kind, stage, cancelled);
    step('read + stage');
    await stage.finish(matchInsert(batch, table, found.repeated));
    step('match (insert … select)');
    return found;
  });
  // Fresh statistics for the rules' joins over comparison_rows.
  await deps.db.execute(sql`analyze comparison_rows`);
  step('analyze');
  cancelled();
  const now = deps.clock.now();
  const dueAt = deadlineByDay(batch.month, comparisonChainDay);
  await auditedTransaction(deps.db, deps.clock, actor, 'comparison.batch.process', async (tx, audit) => {
    const [still] = await tx
      .select({ status: comparisonBatches.status })
      .from(comparisonBatches)
      .where(eq(comparisonBatches.id, batch.id))
      .for('update');
    if (still?.status !== 'processing') return; // withdrawn meanwhile
    // The rules aggregate the batch's rows (and the year's): room to sort and hash them in memory.
    if (deps.database.engine === 'postgres') await tx.execute(sql`set local work_mem = '64MB'; set local jit = off`);
    // A later file for the same department, kind and month supersedes the earlier; verified warnings stay.
    const earlier = await tx
      .update(comparisonBatches)
      .set({ status: 'superseded', supersededBy: batch.id, updatedAt: now })
      .where(
        and(
          eq(comparisonBatches.unitId, batch.unitId),
          eq(comparisonBatches.kindKey, batch.kindKey),
          eq(comparisonBatches.month, batch.month),
          eq(comparisonBatches.status, 'processed'),
          ne(comparisonBatches.id, batch.id),
        ),
      )
      .returning({ id: comparisonBatches.id });
    let dropped: PlaceKey[] = [];
    if (earlier.length > 0) {
      const gone = await tx
        .delete(comparisonWarnings)
        .where(
          and(
            inArray(
              comparisonWarnings.batchId,
              earlier.map((e) => e.id),
            ),
            eq(comparisonWarnings.status, 'new'),
          ),
        )
        .returning({ siteId: comparisonWarnings.siteId, townshipCode: comparisonWarnings.townshipCode });
      dropped = [...new Map(gone.map((g) => [`${g.siteId}:${g.townshipCode}`, g])).values()].map((g) => ({
        site_id: g.siteId,
        township_code: g.townshipCode,
      }));
      for (const e of earlier)
        audit.entity('comparison_batch', e.id, { status: 'processed' }, { status: 'superseded' });
    }
    step('supersede');
    for (const rule of kind.rules) {
      const statement = ruleSql(batch, kind, rule, dueAt, now);
      if (statement) await tx.execute(statement);
    }
    step('rules');
    const counts = await countsOf(tx, batch.id);
    step('counts');
    await tx
      .update(comparisonBatches)
      .set({
        status: 'processed',
        counts,
        mapping: layout.mapping,
        headerRow,
        ignoredColumns: layout.ignored,
        processedAt: now,
        updatedAt: now,
      })
      .where(eq(comparisonBatches.id, batch.id));
    // The mapping is saved for the unit and kind: next month's file maps itself.
    await tx
      .insert(comparisonMappings)
      .values({
        unitId: batch.unitId,
        kindKey: batch.kindKey,
        mapping: layout.mapping,
        updatedBy: batch.createdBy,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [comparisonMappings.unitId, comparisonMappings.kindKey],
        set: { mapping: layout.mapping, updatedBy: batch.createdBy, updatedAt: now },
      });
    await postInbox(tx, deps, batch.month, batch.id);
    if (dropped.length > 0) await postInbox(tx, deps, batch.month, null, dropped);
    step('mapping + inbox');
    audit.entity('comparison_batch', batch.id, { status: 'processing' }, { status: 'processed', counts });
  });
  step('commit');
}

/** Marks the batch failed (the job's final failure). */
export async function failBatch(deps: ComparisonDeps, batchId: string, message: string): Promise<void> {
  await deps.db
    .update(comparisonBatches)
    .set({ status: 'failed', error: message.slice(0, 1000), updatedAt: deps.clock.now() })
    .where(and(eq(comparisonBatches.id, batchId), inArray(comparisonBatches.status, ['uploaded', 'processing'])));
}
