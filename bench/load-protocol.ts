import { z } from 'zod';

/** autocannon's per-request timeout, seconds (its default, stated here so the README can name it). */
export const requestTimeoutS = 10;

/** What the parent asks the load worker (bench/load.ts) to do; passed as one JSON argument. */
export const LoadRequestSchema = z.object({
  url: z.string().url(),
  headers: z.record(z.string(), z.string()),
  connections: z.number().int().min(1).max(1000),
  /** Measured run, seconds. */
  durationS: z.number().int().min(1).max(60),
  /** Unmeasured run before it (JIT, caches, connection pools), seconds; 0 for none. */
  warmupS: z.number().int().min(0).max(10),
});
export type LoadRequest = z.infer<typeof LoadRequestSchema>;

/** What the load worker prints as its one stdout line. */
export const LoadResultSchema = z.object({
  reqPerS: z.number(),
  latencyP50Ms: z.number(),
  latencyP90Ms: z.number(),
  latencyP99Ms: z.number(),
  latencyMaxMs: z.number(),
  total: z.number(),
  non2xx: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  durationS: z.number(),
});
export type LoadResult = z.infer<typeof LoadResultSchema>;
