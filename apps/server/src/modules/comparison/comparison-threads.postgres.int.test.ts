import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonBatch } from '@anzhi/contracts/comparison';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { generateHouseholds, mulberry32 } from '../../demo/generator/registry-generator';
import { demoSites } from '../../demo/sites';
import { multipart } from '../../platform/files/testing/multipart';
import { appJobRegistry } from '../../platform/jobs/job-kinds';
import { startJobRunner, type JobRunner } from '../../platform/jobs/job-runner';
import { Agent, buildTestApp, buildUser, engineUnavailable, type TestApp } from '../../test/harness';
import { divisions, sites } from '../org/org.table';
import { resolveUnitName } from '../org/units.service';
import { loadGenerated } from '../registry/registry-load';
import { insertAssignment } from '../users/role-assignments.service';
import { comparisonReadTuning, ReadPool } from './comparison-read.host';
import { comparisonRows } from './comparison.table';

/*
 * A large CSV is read in worker threads, segment by segment, into COPY text (PostgreSQL only: PGlite stages
 * through inserts in the job's thread). The same file read in the job's thread and in threads over many small
 * segments must give the same rows: numbers, statuses, reasons, matches — duplicates across segments included.
 */
describe.skipIf(engineUnavailable())('department comparison read in worker threads', () => {
  let t: TestApp;
  let runner: JobRunner;
  let yibao: Agent;
  const ids: string[] = [];
  const tuning = { ...comparisonReadTuning };

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-03-10T02:00:00Z') });
    runner = startJobRunner(t.deps, appJobRegistry, { pollMs: 20, heartbeatMs: 50, schedule: false });
    const { key: _key, ...site } = demoSites[0]!;
    const siteId = uuidv7();
    await t.deps.db.insert(sites).values({ id: siteId, ...site, countyCode: '360735' });
    const villages = (await t.deps.db.select().from(divisions).where(eq(divisions.level, 'village'))).slice(0, 5);
    const generated = [
      ...generateHouseholds({
        seed: 7,
        households: 150,
        countyCode: '360735',
        sites: [{ id: siteId, townshipCode: site.townshipCode }],
        villages: villages.map((v) => ({ code: v.code, townshipCode: v.parentCode! })),
        asOf: '2022-01-31',
      }),
    ];
    for (const h of generated) for (const m of h.members) if (m.person.idNumber) ids.push(m.person.idNumber);
    await loadGenerated(
      { db: t.deps.db, cipher: t.deps.cipher, countyCode: '360735', now: t.deps.clock.now() },
      generated,
    );
    const user = await buildUser(t, { roles: [] });
    const unit = (await resolveUnitName(t.deps.db, '县医保局'))!;
    await insertAssignment(t.deps.db, user.id, { role: 'department', unitId: unit.id }, t.clock.now());
    yibao = new Agent(t.app);
    expect((await yibao.login(user.username, user.password)).statusCode).toBe(200);
  });

  afterAll(async () => {
    Object.assign(comparisonReadTuning, tuning);
    await runner?.stop();
    await t?.close();
  });

  /** A department file: title rows, its own headers, and every kind of row, repeated rows far apart. */
  function departmentCsv(): string {
    const random = mulberry32(11);
    const lines = [
      '\ufeff县医保局医疗费用明细表',
      '制表单位：县医保局,,,,',
      '序号,参保人姓名,公民身份号码,结算日期,个人自付（元）',
    ];
    const rows: string[] = [];
    for (let i = 0; i < 1500; i += 1) {
      const pick = random();
      const id =
        pick < 0.05
          ? makeIdNumber('110101', '19800101', i % 1000) // a valid number nobody in the registry holds
          : pick < 0.08
            ? `${ids[i % ids.length]!.slice(0, 17)}${ids[i % ids.length]!.endsWith('1') ? '2' : '1'}` // bad check digit
            : ids[i % ids.length]!;
      const name = pick > 0.97 ? `"张,三\n（曾用名""三儿""）"` : `参保人${i}`;
      const written =
        pick > 0.5 && pick < 0.52 ? id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) : id;
      rows.push(`${i + 1},${name},${written},2026-03-0${1 + (i % 9)},${Math.round(random() * 20000)}`);
    }
    // Identical rows: near their first and far from it (another segment), and an empty line.
    rows.push(rows[3]!, rows[700]!, '', rows[1400]!, rows[3]!);
    return `${[...lines, ...rows].join('\r\n')}\r\n`;
  }

  async function processFile(month: string, csv: string): Promise<ComparisonBatch> {
    const { body, headers } = multipart(
      { id: uuidv7(), kindKey: 'yb_medical', month },
      { filename: `yibao-${month}.csv`, content: csv },
    );
    const res = await yibao.request('POST', '/api/v1/comparison/batches', body, headers);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<ComparisonBatch>().id;
    for (let i = 0; i < 600; i += 1) {
      const b = (await yibao.get(`/api/v1/comparison/batches/${id}`)).json<ComparisonBatch>();
      if (['processed', 'failed'].includes(b.status)) return b;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('batch never finished');
  }

  const rowsOf = async (batchId: string) =>
    (
      await t.deps.db
        .select()
        .from(comparisonRows)
        .where(eq(comparisonRows.batchId, batchId))
        .orderBy(asc(comparisonRows.rowNumber))
    ).map(({ batchId: _b, ...r }) => r);

  it('gives the same rows in the job thread as in threads over many segments', async () => {
    const csv = departmentCsv();
    Object.assign(comparisonReadTuning, { workers: 0 });
    const inThread = await processFile('2026-02', csv);
    const poolsBefore = ReadPool.opened;
    Object.assign(comparisonReadTuning, { workers: 2, segmentBytes: 4096 });
    const inWorkers = await processFile('2026-03', csv);
    expect(ReadPool.opened).toBe(poolsBefore + 1);
    expect(inThread.status, inThread.error ?? '').toBe('processed');
    expect(inWorkers.status, inWorkers.error ?? '').toBe('processed');
    expect(inWorkers.counts).toEqual({ ...inThread.counts, warnings: inWorkers.counts.warnings });
    expect(inThread.counts.duplicate).toBeGreaterThanOrEqual(4);
    expect(inThread.counts.invalid).toBeGreaterThan(10);
    expect(inThread.counts.unmatched).toBeGreaterThan(10);
    // A one-bit bitmap: every row after the first may repeat an earlier one, and the SQL alone tells them apart.
    Object.assign(comparisonReadTuning, { bitmapBits: 1 });
    const allSuspect = await processFile('2026-01', csv);
    expect(allSuspect.status, allSuspect.error ?? '').toBe('processed');
    const [a, b, c] = [await rowsOf(inThread.id), await rowsOf(inWorkers.id), await rowsOf(allSuspect.id)];
    expect(a).toHaveLength(1504);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    // Exactly the rows repeating an earlier valid row's text are duplicates — not the many rows of a person
    // whose values differ (every number comes back about three times).
    const dataLines = csv.split('\r\n').slice(3);
    const firstSeen = new Map<string, number>();
    const expectedDuplicates: number[] = [];
    dataLines.forEach((line, i) => {
      const rowNumber = i + 4;
      const earlier = firstSeen.get(line);
      const valid = a.find((r) => r.rowNumber === rowNumber)?.status !== 'invalid';
      if (line !== '' && earlier !== undefined && valid) expectedDuplicates.push(rowNumber);
      else if (line !== '' && valid && earlier === undefined) firstSeen.set(line, rowNumber);
    });
    expect(b.filter((r) => r.status === 'duplicate').map((r) => r.rowNumber)).toEqual(expectedDuplicates);
    expect(new Set(b.filter((r) => r.personId).map((r) => r.personId)).size).toBeLessThan(
      b.filter((r) => r.status === 'matched').length,
    );
    // The far duplicates point at their first row, which sits in another segment.
    expect(b.find((r) => r.rowNumber === 1508)).toMatchObject({ status: 'duplicate', reason: '与第 7 行完全相同' });
    expect(b.find((r) => r.rowNumber === 1507)).toMatchObject({ status: 'duplicate' });
  });

  it('fails a file whose quote is left open with a clear message, writing no rows', async () => {
    Object.assign(comparisonReadTuning, { workers: 2, segmentBytes: 4096, maxRecordBytes: 8192, bitmapBits: 26 });
    // Row 10 (the file's 10th record) opens a quote that never closes: the rest of the file would be one record.
    const lines = ['序号,参保人姓名,公民身份号码,结算日期,个人自付'];
    for (let i = 1; i <= 2000; i += 1) lines.push(`${i},${i === 9 ? '"' : ''}参保人${i},${ids[i]!},2026-03-01,${i}`);
    const failed = await processFile('2025-12', `${lines.join('\n')}\n`);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('第 10 条记录超过');
    expect(failed.error).toContain('引号没有闭合');
    expect(await rowsOf(failed.id)).toEqual([]);
  });
});
