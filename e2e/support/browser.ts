import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when Debian's Chromium is missing outside CI: the suite is skipped with a loud notice. Under CI=true it fails. */
export function browserUnavailable(): boolean {
  if (fs.existsSync(chromiumPath)) return false;
  if (process.env.CI === 'true')
    throw new Error(`找不到 Chromium（${chromiumPath}）。CI=true 时不允许跳过端到端测试。`);
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! 找不到 Chromium（${chromiumPath}）—— 浏览器端到端测试全部跳过（未运行）！\n!! 安装：apt-get install -y chromium fonts-noto-cjk\n${bar}\n`,
  );
  return true;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
