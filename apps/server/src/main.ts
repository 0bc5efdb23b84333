import { loadConfig } from './config';
import { boot } from './boot';
import { LockHeldError } from './db/pglite-lock';
import { demoAccountsTable } from './demo/seed';

// The only place that listens or exits.
async function main() {
  const config = loadConfig();
  const running = await boot(config);
  const { app } = running;
  const shutdown = (signal: string) => {
    app.log.info({ signal }, '正在停止服务');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    '',
    '════════════════════════════════════════════════════════════',
    ` 安置 · 易地扶贫搬迁后续扶持管理平台 已启动`,
    ` 访问地址：http://localhost:${port}`,
    ` 接口文档：http://localhost:${port}/api/docs`,
    ` 数据库：${config.databaseUrl ? 'PostgreSQL' : `内嵌 PGlite（${config.dataDir}）`}`,
  ];
  if (running.initialised && running.initialised !== 'demo') {
    lines.push(` 首次启动已创建系统管理员 admin，一次性密码：${running.initialised.adminPassword}`);
    lines.push(' （仅显示这一次；首次登录须修改密码并绑定动态验证码）');
  } else if (config.demo) {
    lines.push(' 演示账户：', demoAccountsTable());
  }
  lines.push('════════════════════════════════════════════════════════════', '');
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  if (err instanceof LockHeldError) {
    console.error(`\n启动失败：${err.message}\n`);
  } else {
    console.error('启动失败：', err instanceof Error ? err.message : err);
    if (err instanceof Error && err.stack) console.error(err.stack);
  }
  process.exit(1);
});
