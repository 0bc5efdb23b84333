import type { MonthClose, Revisit, RevisitItem } from '@anzhi/contracts/revisits';
import { revisitChangeKeys, revisitSituationKeys } from '@anzhi/contracts/revisits';
import { riskSignalLabels, monthCloseDeadline } from '@anzhi/domain/revisits';
import type { MonthCloseRow, RevisitWithNames } from './revisits.repository';

const filled = <K extends string>(keys: readonly K[], stored: Record<string, RevisitItem>) =>
  Object.fromEntries(keys.map((k) => [k, stored[k] ?? { changed: false }])) as Record<K, RevisitItem>;

export function presentRevisit(r: RevisitWithNames): Revisit {
  const v = r.revisit;
  return {
    id: v.id,
    householdId: v.householdId,
    householdNumber: r.householdNumber,
    headName: r.headName,
    siteId: v.siteId,
    siteName: r.siteName,
    townshipCode: v.townshipCode,
    townshipName: r.townshipName,
    month: v.month,
    visitDate: v.visitDate,
    method: v.method as Revisit['method'],
    visitorName: v.visitorName,
    changes: filled(revisitChangeKeys, v.changes),
    situations: filled(revisitSituationKeys, v.situations),
    problems: v.problems,
    measures: v.measures,
    note: v.note,
    photoAttachmentId: v.photoAttachmentId,
    riskSignals: v.riskSignals.map((s) => ({
      kind: s.kind,
      source: s.source,
      label: riskSignalLabels[s.kind],
    })),
    registryChanges: v.registryChanges,
    createdAt: v.createdAt.toISOString(),
  };
}

export function presentMonthClose(row: MonthCloseRow, townshipName: string | null): MonthClose {
  const deadline = monthCloseDeadline(row.month);
  return {
    id: row.id,
    townshipCode: row.townshipCode,
    townshipName,
    month: row.month,
    status: row.status as MonthClose['status'],
    closedAt: row.closedAt.toISOString(),
    closedByName: row.closedByName,
    onTime: row.closedAt < deadline,
    deadline: deadline.toISOString(),
    reopenedAt: row.reopenedAt?.toISOString() ?? null,
    reopenReason: row.reopenReason,
  };
}
