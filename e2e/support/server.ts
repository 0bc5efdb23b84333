import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  url: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** The demo data directory the e2e global setup loaded once for the run ('' when there is none). */
function templateDir(): string {
  try {
    return inject('e2eTemplateDir') ?? '';
  } catch {
    return ''; // outside a vitest worker (the global setup itself)
  }
}

/**
 * Starts the real server (`main.ts`, as `npm start` does) with the demo: on a copy of the run's demo data directory
 * (see global-setup.ts), or with `fresh` on a new directory where it loads the demo itself. `keep` leaves the data
 * directory in place after `stop()`.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: { fresh?: boolean; keep?: boolean; timeoutMs?: number } = {},
): Promise<RunningServer> {
  if (!fs.existsSync(path.join(repoRoot, 'apps/web/dist/index.html'))) {
    throw new Error('网页尚未构建：请先运行 npm run build:web（npm test 会自动构建）');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-e2e-'));
  const template = options.fresh ? '' : templateDir();
  if (template) fs.cpSync(template, dataDir, { recursive: true });
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  // A busy machine (demo load on PGlite) may need longer: E2E_START_TIMEOUT_MS overrides the 120 s default.
  const deadline = Date.now() + (options.timeoutMs ?? Number(process.env.E2E_START_TIMEOUT_MS ?? 120_000));
  while (!out.includes('访问地址')) {
    if (child.exitCode !== null) throw new Error(`服务启动失败：\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`服务启动超时：\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!options.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
