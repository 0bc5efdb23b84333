/**
 * `me`: GET /api/v1/me of the real server (session lookup, user, roles) under load, against a bare Fastify
 * hello route under the same load. The server runs in this process via boot(); autocannon runs in a second
 * process; the baseline server in a third. Both targets are measured one after the other, never at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { sessionCookie } from '@anzhi/contracts/auth';
import { boot } from '../apps/server/src/boot';
import { loadConfig } from '../apps/server/src/config';
import { demoPassword } from '../apps/server/src/demo/accounts';
import { LoadResultSchema, requestTimeoutS, type LoadRequest, type LoadResult } from './load-protocol';
import {
  envInt,
  figure,
  firstJsonLine,
  log,
  registerCleanup,
  sig,
  spawnTsx,
  stopChild,
  dec,
  type Engine,
  type Figure,
  createTempDatabase,
} from './lib';

const bench = 'me';
const connections = 50;
const warmupS = 2;
const demoUser = 'xczx';

/** Logs in through HTTP like a browser would and returns the session cookie pair (`name=value`). */
async function loginCookie(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: demoUser, password: demoPassword }),
  });
  if (res.status !== 200) throw new Error(`演示账户 ${demoUser} 登录失败：HTTP ${res.status} ${await res.text()}`);
  const pair = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${sessionCookie}=`));
  if (!pair || pair === `${sessionCookie}=`) throw new Error('登录响应中没有会话 Cookie');
  // The cookie must work before we load it: one checked request.
  const me = await fetch(`${base}/api/v1/me`, { headers: { cookie: pair } });
  const body = z.object({ user: z.object({ username: z.string() }) }).safeParse(await me.json());
  if (me.status !== 200 || !body.success || body.data.user.username !== demoUser) {
    throw new Error(`GET /api/v1/me 校验失败：HTTP ${me.status}`);
  }
  return pair;
}

/** Runs the load worker against one URL and returns its summary; any non-2xx or socket error fails the bench. */
async function load(what: string, req: LoadRequest): Promise<LoadResult> {
  log(`${what}：预热 ${req.warmupS} 秒，压测 ${req.durationS} 秒（${req.connections} 个连接）…`);
  const child = spawnTsx('bench/load.ts', []);
  child.stdin?.end(JSON.stringify(req));
  const stop = registerCleanup(() => stopChild(child));
  try {
    const result = await firstJsonLine(child, LoadResultSchema, (req.warmupS + req.durationS + 30) * 1000, '压测进程');
    // A non-2xx answer or a broken connection means the measurement is wrong (bad cookie, crash): fail.
    // A timeout is a measurement (a request left waiting over requestTimeoutS): it is reported as a figure.
    if (result.non2xx > 0 || result.errors > result.timeouts) {
      throw new Error(
        `${what}压测出现异常响应：非 2xx ${result.non2xx} 个，连接错误 ${result.errors - result.timeouts} 个`,
      );
    }
    if (result.timeouts > 0) {
      log(
        `注意：${what}有 ${result.timeouts} 个请求超过 ${requestTimeoutS} 秒未响应（不计入延迟分位数，p99 因此偏低）`,
      );
    }
    log(
      `${what}：${dec(result.reqPerS, 0)} req/s，p50 ${result.latencyP50Ms} ms，p90 ${result.latencyP90Ms} ms，p99 ${result.latencyP99Ms} ms，最大 ${result.latencyMaxMs} ms，共 ${result.total} 个请求`,
    );
    return result;
  } finally {
    await stop();
  }
}

async function measureServer(durationS: number): Promise<{ engine: Engine; result: LoadResult; cookie: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-bench-'));
  const removeDir = registerCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  try {
    const adminUrl = process.env.BENCH_DATABASE_URL;
    const temp = adminUrl ? await createTempDatabase(adminUrl) : undefined;
    const dropDb = temp ? registerCleanup(temp.drop) : undefined;
    try {
      const config = loadConfig({
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        DATABASE_URL: temp?.url ?? '',
        DEMO: '1',
        HOST: '127.0.0.1',
        PORT: '0',
        // stdout carries only the JSON figures, so the server's request log is off.
        LOG_LEVEL: 'silent',
      });
      const t0 = performance.now();
      log(`启动服务（${temp ? 'PostgreSQL' : 'PGlite'}，数据目录 ${dataDir}）…`);
      const running = await boot(config);
      const stopServer = registerCleanup(() => running.stop());
      try {
        await running.app.listen({ host: '127.0.0.1', port: 0 });
        const address = running.app.server.address();
        if (!address || typeof address !== 'object') throw new Error('服务未监听 TCP 端口');
        const base = `http://127.0.0.1:${address.port}`;
        log(`服务已启动：${base}（${dec((performance.now() - t0) / 1000, 1)} 秒）`);
        const cookie = await loginCookie(base);
        const result = await load('GET /api/v1/me', {
          url: `${base}/api/v1/me`,
          headers: { cookie },
          connections,
          durationS,
          warmupS,
        });
        return { engine: running.database.engine, result, cookie };
      } finally {
        await stopServer();
      }
    } finally {
      await dropDb?.();
    }
  } finally {
    await removeDir();
  }
}

async function measureBaseline(durationS: number, cookie: string): Promise<LoadResult> {
  log('启动基线服务（裸 Fastify，独立进程）…');
  const child = spawnTsx('bench/hello-server.ts', []);
  const stop = registerCleanup(() => stopChild(child));
  try {
    const { port } = await firstJsonLine(child, z.object({ port: z.number().int().positive() }), 20_000, '基线服务');
    // Same request shape as against the real server (the cookie header included).
    return await load('裸 Fastify GET /hello', {
      url: `http://127.0.0.1:${port}/hello`,
      headers: { cookie },
      connections,
      durationS,
      warmupS,
    });
  } finally {
    await stop();
  }
}

export async function* run(): AsyncIterable<Figure> {
  const durationS = envInt('BENCH_DURATION', 10, 1, 20);
  const server = await measureServer(durationS);
  const base = await measureBaseline(durationS, server.cookie);
  const common = {
    bench,
    baseline: 'bare_fastify',
    engine: server.engine,
    connections,
    duration_s: durationS,
  } as const;
  yield figure({
    ...common,
    figure: 'req_per_s',
    value: Math.round(server.result.reqPerS),
    unit: 'req/s',
    baseline_value: Math.round(base.reqPerS),
  });
  yield figure({
    ...common,
    figure: 'latency_p99',
    value: sig(server.result.latencyP99Ms),
    unit: 'ms',
    baseline_value: sig(base.latencyP99Ms),
  });
  yield figure({
    ...common,
    figure: 'timeouts',
    value: server.result.timeouts,
    unit: 'requests',
    baseline_value: base.timeouts,
  });
}
