import type { ImportBatch, ImportCounts, ImportRowResult } from '@anzhi/contracts/imports';
import type { BatchWithCreator, ImportRowRow } from './imports.repository';

export const emptyCounts = (): ImportCounts => ({
  rows: 0,
  new: 0,
  changed: 0,
  unchanged: 0,
  error: 0,
  households: 0,
  householdsWithErrors: 0,
  householdsApplied: 0,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentBatch({ batch: b, createdByName }: BatchWithCreator, may: { write: boolean }): ImportBatch {
  const counts = { ...emptyCounts(), ...(b.counts as Partial<ImportCounts>) };
  return {
    id: b.id,
    kind: b.kind as ImportBatch['kind'],
    fileName: b.fileName,
    format: b.format as ImportBatch['format'],
    fileSize: b.fileSize,
    status: b.status as ImportBatch['status'],
    progress: {
      phase: b.phase as ImportBatch['progress']['phase'],
      rowsRead: b.rowsRead,
      totalRowsEstimate: b.totalRowsEstimate,
    },
    counts,
    unknownColumns: b.unknownColumns,
    error: b.error,
    createdBy: b.createdBy,
    createdByName,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    parsedAt: iso(b.parsedAt),
    confirmedAt: iso(b.confirmedAt),
    appliedAt: iso(b.appliedAt),
    cancelledAt: iso(b.cancelledAt),
    abilities: {
      confirm: may.write && b.status === 'parsed',
      cancel: may.write && ['uploaded', 'parsing', 'parsed'].includes(b.status),
      downloadErrors: counts.error > 0 && ['parsed', 'applying', 'applied'].includes(b.status),
    },
  };
}

export function presentRow(r: ImportRowRow): ImportRowResult {
  return {
    rowNumber: r.rowNumber,
    householdNumber: r.householdNumber || null,
    personName: r.personName,
    idNumber: r.idNumberMasked,
    class: (r.class ?? 'error') as ImportRowResult['class'],
    changes: r.changes as ImportRowResult['changes'],
    errors: r.errors,
    householdSkipped: r.householdSkipped,
  };
}
