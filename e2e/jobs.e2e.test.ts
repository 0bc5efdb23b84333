import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAdminTotpSecret } from '../apps/server/src/demo/accounts';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

describe.skipIf(skip)('background jobs page in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ JOB_POLL_MS: '200' });
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs the demo job: the progress bar moves while the page polls, and the job ends 已完成', async () => {
    const page = await signIn(browser, server.url, 'admin', { totpSecret: demoAdminTotpSecret });
    await page.locator('.ant-layout-sider').getByText('系统管理').click();
    await page.locator('.ant-layout-sider').getByText('后台任务').click();
    await page.waitForURL(/\/admin\/jobs$/);
    await page.getByTestId('job-demo').click();

    const status = page.getByTestId('job-status').first();
    const progress = page.getByTestId('job-progress').first();
    // 20 steps of 300 ms: seen running part-way, then finished, without reloading the page.
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('运行中');
    await expect
      .poll(async () => /^(\d+)\/20/.exec((await progress.textContent()) ?? '')?.[1], { timeout: 15_000 })
      .toMatch(/^([1-9]|1\d)$/);
    await page.screenshot({ path: `${shots}/jobs-running.png` });
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('已完成');
    expect(await progress.textContent()).toContain('20/20');
    await page.screenshot({ path: `${shots}/jobs-done.png` });
  });
});
