/**
 * Load worker: runs autocannon in its own process (so the load generator does not share an event loop
 * with the server under test) and prints one JSON line (LoadResult) on stdout.
 * Usage: node --import tsx bench/load.ts '<LoadRequest JSON>'
 */
import autocannon from 'autocannon';
import { LoadRequestSchema, type LoadRequest, type LoadResult } from './load-protocol';

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`压测目标只能是 127.0.0.1，收到：${host}`);
}

async function cannon(req: LoadRequest, durationS: number): Promise<autocannon.Result> {
  return autocannon({
    url: req.url,
    method: 'GET',
    headers: req.headers,
    connections: req.connections,
    duration: durationS,
  });
}

async function main(): Promise<void> {
  const req = LoadRequestSchema.parse(JSON.parse(process.argv[2] ?? 'null'));
  assertLoopback(req.url);
  if (req.warmupS > 0) await cannon(req, req.warmupS);
  const r = await cannon(req, req.durationS);
  const result: LoadResult = {
    reqPerS: r.requests.average,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    durationS: r.duration,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[load] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
