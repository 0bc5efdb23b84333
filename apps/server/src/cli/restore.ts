import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { restoreBackup } from '../platform/backup/backup';

/** `npm run restore -- FILE`: restores an archive of `npm run backup` into an empty ./data (or empty database). */
async function main() {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error('用法：npm run restore -- <备份文件.tar.gz>');
    process.exit(2);
  }
  const config = loadConfig();
  console.log(`正在从 ${file} 恢复……`);
  const result = await restoreBackup(config, file);
  console.log(
    [
      '',
      '恢复完成。',
      `  备份时间：${result.manifest.createdAt}（程序版本 ${result.manifest.appVersion}）`,
      `  数据库：${result.manifest.engine === 'pglite' ? `内嵌 PGlite，${result.target}` : `PostgreSQL 数据库 ${result.target}`}`,
      `  密钥：${result.keysDir}（${result.manifest.keyFiles.join('、')}）`,
      `  附件：${result.filesDir ? `${result.filesDir}（${result.manifest.fileCount ?? 0} 个文件）` : '备份中没有附件（旧格式备份）'}`,
      '',
      '现在可以用 npm start 启动服务。',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(`\n恢复失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
