import type { ComparisonBatch, ComparisonWarning, Deliberation } from '@anzhi/contracts/comparison';
import type { KindRow } from './comparison.kinds';
import type { comparisonBatches, comparisonDeliberations, comparisonWarnings } from './comparison.table';

export type BatchRow = typeof comparisonBatches.$inferSelect;
export type WarningRow = typeof comparisonWarnings.$inferSelect;
export type DeliberationRow = typeof comparisonDeliberations.$inferSelect;

export function presentBatch(
  b: BatchRow,
  extra: { unitName: string; kindTitle: string; createdByName: string },
): ComparisonBatch {
  return {
    id: b.id,
    unitId: b.unitId,
    unitName: extra.unitName,
    kindKey: b.kindKey,
    kindTitle: extra.kindTitle,
    month: b.month,
    fileName: b.fileName,
    format: b.format as 'xlsx' | 'csv',
    status: b.status as ComparisonBatch['status'],
    counts: b.counts,
    mapping: b.mapping,
    headerRow: b.headerRow,
    ignoredColumns: b.ignoredColumns,
    error: b.error,
    supersededBy: b.supersededBy,
    createdByName: extra.createdByName,
    createdAt: b.createdAt.toISOString(),
    processedAt: b.processedAt?.toISOString() ?? null,
  };
}

export function presentWarning(
  w: WarningRow,
  extra: {
    kind: KindRow | undefined;
    unitName: string;
    householdNumber: string;
    siteName: string | null;
    townshipName: string | null;
  },
  now: Date,
): ComparisonWarning {
  const rule = extra.kind?.rules.find((r) => r.id === w.ruleId);
  return {
    id: w.id,
    month: w.month,
    batchId: w.batchId,
    kindKey: w.kindKey,
    kindTitle: extra.kind?.title ?? w.kindKey,
    unitName: extra.unitName,
    ruleId: w.ruleId,
    ruleTitle: rule?.title ?? w.ruleId,
    ruleVersion: w.ruleVersion,
    riskType: rule?.riskType ?? 'other',
    values: w.values,
    householdId: w.householdId,
    householdNumber: extra.householdNumber,
    personName: w.personName,
    idNumberMasked: w.idMasked,
    siteId: w.siteId,
    siteName: extra.siteName,
    townshipCode: w.townshipCode,
    townshipName: extra.townshipName,
    status: w.status as ComparisonWarning['status'],
    dueAt: w.dueAt.toISOString(),
    overdue: w.status === 'new' && now >= w.dueAt,
    verification:
      w.result && w.verifiedAt
        ? {
            result: w.result as 'confirmed' | 'not_confirmed' | 'already_known',
            notes: w.notes,
            attachmentId: w.attachmentId,
            verifiedByName: w.verifiedByName ?? '',
            verifiedAt: w.verifiedAt.toISOString(),
          }
        : null,
    deliberationId: w.deliberationId,
    clueId: w.clueId,
    createdAt: w.createdAt.toISOString(),
  };
}

export function presentDeliberation(d: DeliberationRow, townshipName: string | null, clueIds: string[]): Deliberation {
  return {
    id: d.id,
    townshipCode: d.townshipCode,
    townshipName,
    month: d.month,
    heldOn: d.heldOn,
    participants: d.participants,
    notes: d.notes,
    escalated: d.escalated,
    dismissed: d.dismissed,
    clueIds,
    createdByName: d.createdByName,
    createdAt: d.createdAt.toISOString(),
  };
}
