import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatch, ImportRowPage } from '@anzhi/contracts/imports';
import type { Site } from '@anzhi/contracts/org';
import { localDate } from '@anzhi/domain/periods';
import { multipart } from '../../platform/files/testing/multipart';
import { startJobRunner, type JobRunner } from '../../platform/jobs/job-runner';
import { appJobRegistry } from '../../platform/jobs/job-kinds';
import { Agent, buildTestApp, buildUser, engineUnavailable, type TestApp } from '../../test/harness';
import { persons } from '../registry/registry.table';
import { generatedRows } from './generated-rows';
import { registryXlsxFile, writeRegistryCsvFile } from './sample-workbook';

/** One large file (≥ 100,000 persons) through the dry run and the apply on PostgreSQL, with the rate printed. */

const QINJIANG = '360735100000';
const HOUSEHOLDS = Number(process.env.IMPORT_LARGE_HOUSEHOLDS ?? 27_000);
/** csv (default) or xlsx (slower: for measuring the .xlsx path). */
const FORMAT = process.env.IMPORT_LARGE_FORMAT === 'xlsx' ? 'xlsx' : 'csv';

describe.skipIf(engineUnavailable())('a large registry import on postgres', () => {
  let t: TestApp;
  let runner: JobRunner;
  let lead: Agent;
  const siteIds: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-import-large-'));

  beforeAll(async () => {
    t = await buildTestApp();
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const key of ['a', 'b', 'c']) {
      const res = await a.post('/api/v1/sites', {
        name: `大批量测试点${key}`,
        townshipCode: QINJIANG,
        type: '中心集镇',
      });
      siteIds.push(res.json<Site>().id);
    }
    const u = await buildUser(t, { roles: ['county_lead'] });
    lead = new Agent(t.app);
    await lead.login(u.username, u.password);
    runner = startJobRunner(t.deps, appJobRegistry, { pollMs: 50, heartbeatMs: 500, schedule: false });
  });
  afterAll(async () => {
    await runner?.stop();
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function waitFor(id: string, statuses: ImportBatch['status'][]): Promise<ImportBatch> {
    for (;;) {
      const b = (await lead.get(`/api/v1/imports/${id}`)).json<ImportBatch>();
      if (statuses.includes(b.status)) return b;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it(`dry-runs and applies a ${FORMAT} file of 100,000+ persons, answering requests meanwhile`, async () => {
    const gen = await generatedRows(t.deps.db, {
      countyCode: t.deps.config.countyCode,
      siteIds,
      households: HOUSEHOLDS,
      seed: 100_000,
      asOf: localDate(t.clock.now()),
    });
    const file = path.join(dir, `large.${FORMAT}`);
    let rows = 0;
    const counted = (function* () {
      for (const r of gen.rows()) {
        rows += 1;
        yield r;
      }
    })();
    if (FORMAT === 'xlsx') await registryXlsxFile(file, counted);
    else writeRegistryCsvFile(file, counted);
    expect(rows).toBeGreaterThanOrEqual(100_000);

    const started = performance.now();
    const { body, headers } = multipart({}, { filename: `large.${FORMAT}`, content: fs.readFileSync(file) });
    const res = await lead.request('POST', '/api/v1/imports', body, headers);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<ImportBatch>().id;
    // The server keeps answering while the worker parses; the progress moves.
    const seen = new Set<number>();
    let batch = res.json<ImportBatch>();
    while (batch.status !== 'parsed' && batch.status !== 'failed') {
      const t0 = performance.now();
      batch = (await lead.get(`/api/v1/imports/${id}`)).json<ImportBatch>();
      expect(performance.now() - t0).toBeLessThan(5000);
      seen.add(batch.progress.rowsRead);
      await new Promise((r) => setTimeout(r, 250));
    }
    const parsedAt = performance.now();
    expect(batch.status, batch.error ?? '').toBe('parsed');
    expect(seen.size).toBeGreaterThan(2);
    const firstErrors = (await lead.get(`/api/v1/imports/${id}/rows?class=error&pageSize=5`)).json<ImportRowPage>();
    expect(batch.counts, JSON.stringify(firstErrors.items.flatMap((r) => r.errors))).toMatchObject({
      rows,
      new: rows,
      error: 0,
      households: HOUSEHOLDS,
    });

    expect((await lead.post(`/api/v1/imports/${id}/confirm`)).statusCode).toBe(200);
    const applied = await waitFor(id, ['applied', 'failed']);
    const done = performance.now();
    expect(applied.status, applied.error ?? '').toBe('applied');
    expect(applied.counts.householdsApplied).toBe(HOUSEHOLDS);
    const [count] = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(persons);
    expect(count!.n).toBe(rows);

    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
    console.log(
      `[import-large] ${rows} rows (${HOUSEHOLDS} households, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB ${FORMAT}): ` +
        `dry run ${((parsedAt - started) / 1000).toFixed(1)} s (${rate(rows, parsedAt - started)} rows/s), ` +
        `apply ${((done - parsedAt) / 1000).toFixed(1)} s (${rate(rows, done - parsedAt)} rows/s), ` +
        `end to end ${rate(rows, done - started)} rows/s`,
    );
  }, 600_000);
});
