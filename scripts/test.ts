// `npm test`: every check in order, each step timed; stops at the first failure.
// Under CI=true nothing may be skipped (the suites themselves fail when PostgreSQL or Chromium is missing).
import { spawnSync } from 'node:child_process';

const steps: [string, string[]][] = [
  ['代码规范 lint', ['npm', 'run', 'lint']],
  ['格式 format', ['npm', 'run', 'format:check']],
  ['类型检查 typecheck', ['npm', 'run', 'typecheck']],
  ['构建网页 build:web', ['npm', 'run', 'build:web']],
  ['单元测试 unit', ['npx', 'vitest', 'run', '--project', 'unit']],
  ['集成测试 PGlite', ['npx', 'vitest', 'run', '--project', 'int-pglite']],
  ['集成测试 PostgreSQL', ['npx', 'vitest', 'run', '--project', 'int-postgres']],
  ['端到端测试 Chromium', ['npx', 'vitest', 'run', '--project', 'e2e']],
];

const only = process.argv.slice(2);
const summary: string[] = [];
const started = Date.now();
for (const [label, cmd] of steps) {
  if (only.length && !only.some((o) => label.toLowerCase().includes(o.toLowerCase()))) continue;
  const t0 = Date.now();
  console.log(`\n▶ ${label}: ${cmd.join(' ')}`);
  const res = spawnSync(cmd[0]!, cmd.slice(1), { stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  summary.push(`${res.status === 0 ? '✔' : '✘'} ${label} (${secs} s)`);
  if (res.status !== 0) {
    console.error(`\n${summary.join('\n')}\n\n✘ 失败：${label}`);
    process.exit(res.status ?? 1);
  }
}
console.log(`\n${summary.join('\n')}\n\n全部通过，用时 ${((Date.now() - started) / 1000).toFixed(0)} 秒`);
