import { systemClock } from '@anzhi/domain/periods';
import { loadConfig } from '../config';
import { LockHeldError } from '../db/pglite-lock';
import { sealAll, verifyAuditChain } from '../platform/audit/audit-chain';
import { openDatabaseOffline } from '../platform/backup/backup';

/**
 * `npm run audit:verify`: seals pending audit events, then walks the hash chain and names the first broken
 * event. Exit code 0 = intact, 1 = broken, 2 = could not verify.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  let opened: Awaited<ReturnType<typeof openDatabaseOffline>>;
  try {
    opened = await openDatabaseOffline(config);
  } catch (err) {
    if (err instanceof LockHeldError) {
      console.error(
        [
          '',
          `无法校验：服务正在运行（PID ${err.holder.pid}），内嵌数据库同一时间只能由一个进程打开。`,
          '请任选其一：',
          '  1. 以系统管理员身份调用接口 POST /api/v1/audit-events/verify（需要“校验审计链”权限）；',
          '  2. 停止服务后再运行 npm run audit:verify。',
          '',
        ].join('\n'),
      );
      return 2;
    }
    throw err;
  }
  try {
    const sealed = await sealAll(opened.database.db, systemClock);
    if (sealed > 0) console.log(`已先封存 ${sealed} 条待封存的审计事件。`);
    const verdict = await verifyAuditChain(opened.database.db);
    if (verdict.ok) {
      console.log(
        `审计哈希链完整：共校验 ${verdict.checked} 条事件${verdict.unsealed > 0 ? `，另有 ${verdict.unsealed} 条尚未封存` : ''}。`,
      );
      return 0;
    }
    const b = verdict.firstBroken!;
    console.error(
      [
        '',
        '审计哈希链已损坏！',
        `  第一个异常位置：第 ${b.position} 号`,
        `  事件编号：${b.id ?? '（该位置的事件已缺失）'}`,
        `  原因：${b.reason}`,
        `  此前 ${verdict.checked} 条事件校验通过。`,
        '请立即保全数据库和备份，并报告安全管理员。',
        '',
      ].join('\n'),
    );
    return 1;
  } finally {
    await opened.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`\n校验失败：${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
