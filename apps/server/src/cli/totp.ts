import { demoAdminTotpSecret } from '../demo/accounts';
import { base32Decode, totpCode, totpStepSeconds } from '../platform/auth/totp';

/** `npm run totp [-- SECRET]`: the current 6-digit code for a base32 secret (default: the demo admin's). */
function main(): number {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.length > 1) {
    console.error('用法：npm run totp [-- <Base32 密钥>]（不填则使用演示系统管理员 admin 的密钥）');
    return 2;
  }
  const secret = args[0] ?? demoAdminTotpSecret;
  const now = new Date();
  let code: string;
  try {
    if (base32Decode(secret).length < 10) throw new Error('太短（至少 16 个 Base32 字符）');
    code = totpCode(secret, now);
  } catch (err) {
    console.error(`密钥无效：${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const left = totpStepSeconds - (Math.floor(now.getTime() / 1000) % totpStepSeconds);
  console.log(`${args[0] ? '' : '演示系统管理员 admin 的'}当前动态验证码：${code}（${left} 秒后更新）`);
  return 0;
}

process.exit(main());
