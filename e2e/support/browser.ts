import fs from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { demoPassword } from '../../apps/server/src/demo/accounts';
import { totpCode } from '../../apps/server/src/platform/auth/totp';

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

export interface SignInOptions {
  /** 'desktop' (default): 1440×900. 'phone': 390×844, a mobile browser with touch (for `tap()`). */
  device?: 'desktop' | 'phone';
  /** Overrides the device's window size (a test that depends on its own size keeps it). */
  viewport?: { width: number; height: number };
  /** Sets the context's `acceptDownloads` (Playwright's default when not given). */
  acceptDownloads?: boolean;
  /** The account's TOTP secret, for an account that must pass the code step (the demo admin). */
  totpSecret?: string;
}

const desktopViewport = { width: 1440, height: 900 };
const phoneViewport = { width: 390, height: 844 };

/**
 * Signs a demo account in on an existing page through the login form: opens `/`, is sent to /login, enters the
 * demo password (and a TOTP code when `totpSecret` is given), and waits for the home page's welcome card.
 */
export async function logIn(
  page: Page,
  baseUrl: string,
  username: string,
  options: Pick<SignInOptions, 'totpSecret'> = {},
): Promise<void> {
  await page.goto(baseUrl + '/');
  await page.waitForURL(/\/login/);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(demoPassword);
  await page.getByTestId('login-submit').click();
  if (options.totpSecret !== undefined) {
    await page.getByTestId('totp-code').fill(totpCode(options.totpSecret, new Date()));
    await page.getByTestId('totp-submit').click();
  }
  await page.getByTestId('home-welcome').waitFor({ timeout: 15_000 });
}

/** A new browser context (zh-CN, the device's window) with a page on which the demo account `username` is signed in. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  username: string,
  options: SignInOptions = {},
): Promise<Page> {
  const phone = options.device === 'phone';
  const contextOptions: BrowserContextOptions = {
    locale: 'zh-CN',
    viewport: options.viewport ?? (phone ? phoneViewport : desktopViewport),
  };
  if (phone) {
    contextOptions.isMobile = true;
    contextOptions.hasTouch = true;
  }
  if (options.acceptDownloads !== undefined) contextOptions.acceptDownloads = options.acceptDownloads;
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  await logIn(page, baseUrl, username, { totpSecret: options.totpSecret });
  return page;
}
