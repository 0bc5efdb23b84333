import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../apps/server/src/demo/accounts';
import { browserUnavailable, launchBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

describe.skipIf(skip)('the eight ledgers', () => {
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

  async function signedIn(username: string): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(demoPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-welcome').waitFor({ timeout: 15_000 });
    return page;
  }

  it('the county lead opens the catalogue, a ledger with its rows, and exports it as a workbook', async () => {
    const page = await signedIn('xczx');
    await page.getByRole('menuitem', { name: '台账' }).click();
    await page.waitForURL(/\/ledgers(\?|$)/);
    const catalogue = page.getByTestId('ledger-catalogue');
    await catalogue.getByText('政策享受台账').waitFor({ timeout: 20_000 });
    expect(await catalogue.locator('tbody tr').count()).toBe(8);

    await page.getByTestId('ledger-link-support').click();
    await page.waitForURL(/\/ledgers\/support\?/);
    const table = page.getByTestId('ledger-table');
    await table.locator('tbody tr td').nth(3).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText(/共 \d+ 行/).textContent(), { timeout: 60_000 }).toMatch(/共 [1-9]\d* 行/);
    await table.getByRole('columnheader', { name: '结对帮扶干部' }).waitFor();
    await page.screenshot({ path: `${shots}/ledger-support.png`, fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByTestId('ledger-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/易地扶贫搬迁后续扶持台账-\d{4}-\d{2}\.xlsx$/);
    const file = path.join(shots, 'ledger-support.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').text).toMatch(/易地扶贫搬迁后续扶持台账$/);
    expect(ws.getCell('A3').value).toBe('序号');
    expect(ws.getCell('V3').value).toBe('备注');
    expect(ws.rowCount).toBeGreaterThan(5);

    // A ledger without source records yet says so.
    await page.goto(server.url + '/ledgers/safety');
    await page.getByText('本期无记录').first().waitFor({ timeout: 30_000 });
  });
});
