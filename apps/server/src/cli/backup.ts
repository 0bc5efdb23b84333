import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createBackup } from '../platform/backup/backup';

/** `npm run backup [-- --out FILE]`: one archive of the database, the keys and the attachments (see platform/backup/backup.ts). */
function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} 字节`;
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string', short: 'o' } }, allowPositionals: false });
  const config = loadConfig();
  console.log(`正在备份${config.databaseUrl ? ' PostgreSQL 数据库' : `内嵌数据库（${config.dataDir}）`}、密钥和附件……`);
  const result = await createBackup(config, values.out);
  const how = { server: '由运行中的服务在线导出', direct: '服务未运行，直接读取数据目录', pg_dump: 'pg_dump' }[
    result.via
  ];
  console.log(
    [
      '',
      '备份完成。',
      `  文件：${result.file}`,
      `  大小：${formatBytes(result.bytes)}`,
      `  方式：${how}`,
      `  时间：${result.manifest.createdAt}`,
      `  附件：${result.manifest.fileCount ?? 0} 个文件`,
      '',
      '注意：备份文件内含数据加密密钥（keys/），任何拿到它的人都能解密身份证号等个人信息。',
      '请把它保存在安全、有访问控制的位置（最好离线保存一份），不要通过聊天工具或邮件传送。',
      `恢复：npm run restore -- ${result.file}`,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(`\n备份失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
