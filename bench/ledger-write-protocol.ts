import { z } from 'zod';

/** The one stdout line of bench/ledger-write.ts. */
export const LedgerWriteResultSchema = z.object({
  rows: z.number().int(),
  seconds: z.number(),
  peakRssGrowthMb: z.number(),
  baseRssMb: z.number(),
  fileBytes: z.number().int(),
});
export type LedgerWriteResultLine = z.infer<typeof LedgerWriteResultSchema>;
