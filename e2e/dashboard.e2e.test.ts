import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

describe.skipIf(skip)('county dashboard', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
  }, 420_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the county administrator opens the dashboard, clicks a red cell, lands on the households, exports the ledger', async () => {
    const page = await signIn(browser, server.url, 'xczx', {
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    await page.getByRole('menuitem', { name: '数据看板' }).click();
    await page.waitForURL(/\/dashboard(\?|$)/);
    await expect.poll(() => page.getByTestId('dashboard-title').textContent(), { timeout: 30_000 }).toContain('全县');
    await page.getByTestId('dashboard-trend').locator('canvas').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${shots}/dashboard-county.png`, fullPage: true });

    // A red cell of R04 (households not revisited this month at a site).
    const red = page.getByTestId('matrix-red-R04').first();
    await red.waitFor({ timeout: 20_000 });
    const count = Number(/(\d+)/.exec((await red.textContent()) ?? '')?.[1] ?? NaN);
    expect(count).toBeGreaterThan(0);
    await red.click();
    await page.waitForURL(/\/dashboard\/results\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('ruleId')).toBe('R04');
    expect(url.searchParams.get('verdict')).toBe('not_met');
    expect(url.searchParams.get('siteId')).toBeTruthy();
    await expect.poll(() => page.getByText(/共 \d+ 条/).textContent(), { timeout: 20_000 }).toBe(`共 ${count} 条`);
    const firstHousehold = page.getByTestId('rule-results').locator('a[href^="/households/"]').first();
    await firstHousehold.waitFor();
    expect(await page.getByTestId('rule-results').getByText('未达标').count()).toBeGreaterThan(0);

    // Export: the revisit ledger of that site and month, as a workbook download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = await download.path();
    expect(fs.statSync(path).size).toBeGreaterThan(1000);

    // The household behind the red cell opens.
    await firstHousehold.click();
    await page.waitForURL(/\/households\/[0-9a-f-]{36}$/);
  });
});
