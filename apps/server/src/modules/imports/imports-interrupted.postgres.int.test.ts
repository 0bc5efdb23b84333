import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatch } from '@anzhi/contracts/imports';
import type { Site } from '@anzhi/contracts/org';
import { localDate } from '@anzhi/domain/periods';
import { multipart } from '../../platform/files/testing/multipart';
import { Agent, buildTestApp, buildUser, engineUnavailable, type TestApp } from '../../test/harness';
import { householdMembers, households, persons } from '../registry/registry.table';
import { importBatches, importRows } from './imports.table';
import { generatedRows } from './generated-rows';
import { registryCsv } from './sample-workbook';

/*
 * A process killed in the middle of an import (decisions.md, imports): killed while parsing, the registry is
 * untouched and a restarted process parses again; killed while applying, only whole households are written and
 * a restarted process finishes the apply without duplicates.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const childScript = path.join(here, 'testing', 'import-worker.child.ts');
const QINJIANG = '360735100000';
const HOUSEHOLDS = 3000;

describe.skipIf(engineUnavailable())('an interrupted import on postgres', () => {
  let t: TestApp;
  let lead: Agent;
  const siteIds: string[] = [];
  const children: ChildProcess[] = [];

  function spawnWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
      env: {
        ...process.env,
        IMPORT_TEST_DATABASE_URL: t.testDb.location,
        IMPORT_TEST_KEYS: t.keysDir,
        IMPORT_TEST_DATA_DIR: t.deps.config.dataDir,
        IMPORT_TEST_CLOCK: t.clock.now().toISOString(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve(child);
      });
      child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
    });
  }

  async function until(what: string, fn: () => Promise<boolean>, ms = 150_000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await fn()) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const batchOf = async (id: string) =>
    (await t.deps.db.select().from(importBatches).where(eq(importBatches.id, id)))[0]!;

  async function kill(child: ChildProcess) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async function registryCounts() {
    const [h] = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(households);
    const [p] = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(persons);
    const [m] = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(householdMembers);
    return { households: h!.n, persons: p!.n, members: m!.n };
  }

  beforeAll(async () => {
    t = await buildTestApp();
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    for (const key of ['a', 'b']) {
      const res = await a.post('/api/v1/sites', { name: `中断测试点${key}`, townshipCode: QINJIANG, type: '中心集镇' });
      siteIds.push(res.json<Site>().id);
    }
    const u = await buildUser(t, { roles: ['county_lead'] });
    lead = new Agent(t.app);
    await lead.login(u.username, u.password);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await t?.close();
  });

  it('killed while parsing writes nothing; killed while applying writes whole households, and a rerun converges', async () => {
    const gen = await generatedRows(t.deps.db, {
      countyCode: t.deps.config.countyCode,
      siteIds,
      households: HOUSEHOLDS,
      seed: 7,
      asOf: localDate(t.clock.now()),
    });
    const rows = [...gen.rows()];
    const csv = `\uFEFF${registryCsv(rows)}`;
    const before = await registryCounts();

    // Upload (no runner in this process), then a worker process starts parsing and is killed.
    const { body, headers } = multipart({}, { filename: 'big.csv', content: csv });
    const res = await lead.request('POST', '/api/v1/imports', body, headers);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<ImportBatch>().id;
    const first = await spawnWorker();
    await until('parsing under way', async () => {
      const b = await batchOf(id);
      return b.status === 'parsing' && b.rowsRead > 0;
    });
    await kill(first);
    expect(await registryCounts()).toEqual(before);

    // A new process takes the orphaned job over and parses again from the start.
    const second = await spawnWorker();
    await until('parsed', async () => (await batchOf(id)).status === 'parsed');
    const parsed = await batchOf(id);
    expect(parsed.counts).toMatchObject({ rows: rows.length, new: rows.length, error: 0, households: HOUSEHOLDS });
    expect(await registryCounts()).toEqual(before);

    // Confirmed; killed after some pages were applied.
    expect((await lead.post(`/api/v1/imports/${id}/confirm`)).statusCode).toBe(200);
    await until('apply under way', async () => {
      const [r] = await t.deps.db
        .select({ n: sql<number>`count(*)::int` })
        .from(importRows)
        .where(isNotNull(importRows.appliedAt));
      return r!.n > 0;
    });
    await kill(second);
    const partial = await registryCounts();
    expect(partial.households).toBeGreaterThan(before.households);
    expect(partial.households).toBeLessThan(before.households + HOUSEHOLDS);
    // Only whole households: every household written has all its members of the file.
    const sizes = new Map<string, number>();
    let current = '';
    for (const r of rows) {
      if (r.householdNumber) current = String(r.householdNumber);
      sizes.set(current, (sizes.get(current) ?? 0) + 1);
    }
    const written = await t.deps.db
      .select({ number: households.householdNumber, n: sql<number>`count(${householdMembers.id})::int` })
      .from(households)
      .innerJoin(householdMembers, eq(householdMembers.householdId, households.id))
      .groupBy(households.householdNumber);
    const fromFile = written.filter((w) => sizes.has(w.number));
    expect(fromFile.length).toBe(partial.households - before.households);
    for (const w of fromFile) expect(w.n, w.number).toBe(sizes.get(w.number));

    // A restarted process resumes: every household exactly once.
    await spawnWorker();
    await until('applied', async () => (await batchOf(id)).status === 'applied');
    const after = await registryCounts();
    expect(after.households - before.households).toBe(HOUSEHOLDS);
    expect(after.persons - before.persons).toBe(rows.length);
    expect(after.members - before.members).toBe(rows.length);
    const [dupes] = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(sql`(select id_number_bidx from persons group by id_number_bidx having count(*) > 1) d`);
    expect(dupes!.n).toBe(0);
    const applied = await batchOf(id);
    expect(applied.counts).toMatchObject({ householdsApplied: HOUSEHOLDS });
  }, 600_000);
});
