/**
 * Load worker: runs autocannon in its own process (so the load generator does not share an event loop
 * with the server under test) and prints one JSON line (LoadResult) on stdout.
 * Usage: echo '<LoadRequest JSON>' | node --import tsx bench/load.ts
 * (the request comes on stdin, so the session cookie does not show in the process list).
 */
import autocannon from 'autocannon';
import { LoadRequestSchema, requestTimeoutS, type LoadRequest, type LoadResult } from './load-protocol';

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
    // Seconds before an unanswered request counts as a timeout (and drops out of the latency histogram).
    timeout: requestTimeoutS,
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const req = LoadRequestSchema.parse(JSON.parse(await readStdin()));
  assertLoopback(req.url);
  if (req.warmupS > 0) await cannon(req, req.warmupS);
  const r = await cannon(req, req.durationS);
  const result: LoadResult = {
    reqPerS: r.requests.average,
    latencyP50Ms: r.latency.p50,
    latencyP90Ms: r.latency.p90,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
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
