import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Attachment } from '@anzhi/contracts/attachments';
import {
  notificationSourceLabels,
  type InboxItem,
  type Notification,
  type UnreadCount,
} from '@anzhi/contracts/notifications';
import { testClock } from '@anzhi/domain/periods';
import { boot, type Running } from './boot';
import { loadConfig } from './config';
import { demoAccounts, demoPassword } from './demo/accounts';
import { demoSiteListCsv } from './demo/platform-demo';
import { users } from './modules/users/users.table';
import { jobs } from './platform/jobs/jobs.table';
import { inboxItems, notifications } from './platform/notifications/notifications.table';
import { Agent } from './test/harness';

const demoNow = new Date('2026-03-15T02:00:00Z');

/** The shared machinery's demo: every account's inbox and notifications, the jobs history, the sample file. */
async function expectDemoStory(running: Running) {
  const db = running.database.db;
  for (const account of demoAccounts) {
    const [user] = await db.select().from(users).where(eq(users.username, account.username));
    // The shared machinery's demo items (sources 'demo…'); features' demo items are checked by their own tests.
    const ours = (i: { source: string }) => i.source.startsWith('demo');
    const items = (await db.select().from(inboxItems).where(eq(inboxItems.userId, user!.id))).filter(ours);
    const notes = (await db.select().from(notifications).where(eq(notifications.userId, user!.id))).filter(ours);
    const label = `${account.username} 的待办和通知`;
    const open = items.filter((i) => i.status === 'open');
    const overdue = open.filter((i) => i.dueAt! <= demoNow);
    const done = items.filter((i) => i.status === 'done');
    expect([items.length, new Set(items.map((i) => i.source)).size >= 2], label).toEqual([
      expect.toSatisfy((n: number) => n >= 2 && n <= 4),
      true,
    ]);
    expect([overdue.length, open.length - overdue.length >= 1, done.length], label).toEqual([1, true, 1]);
    expect([notes.length >= 1 && notes.length <= 3, notes.filter((n) => n.readAt !== null).length], label).toEqual([
      true,
      1,
    ]);
    for (const i of [...items, ...notes]) {
      expect(['/', '/inbox', '/sites', '/admin/jobs'], label).toContain(i.link);
      expect(notificationSourceLabels[i.source], `${label}：来源 ${i.source} 的中文名`).toBeDefined();
      expect(i.createdAt.getTime(), label).toBeLessThanOrEqual(demoNow.getTime());
    }
    for (const i of done) expect(i.doneAt!.getTime(), label).toBeLessThan(demoNow.getTime());
  }

  // Through the API, as a township user sees it: the overdue item first, due dates from the clock.
  const qinjiang = new Agent(running.app);
  expect((await qinjiang.login('qinjiang', demoPassword)).statusCode).toBe(200);
  // Features add their own demo items (e.g. the supervision list's); this checks the shared machinery's.
  const demoOnly = <T extends { source: string }>(items: T[]) => items.filter((i) => i.source.startsWith('demo'));
  const inbox = demoOnly((await qinjiang.get('/api/v1/inbox?pageSize=100')).json<{ items: InboxItem[] }>().items);
  expect(inbox.map((i) => [i.title, i.dueAt, i.overdue])).toEqual([
    ['核实预警：城南幸福家园安置区 2 户人均纯收入低于监测线', '2026-03-11T16:00:00.000Z', true],
    ['本月入户回访：城南幸福家园安置区 尚有 12 户未回访', '2026-03-31T16:00:00.000Z', false],
    ['月度确认：2026年3月回访台账与“三类人员”监测台账', '2026-04-03T16:00:00.000Z', false],
  ]);
  const done = demoOnly((await qinjiang.get('/api/v1/inbox?status=done')).json<{ items: InboxItem[] }>().items);
  expect(done.map((i) => i.title)).toEqual(['月度确认：2026年2月回访台账与“三类人员”监测台账']);
  const counts = (await qinjiang.get('/api/v1/notifications/unread-count')).json<UnreadCount>();
  expect(counts.unread).toBeGreaterThanOrEqual(2);
  expect(counts.inboxOpen).toBeGreaterThanOrEqual(3);
  expect(counts.inboxOverdue).toBeGreaterThanOrEqual(1);
  const notes = demoOnly((await qinjiang.get('/api/v1/notifications')).json<{ items: Notification[] }>().items);
  expect(notes[0]!.title).toBe('提醒：2026年3月月度确认请于下月 3 日前完成');

  // The jobs page's history, started by the administrator.
  const [admin] = await db.select().from(users).where(eq(users.username, 'admin'));
  const history = await db.select().from(jobs).where(eq(jobs.createdBy, admin!.id)).orderBy(jobs.createdAt);
  expect(history).toMatchObject([
    { kind: 'demo.count', status: 'succeeded', progressDone: 10, progressTotal: 10, result: { counted: 10 } },
    { kind: 'demo.count', status: 'failed', attempts: 3, error: '演示任务按要求在第 3 次执行时失败（数到 5）' },
  ]);

  // The sample attachment on the county administrator's 附件 page, downloadable as built.
  const xczx = new Agent(running.app);
  expect((await xczx.login('xczx', demoPassword)).statusCode).toBe(200);
  const files = (await xczx.get('/api/v1/attachments')).json<{ items: Attachment[] }>().items;
  expect(files.map((f) => [f.filename, f.personalData])).toEqual([['安置点名单示例.csv', false]]);
  const csv = await xczx.get(`/api/v1/attachments/${files[0]!.id}`);
  expect(csv.statusCode).toBe(200);
  expect(csv.body).toBe(demoSiteListCsv());
  expect(csv.body).toContain('城南幸福家园安置区,城镇安置区,360735100000,琴江镇城南大道 88 号,是,是');
}

describe('first start and restart (embedded database)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-boot-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', DEMO: '1', PORT: '0' });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the demo once, never reseeds, and refuses to invent new keys for existing data', async () => {
    // 2026-03-15 10:00 in Shanghai: the demo's due dates are relative to the injected clock.
    const first = await boot(config, testClock(demoNow));
    expect(first.initialised).toBe('demo');
    expect(fs.readdirSync(path.join(dir, 'keys')).sort()).toEqual(['bidx-v1.key', 'enc-v1.key']);
    try {
      await expectDemoStory(first);
    } finally {
      await first.stop();
    }

    const second = await boot(config);
    expect(second.initialised).toBeNull();
    await second.stop();

    fs.rmSync(path.join(dir, 'keys'), { recursive: true });
    await expect(boot(config)).rejects.toThrow(/没有密钥，但数据库中已有数据/);
    expect(fs.existsSync(path.join(dir, 'keys', 'enc-v1.key'))).toBe(false);
    // The refused start released the lock.
    expect(fs.existsSync(path.join(dir, 'anzhi.lock'))).toBe(false);
    // Three starts, the first loading the whole demo (every feature's records, the rules job for 12 months): about
    // 40 s alone on 2 cores, longer beside the other integration workers.
  }, 240_000);
});
