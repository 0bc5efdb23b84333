import { formatDeadline, localDate } from '@anzhi/domain/periods';
import type { Tx } from '../../db/client';
import { auditedTransaction, systemActor } from '../../platform/audit/audit.service';
import type { Deps } from '../../platform/deps';
import { notify, postInboxItem } from '../../platform/notifications/notifications.service';
import { openInstances, unitMap, type InstanceWithItem } from './supervision.repository';
import { instancePeriodLabel } from './supervision.presenter';
import { usersOfUnits, usersWithRole } from './supervision.scope';
import { taskReminders } from './supervision.table';
import { generateCurrentInstances } from './task-generation';
import { taskLink, taskSource } from './tasks.service';

const dayMs = 86_400_000;
/** Days before the due date of the first reminder. */
export const remindDaysBefore = 3;

export type ReminderKind = 'due_soon' | 'due_today' | 'escalate_lead' | 'escalate_county';

/** Which reminders an open instance is owed at `now` (each is sent at most once per instance). */
export function remindersDue(dueAt: Date, now: Date, escalateAfterDays: number): ReminderKind[] {
  const due = dueAt.getTime();
  const t = now.getTime();
  if (t >= due) return t >= due + escalateAfterDays * dayMs ? ['escalate_lead', 'escalate_county'] : ['escalate_lead'];
  // The due day is the last local day that still counts (the exclusive instant minus a moment).
  if (localDate(now) === localDate(new Date(due - 1))) return ['due_today'];
  return t >= due - remindDaysBefore * dayMs ? ['due_soon'] : [];
}

/** Records a reminder once (unique per instance and kind); true when this call is the one that sent it. */
async function claim(tx: Tx, instanceId: string, kind: ReminderKind, recipients: number, now: Date) {
  const rows = await tx
    .insert(taskReminders)
    .values({ instanceId, kind, recipients, sentAt: now })
    .onConflictDoNothing()
    .returning({ id: taskReminders.id });
  return rows.length === 1;
}

interface SweepResult {
  created: number;
  inboxPosted: number;
  reminders: Record<ReminderKind, number>;
}

/**
 * The daily supervision sweep: generates the current periods' instances, keeps every open instance in its party
 * users' 我的待办 (closed when accepted), and sends each reminder and escalation once: 3 days before and on the due
 * day to the party, when overdue to the lead unit, and after N days overdue (a setting) to the county_lead role.
 * Idempotent and safe with two server processes: instances and reminders have unique keys, inbox items are upserts.
 */
export async function runSupervisionSweep(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = {
    created: 0,
    inboxPosted: 0,
    reminders: { due_soon: 0, due_today: 0, escalate_lead: 0, escalate_county: 0 },
  };
  await auditedTransaction(deps.db, deps.clock, systemActor, 'task.sweep', async (tx, audit) => {
    result.created = await generateCurrentInstances(tx, now);
    const byId = await unitMap(tx);
    const usersCache = new Map<string, string[]>();
    const usersOf = async (key: string, load: () => Promise<string[]>) => {
      if (!usersCache.has(key)) usersCache.set(key, await load());
      return usersCache.get(key)!;
    };
    const county = await usersWithRole(tx, 'county_lead');
    for (const r of await openInstances(tx, now)) {
      const party = await usersOf(`p:${r.instance.partyUnitId}`, () =>
        usersOfUnits(tx, [r.instance.partyUnitId], 'task.report'),
      );
      const title = titleFor(r, byId.get(r.instance.partyUnitId)?.name ?? '');
      for (const userId of party) {
        await postInboxItem(tx, deps.clock, {
          userId,
          title,
          dueAt: r.instance.dueAt,
          link: taskLink(r.instance.id),
          source: taskSource,
          sourceRef: r.instance.id,
        });
        result.inboxPosted += 1;
      }
      for (const kind of remindersDue(r.instance.dueAt, now, deps.config.supervision.escalateAfterDays)) {
        const recipients =
          kind === 'escalate_county'
            ? county
            : kind === 'escalate_lead'
              ? await usersOf(`l:${r.item.leadUnitIds.join(',')}`, () =>
                  usersOfUnits(tx, r.item.leadUnitIds, 'task.review'),
                )
              : party;
        if (!(await claim(tx, r.instance.id, kind, recipients.length, now))) continue;
        await notify(tx, deps.clock, {
          userIds: recipients,
          ...messageOf(kind, title, r),
          link: taskLink(r.instance.id),
          source: taskSource,
        });
        result.reminders[kind] += 1;
      }
    }
    audit.entity('task_sweep', localDate(now), null, { ...result.reminders, created: result.created });
  });
  return result;
}

function titleFor(r: InstanceWithItem, partyName: string): string {
  const text = r.item.text.length > 24 ? `${r.item.text.slice(0, 24)}…` : r.item.text;
  return `责任清单第${r.item.rowNo}项：${text}（${partyName}，${instancePeriodLabel(r.item, r.instance.periodKey)}）`;
}

function messageOf(kind: ReminderKind, title: string, r: InstanceWithItem): { title: string; body: string } {
  const due = formatDeadline(r.instance.dueAt);
  switch (kind) {
    case 'due_soon':
      return { title: `即将到期：${title}`, body: `截止时间 ${due}，请按时报送进展。` };
    case 'due_today':
      return { title: `今日到期：${title}`, body: `截止时间 ${due}，请在今天内报送。` };
    case 'escalate_lead':
      return { title: `已逾期（牵头单位督办）：${title}`, body: `截止时间 ${due}，责任单位尚未报送，请督促。` };
    case 'escalate_county':
      return { title: `逾期升级（县级督办）：${title}`, body: `截止时间 ${due}，逾期已超过规定天数，请县级督办。` };
  }
}
