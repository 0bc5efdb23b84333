import { Readable } from 'node:stream';
import type { Role } from '@anzhi/contracts/permissions';
import { uuidv7 } from '@anzhi/domain/ids';
import {
  addDays,
  deadlineByDay,
  fixedClock,
  localDate,
  localDateToInstant,
  nextPeriod,
  periodLabel,
  periodOf,
  previousPeriod,
} from '@anzhi/domain/periods';
import type { Tx } from '../db/client';
import type { AuditRecorder } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';
import { storeGeneratedAttachment } from '../platform/files/attachments.service';
import { demoCountJob } from '../platform/jobs/demo-count.job';
import { insertJob } from '../platform/jobs/jobs.repository';
import {
  completeInboxItems,
  insertNotifications,
  upsertInboxItem,
} from '../platform/notifications/notifications.repository';
import { demoMessagesByRole, demoWorkplaceOf, type DemoDue } from './inbox';
import { demoSites } from './sites';

/** A demo account as loaded: what the shared-machinery demo needs of it. */
export interface DemoUser {
  id: string;
  username: string;
  role: Role;
}

type DemoDeps = Pick<Deps, 'clock' | 'cipher' | 'config'>;

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

/**
 * The shared machinery's part of the demo, inside the demo's transaction: each account's 我的待办 and
 * notifications, the jobs page's history, and one sample attachment. All times are relative to the clock.
 */
export async function loadPlatformDemo(tx: Tx, deps: DemoDeps, audit: AuditRecorder, users: readonly DemoUser[]) {
  await loadInboxDemo(tx, deps, audit, users);
  const admin = users.find((u) => u.username === 'admin');
  if (admin) await loadJobsDemo(tx, deps, audit, admin.id);
  const uploader = users.find((u) => u.username === 'xczx');
  if (uploader) await loadAttachmentDemo(tx, deps, audit, uploader.id);
}

async function loadInboxDemo(tx: Tx, deps: DemoDeps, audit: AuditRecorder, users: readonly DemoUser[]) {
  const now = deps.clock.now();
  const month = periodOf('month', now);
  const dueAt: Record<DemoDue, Date> = {
    thisMonthEnd: month.end,
    nextMonth3rd: deadlineByDay(nextPeriod(month), 3),
    // Shanghai midnight three days ago (shown as that day's 00:00).
    threeDaysAgo: localDateToInstant(addDays(localDate(now), -3)),
    thisMonth3rd: deadlineByDay(month, 3),
  };
  const createdAt = (due: DemoDue): Date =>
    due === 'threeDaysAgo'
      ? new Date(dueAt.threeDaysAgo.getTime() - 7 * dayMs)
      : due === 'thisMonth3rd'
        ? previousPeriod(month).start
        : month.start;
  const context = { month: periodLabel(month), lastMonth: periodLabel(previousPeriod(month)) };

  const notifications: Parameters<typeof insertNotifications>[1] = [];
  for (const user of users) {
    const messages = demoMessagesByRole[user.role]({ ...context, ...demoWorkplaceOf(user.username) });
    for (const [i, item] of messages.inbox.entries()) {
      const sourceRef = `seed:${month.key}:${i + 1}`;
      const row = await upsertInboxItem(tx, {
        id: uuidv7(),
        userId: user.id,
        title: item.title,
        dueAt: dueAt[item.due],
        link: item.link,
        source: item.source,
        sourceRef,
        now: createdAt(item.due),
      });
      if (item.done) {
        // Done a day and a bit before it was due (or just now, early in the month).
        const doneAt = new Date(Math.min(now.getTime() - 2 * hourMs, dueAt[item.due].getTime() - 30 * hourMs));
        await completeInboxItems(tx, { source: item.source, sourceRef, userId: user.id, doneBy: user.id, now: doneAt });
      }
      audit.entity('inbox_item', row.id, null, { source: item.source, sourceRef, done: item.done ?? false });
    }
    for (const n of messages.notifications) {
      const sentAt = new Date(now.getTime() - n.hoursAgo * hourMs);
      notifications.push({
        id: uuidv7(),
        userId: user.id,
        title: n.title,
        body: n.body,
        link: n.link,
        source: n.source,
        createdAt: sentAt,
        readAt: n.read ? new Date(sentAt.getTime() + hourMs) : null,
      });
    }
  }
  await insertNotifications(tx, notifications);
  for (const n of notifications) audit.entity('notification', n.id, null, { source: n.source });
}

/**
 * Two finished runs of the demo job by the administrator, as the runner would have left them: one counted
 * to 10, one failed on each of its 3 attempts (a retry from the jobs page then succeeds: its 4th attempt
 * is past `failTimes`).
 */
async function loadJobsDemo(tx: Tx, deps: DemoDeps, audit: AuditRecorder, adminId: string) {
  const now = deps.clock.now().getTime();
  const at = (ms: number) => new Date(ms);
  const common = {
    kind: demoCountJob.kind,
    maxAttempts: 3,
    createdBy: adminId,
    lockedBy: null,
    lockedAt: null,
    progressTotal: 10,
  };
  const okCreated = now - 26 * hourMs;
  const ok = await insertJob(tx, {
    ...common,
    id: uuidv7(),
    payload: demoCountJob.payload.parse({ n: 10, failTimes: 0, stepMs: 300 }),
    status: 'succeeded',
    attempts: 1,
    runAfter: at(okCreated),
    createdAt: at(okCreated),
    startedAt: at(okCreated + 1_000),
    heartbeatAt: at(okCreated + 4_000),
    finishedAt: at(okCreated + 4_200),
    progressDone: 10,
    progressMessage: '已数到 10 / 10',
    result: { counted: 10 },
  });
  // Attempts 1 and 2 failed and waited out the backoff (2 s, 4 s); attempt 3 failed for good.
  const failedCreated = now - 3 * hourMs;
  const failed = await insertJob(tx, {
    ...common,
    id: uuidv7(),
    payload: demoCountJob.payload.parse({ n: 10, failTimes: 3, stepMs: 300 }),
    status: 'failed',
    attempts: 3,
    runAfter: at(failedCreated + 10_000),
    createdAt: at(failedCreated),
    startedAt: at(failedCreated + 10_100),
    heartbeatAt: at(failedCreated + 11_300),
    finishedAt: at(failedCreated + 11_500),
    progressDone: 4,
    progressMessage: '已数到 4 / 10',
    error: '演示任务按要求在第 3 次执行时失败（数到 5）',
  });
  for (const job of [ok, failed]) {
    if (job) audit.entity('job', job.id, null, { kind: job.kind, status: job.status });
  }
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** 安置点名单示例.csv: the demo sites (no personal data), with a BOM so Excel reads the Chinese. */
export function demoSiteListCsv(): string {
  const header = ['安置点名称', '安置类型', '乡镇区划代码', '地址', '已成立居委会', '城市社区管理', '经度', '纬度'];
  const rows = demoSites.map((s) => [
    s.name,
    s.type,
    s.townshipCode,
    s.address,
    s.hasCommittee ? '是' : '否',
    s.urbanCommunity ? '是' : '否',
    s.longitude.toFixed(4),
    s.latitude.toFixed(4),
  ]);
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** One sample attachment uploaded by the county administrator two days ago, so the 附件 page is not empty. */
async function loadAttachmentDemo(tx: Tx, deps: DemoDeps, audit: AuditRecorder, uploaderId: string) {
  const uploadedAt = new Date(deps.clock.now().getTime() - 2 * dayMs);
  const row = await storeGeneratedAttachment({ ...deps, clock: fixedClock(uploadedAt) }, tx, {
    source: Readable.from([Buffer.from(demoSiteListCsv(), 'utf8')]),
    filename: '安置点名单示例.csv',
    purpose: 'general',
    personalData: false,
    uploadedBy: uploaderId,
  });
  audit.entity('attachment', row.id, null, { filename: row.originalFilename, size: row.size, sha256: row.sha256 });
}
