import { PassThrough, type Readable } from 'node:stream';
import { currentPeriod, localDate, periodLabel } from '@anzhi/domain/periods';
import { writeAuditEvent, type ActorContext } from '../audit/audit.service';
import type { Deps } from '../deps';
import { writeLedger } from './ledger-writer';
import { sampleLedgerRows, sampleLedgerSpec } from './sample-ledger';

export const xlsxMime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface LedgerDownload {
  filename: string;
  /** ASCII name for clients that ignore `filename*`. */
  asciiFilename: string;
  stream: Readable;
}

const sampleRows = 200;

/**
 * The sample ledger (200 synthetic households) as a download: shows the common layout working end to end.
 * Exports with personal data are audited (architecture.md); the event is written before the first byte
 * leaves, so an export the client abandons half-way is still on record.
 */
export async function exportSampleLedger(deps: Deps, actor: ActorContext): Promise<LedgerDownload> {
  const period = periodLabel(currentPeriod('month', deps.clock));
  const spec = sampleLedgerSpec({ period, reportDate: localDate(deps.clock.now()) });
  await writeAuditEvent(deps.db, deps.clock, actor, 'ledger.export', [
    {
      type: 'ledger',
      id: 'sample',
      before: null,
      after: { ledger: spec.title, period, rows: sampleRows, idNumbers: 'masked' },
    },
  ]);
  const stream = new PassThrough();
  // The writer destroys the stream on failure, which aborts the response; a client that went away is no error.
  void writeLedger(stream, spec, [{ name: '后续扶持台账', rows: sampleLedgerRows(sampleRows) }]).catch(
    (err: unknown) => {
      deps.log.warn({ err }, '示例台账未能写完');
    },
  );
  return { filename: `${spec.title}-${period}.xlsx`, asciiFilename: 'ledger-sample.xlsx', stream };
}
