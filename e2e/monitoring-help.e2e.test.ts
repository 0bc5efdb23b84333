import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

describe.skipIf(skip)('help measures and risk elimination', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets a help cadre find an open measure in 我的帮扶措施 and record it carried out, on a phone', async () => {
    const page = await signIn(browser, server.url, 'bfgb', { device: 'phone' });
    await page.goto(server.url + '/monitoring/my-measures');
    const link = page.getByTestId('my-measures-table').locator('a').first();
    await link.waitFor({ timeout: 30_000 });
    await link.tap();
    await page.getByTestId('measures-panel').waitFor({ timeout: 20_000 });
    const complete = page.getByTestId('measure-complete');
    await complete.first().waitFor({ timeout: 20_000 });
    const before = await complete.count();
    await complete.first().tap();
    await page.getByTestId('measure-result').fill('已落实，户主签字确认');
    await page.getByRole('button', { name: '确认落实' }).tap();
    await expect.poll(() => complete.count(), { timeout: 20_000 }).toBe(before - 1);
    await page.screenshot({ path: `${shots}/measures-phone.png`, fullPage: true });
  });

  it('shows the county each elimination condition with its data on an eliminated case', async () => {
    const page = await signIn(browser, server.url, 'xczx', { viewport: { width: 1366, height: 900 } });
    const res = await page.request.get(server.url + '/api/v1/monitoring/cases?status=eliminated&pageSize=50');
    expect(res.status()).toBe(200);
    const { items } = (await res.json()) as { items: { id: string }[] };
    expect(items.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/monitoring/cases/${items[0]!.id}?tab=elimination`);
    const conditions = page.getByTestId('elimination-conditions');
    await conditions.waitFor({ timeout: 30_000 });
    await expect.poll(() => conditions.locator('tbody tr.ant-table-row').count(), { timeout: 20_000 }).toBe(10);
    await page.getByTestId('elimination-done').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${shots}/elimination.png`, fullPage: true });
  });
});
