import fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '@anzhi/contracts/attachments';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { appJobRegistry } from '../jobs/job-kinds';
import { startJobRunner, type JobRunner } from '../jobs/job-runner';
import { periodicDedupeKey } from '../jobs/job-schedule';
import { enqueuePeriodicJobs } from '../jobs/job-scheduler';
import { jobs } from '../jobs/jobs.table';
import { blobPath } from './attachment-store';
import { filesRoot } from './attachments.service';
import { attachments } from './attachments.table';
import { upload } from './testing/multipart';

const dayMs = 24 * 60 * 60 * 1000;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  const until = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

describe.skipIf(engineUnavailable())(`daily attachment purge job on ${engine}`, () => {
  let t: TestApp;
  let user: { id: string; username: string; password: string };
  let runner: JobRunner | undefined;

  const purgeRuns = () =>
    t.deps.db.select().from(jobs).where(eq(jobs.kind, 'attachments.purge')).orderBy(jobs.runAfter);
  /** The run of one Shanghai day, once it has succeeded. */
  const succeededRun = (day: string) =>
    waitFor(`the purge run of ${day}`, async () => {
      const rows = await purgeRuns();
      const run = rows.find((r) => r.dedupeKey === periodicDedupeKey('attachments.purge', day));
      return run?.status === 'succeeded' && run;
    });

  beforeAll(async () => {
    t = await buildTestApp(); // 2022-03-15 10:00 Asia/Shanghai
    user = await buildUser(t, { roles: ['township'] });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is enqueued by the periodic scheduler once per Shanghai day and purges an import file after 30 days', async () => {
    expect(appJobRegistry.get('attachments.purge')).toMatchObject({ title: '清除到期附件', every: 'daily' });
    const agent = new Agent(t.app);
    expect((await agent.login(user.username, user.password)).statusCode).toBe(200);
    const content = '\uFEFF姓名,身份证号\n赵六,360735196001010012\n';
    const res = await upload(agent, { filename: '导入名单.csv', content }, { purpose: 'import', personalData: 'true' });
    expect(res.statusCode).toBe(201);
    const att = res.json<Attachment>();
    const [row] = await t.deps.db.select().from(attachments).where(eq(attachments.id, att.id));
    const stored = blobPath(filesRoot(t.deps), row!.storageKey);
    expect(fs.existsSync(stored)).toBe(true);

    // The runner's scheduler ticks every 20 ms; other schedulers (processes) tick too: one run for the day.
    runner = startJobRunner(t.deps, appJobRegistry, { pollMs: 20, heartbeatMs: 50 });
    await Promise.all([enqueuePeriodicJobs(t.deps, appJobRegistry), enqueuePeriodicJobs(t.deps, appJobRegistry)]);
    expect((await succeededRun('2022-03-15')).result).toEqual({ purgedAttachments: 0, removedFiles: 0, freedBytes: 0 });
    t.clock.set('2022-03-15T15:59:59Z'); // 23:59:59 in Shanghai: still the same day
    await delay(200);
    expect(await purgeRuns()).toHaveLength(1);

    t.clock.set('2022-03-15T16:00:00Z'); // midnight in Shanghai: a new day, a new run
    await succeededRun('2022-03-16');
    expect((await purgeRuns()).map((r) => r.dedupeKey)).toEqual(
      ['2022-03-15', '2022-03-16'].map((day) => periodicDedupeKey('attachments.purge', day)),
    );
    expect(fs.existsSync(stored)).toBe(true); // not yet due

    // 31 days after the upload: that day's run removes the bytes and keeps the row.
    t.clock.set(new Date(Date.parse('2022-03-15T02:00:00Z') + 31 * dayMs));
    // (jobs.prune may meanwhile drop the March runs: succeeded periodic runs are kept 30 days.)
    expect((await succeededRun('2022-04-15')).result).toMatchObject({ purgedAttachments: 1, removedFiles: 1 });
    expect(fs.existsSync(stored)).toBe(false);
    const [after] = await t.deps.db.select().from(attachments).where(eq(attachments.id, att.id));
    expect(after?.purgedAt).not.toBeNull();

    const again = new Agent(t.app); // the first session idled out meanwhile
    expect((await again.login(user.username, user.password)).statusCode).toBe(200);
    const dl = await again.get(`/api/v1/attachments/${att.id}`);
    expect(dl.statusCode).toBe(410);
    expect(dl.json()).toMatchObject({ error: 'GONE', message: '文件已按保存期限清除' });
  });
});
