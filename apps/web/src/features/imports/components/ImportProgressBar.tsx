import { importPhaseLabels } from '@anzhi/contracts/imports';
import type { ImportBatch } from '@anzhi/contracts/imports';
import { Progress, Typography } from 'antd';

function percentOf({ progress }: Pick<ImportBatch, 'progress'>): number {
  const { rowsRead, totalRowsEstimate } = progress;
  if (progress.phase === 'done') return 100;
  if (totalRowsEstimate === null || totalRowsEstimate <= 0) return 0;
  return Math.min(99, Math.floor((rowsRead / totalRowsEstimate) * 100));
}

/** The running job's phase and rows so far (of the estimate, when the file's size is known). */
export function ImportProgressBar({ batch }: { batch: Pick<ImportBatch, 'progress'> }) {
  const { phase, rowsRead, totalRowsEstimate } = batch.progress;
  const rows = totalRowsEstimate === null ? `${rowsRead} 行` : `${rowsRead} / 约 ${totalRowsEstimate} 行`;
  return (
    <div data-testid="import-progress">
      <Progress percent={percentOf(batch)} status="active" />
      <Typography.Text type="secondary">
        {importPhaseLabels[phase]}：{rows}
      </Typography.Text>
    </div>
  );
}
