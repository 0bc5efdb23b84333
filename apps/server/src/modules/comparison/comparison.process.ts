import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { comparisonChainDay, type ComparisonCounts, type ComparisonRuleDef } from '@anzhi/contracts/comparison';
import { deadlineByDay, localDate } from '@anzhi/domain/periods';
import type { Executor, Tx } from '../../db/client';
import { copyInto } from '../../db/copy';
import { auditedTransaction, type ActorContext } from '../../platform/audit/audit.service';
import type { Deps } from '../../platform/deps';
import { openBlob } from '../../platform/files/attachment-store';
import { findAttachment } from '../../platform/files/attachments.repository';
import { filesRoot } from '../../platform/files/attachments.service';
import { postInboxItem } from '../../platform/notifications/notifications.service';
import { sites } from '../org/org.table';
import { roleAssignments } from '../users/users.table';
import { csvRows, xlsxRows, type SheetRow } from '../imports/sheet-reader';
import { headerScanRows, hintsOf, layoutOf, readDataRow, type SheetLayout } from './comparison-sheet';
import { loadKind, savedMapping, type KindRow } from './comparison.kinds';
import { comparisonBatches, comparisonMappings, comparisonRows, comparisonWarnings } from './comparison.table';

/*
 * Processing a batch (a job): read the file as a stream, map the header, stage every row (COPY on PostgreSQL,
 * chunked inserts on PGlite), then set-based SQL: identical rows, the match on the blind index, unmatched rows
 * reduced to their masked number, one INSERT … SELECT per rule, the counts. Never a query per row.
 */

export type ComparisonDeps = Pick<Deps, 'db' | 'clock' | 'cipher' | 'config'> & { database?: Deps['database'] };

export const comparisonXlsxMaxRows = 200_000;
const chunkRows = 2000;
export const comparisonInboxSource = 'comparison';

export class ComparisonFileError extends Error {}

type BatchRow = typeof comparisonBatches.$inferSelect;

interface StagedRow {
  batchId: string;
  rowNumber: number;
  idBidx: string | null;
  idMasked: string | null;
  personName: string | null;
  values: Record<string, string | number | null> | null;
  rowKey: string | null;
  status: 'staged' | 'invalid';
  reason: string | null;
}

async function stage(deps: ComparisonDeps, rows: StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (deps.database?.engine === 'postgres') {
    const client = await deps.database.pool.connect();
    try {
      await copyInto(
        client,
        'comparison_rows',
        ['batch_id', 'row_number', 'id_bidx', 'id_masked', 'person_name', 'values', 'row_key', 'status', 'reason'],
        rows.map((r) => [
          r.batchId,
          r.rowNumber,
          r.idBidx,
          r.idMasked,
          r.personName,
          r.values,
          r.rowKey,
          r.status,
          r.reason,
        ]),
      );
    } finally {
      client.release();
    }
    return;
  }
  for (let i = 0; i < rows.length; i += 500) await deps.db.insert(comparisonRows).values(rows.slice(i, i + 500));
}

async function openBatchFile(deps: ComparisonDeps, batch: BatchRow): Promise<Readable> {
  const attachment = await findAttachment(deps.db, batch.attachmentId);
  if (!attachment || attachment.purgedAt) throw new ComparisonFileError('上传的文件已不存在，请重新上传');
  const fileKey = attachment.wrappedKey ? Buffer.from(deps.cipher.decrypt(attachment.wrappedKey), 'base64') : undefined;
  return openBlob(filesRoot(deps), attachment.storageKey, fileKey);
}

/** Reads and stages the file; returns the layout found. */
async function readAndStage(
  deps: ComparisonDeps,
  batch: BatchRow,
  kind: KindRow,
  cancelled: () => void,
): Promise<{ layout: SheetLayout; headerRow: number }> {
  const source = await openBatchFile(deps, batch);
  const rows: AsyncIterable<SheetRow> = batch.format === 'xlsx' ? xlsxRows(source) : csvRows(source);
  const hints = hintsOf(await savedMapping(deps.db, batch.unitId, batch.kindKey), batch.mappingInput);
  const today = localDate(deps.clock.now());
  let layout: SheetLayout | null = null;
  let headerRow = 0;
  let lastMissing: string[] = [];
  let scanned = 0;
  let dataRows = 0;
  let chunk: StagedRow[] = [];
  let pending: Promise<void> = Promise.resolve();
  for await (const row of rows) {
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
            `前 ${headerScanRows} 行中找不到表头：缺少${(lastMissing.length ? lastMissing : kind.columns.filter((c) => c.required).map((c) => c.label)).join('、')}列。请在上传时指定列的对应关系`,
          );
      }
      continue;
    }
    const read = readDataRow(row.cells, layout, kind.columns, today);
    if (read.kind === 'empty') continue;
    dataRows += 1;
    if (batch.format === 'xlsx' && dataRows > comparisonXlsxMaxRows)
      throw new ComparisonFileError(
        `.xlsx 文件最多 ${comparisonXlsxMaxRows.toLocaleString('en-US')} 行，更大的文件请另存为 CSV 后上传`,
      );
    if (read.kind === 'invalid')
      chunk.push({
        batchId: batch.id,
        rowNumber: row.rowNumber,
        idBidx: null,
        idMasked: read.idMasked,
        personName: null,
        values: null,
        rowKey: null,
        status: 'invalid',
        reason: read.reason,
      });
    else {
      const bidx = deps.cipher.blindIndex(read.idNumber);
      chunk.push({
        batchId: batch.id,
        rowNumber: row.rowNumber,
        idBidx: bidx,
        idMasked: read.idMasked,
        personName: read.name,
        values: read.values,
        rowKey: crypto
          .createHash('sha1')
          .update(`${bidx}\u0000${JSON.stringify(read.values)}`)
          .digest('base64'),
        status: 'staged',
        reason: null,
      });
    }
    if (chunk.length >= chunkRows) {
      cancelled();
      // One COPY in flight while the next chunk is read.
      await pending;
      pending = stage(deps, chunk);
      pending.catch(() => undefined); // awaited above or below; a file error meanwhile must not leave it unhandled
      chunk = [];
    }
  }
  if (!layout)
    throw new ComparisonFileError(
      `找不到表头：缺少${(lastMissing.length ? lastMissing : kind.columns.filter((c) => c.required).map((c) => c.label)).join('、')}列`,
    );
  await pending;
  await stage(deps, chunk);
  return { layout, headerRow };
}

/**
 * One pass over the staged rows: identical rows (same number and values) after the first are duplicates; the
 * others match a live person who is a current member of an active household, or are people we do not serve —
 * reduced to their masked number (duplicates too).
 */
async function matchRows(ex: Executor, batch: BatchRow): Promise<void> {
  await ex.execute(sql`
    update comparison_rows r set
      status = case when d.first_row <> d.row_number then 'duplicate'
        when d.person_id is not null then 'matched' else 'unmatched' end,
      reason = case when d.first_row <> d.row_number then '与第 ' || d.first_row || ' 行完全相同'
        when d.person_id is not null then null else '不是本县在册搬迁人口' end,
      person_id = case when d.first_row = d.row_number then d.person_id end,
      household_id = case when d.first_row = d.row_number then d.household_id end,
      id_bidx = case when d.first_row = d.row_number and d.person_id is not null then r.id_bidx end,
      person_name = case when d.first_row = d.row_number and d.person_id is not null then r.person_name end,
      values = case when d.first_row = d.row_number and d.person_id is not null then r.values end,
      row_key = case when d.first_row = d.row_number and d.person_id is not null then r.row_key end
    from (
      select s.row_number, min(s.row_number) over (partition by s.row_key) as first_row, x.person_id, x.household_id
      from comparison_rows s
      left join (
        select p.id as person_id, p.id_number_bidx as bidx, m.household_id
        from persons p
        join household_members m on m.person_id = p.id and m.valid_to is null
        join households h on h.id = m.household_id and h.deleted_at is null and h.status = 'active'
        where p.deleted_at is null and p.county_code = ${batch.countyCode}
      ) x on x.bidx = s.id_bidx
      where s.batch_id = ${batch.id} and s.status = 'staged'
    ) d
    where r.batch_id = ${batch.id} and r.row_number = d.row_number`);
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
    select gen_random_uuid(), ${batch.countyCode}, ${batch.id}, ${batch.kindKey}, ${rule.id}, ${version}, ${batch.month},
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

function ruleSql(batch: BatchRow, kind: KindRow, rule: ComparisonRuleDef, dueAt: Date, now: Date): SQL {
  const version = kind.ruleVersions[rule.id] ?? 1;
  const p = rule.parameters;
  const year = batch.month.slice(0, 4);
  switch (rule.type) {
    case 'any':
      return warningInsert(batch, rule, version, dueAt, now, rowSource(batch, sql`true`), batch.month);
    case 'value_in': {
      const col = sql.raw(`'${safeColumn(rule.column)}'`);
      const values = p.values ?? [];
      if (values.length === 0) return sql`select 1`;
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
      const source = sql`
        with here as (
          select distinct on (person_id) person_id, person_name, id_masked
          from comparison_rows where batch_id = ${batch.id} and status = 'matched' order by person_id, row_number
        ), months as (
          select r.person_id, r.household_id, b.month, sum(coalesce((r.values->>${col})::numeric, 0)) as amount
          from comparison_rows r
          join comparison_batches b on b.id = r.batch_id
          where b.kind_key = ${batch.kindKey} and b.county_code = ${batch.countyCode}
            and substr(b.month, 1, 4) = ${year} and b.month <= ${batch.month}
            and (b.id = ${batch.id} or b.status = 'processed')
            and r.status = 'matched' and r.person_id in (select person_id from here)
          group by r.person_id, r.household_id, b.month
        ), totals as (
          select person_id, (array_agg(household_id order by month desc))[1] as household_id,
            sum(amount) as total, jsonb_object_agg(month, amount) as by_month
          from months group by person_id having sum(amount) >= ${p.amount ?? 0}
        )
        select t.person_id, t.household_id, here.person_name, here.id_masked,
          jsonb_build_object('cumulative', t.total, 'threshold', ${p.amount ?? 0}::numeric, 'year', ${year}::text,
            'months', t.by_month) as vals
        from totals t join here on here.person_id = t.person_id`;
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
  const { layout, headerRow } = await readAndStage(deps, batch, kind, cancelled);
  // Fresh statistics for the staged rows: the set-based statements below join on them.
  await deps.db.execute(sql`analyze comparison_rows`);
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
    await matchRows(tx, batch);
    // The statuses changed: fresh statistics again for the rules' joins.
    await tx.execute(sql`analyze comparison_rows`);
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
    for (const rule of kind.rules) await tx.execute(ruleSql(batch, kind, rule, dueAt, now));
    const counts = await countsOf(tx, batch.id);
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
    audit.entity('comparison_batch', batch.id, { status: 'processing' }, { status: 'processed', counts });
  });
}

/** Marks the batch failed (the job's final failure). */
export async function failBatch(deps: ComparisonDeps, batchId: string, message: string): Promise<void> {
  await deps.db
    .update(comparisonBatches)
    .set({ status: 'failed', error: message.slice(0, 1000), updatedAt: deps.clock.now() })
    .where(and(eq(comparisonBatches.id, batchId), inArray(comparisonBatches.status, ['uploaded', 'processing'])));
}
