import { z } from 'zod';

/** The one stdout line of bench/ledger-export-worker.ts. */
export const LedgerExportResultSchema = z.object({
  rows: z.number().int(),
  seconds: z.number(),
  peakRssGrowthMb: z.number(),
  peakRssMb: z.number(),
  fileBytes: z.number().int(),
});
export type LedgerExportResultLine = z.infer<typeof LedgerExportResultSchema>;
