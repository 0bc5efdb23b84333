import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, logIn, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();

describe.skipIf(skip)('site chiefs (点长制) in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The demo's chief of 大由乡安置点, which is short of visits this month.
    page = await signIn(browser, server.url, 'dianzhang4', { viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a site chief logs a visit and sees the shortfall count change', async () => {
    // The home page warns about the shortfall and links to the chiefs page.
    await expect.poll(() => page.getByTestId('home-chief-shortfall').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('home-chief-shortfall').textContent()).toContain('还差 1 次');
    await page.goto(server.url + '/chiefs');
    const short = page.getByTestId('chiefs-visits-short');
    await expect.poll(() => short.textContent(), { timeout: 15_000 }).toBe('1');
    expect(await page.getByTestId('chiefs-sites-short').textContent()).toBe('1');
    expect(await page.getByTestId('chiefs-overview').textContent()).toContain('大由乡安置点');

    await page.getByTestId('log-visit').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('visit-site').click();
    await page.keyboard.type('大由');
    await page.locator('.ant-select-item-option-active', { hasText: '大由乡安置点' }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByTestId('visit-found').fill('两户反映公共照明不足');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });

    await expect.poll(() => short.textContent(), { timeout: 15_000 }).toBe('0');
    expect(await page.getByTestId('chiefs-sites-short').textContent()).toBe('0');
    await page.screenshot({ path: '.tmp/e2e-chiefs.png' });
    await page.getByRole('tab', { name: '走访记录' }).click();
    await expect.poll(() => page.getByTestId('chief-visits').textContent()).toContain('两户反映公共照明不足');
  });

  it('the county lead drills from an assessment score to the evidence behind it', async () => {
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    await logIn(page, server.url, 'xczx');
    await page.goto(server.url + '/assessment');
    const ranking = page.getByTestId('assessment-ranking');
    await expect.poll(() => ranking.textContent(), { timeout: 15_000 }).toContain('大由乡');
    expect(await ranking.textContent()).toContain('数据尚未接入');
    // Columns: rank, unit, total, then the indicators (list on-time rate, R01 visits, R02 hearings, revisits).
    const row = ranking.locator('tbody tr.ant-table-row', { hasText: '大由乡' });
    await row.locator('td').nth(4).getByRole('button').click();
    const evidence = page.getByTestId('assessment-evidence');
    await expect.poll(() => evidence.textContent(), { timeout: 15_000 }).toContain('大由乡安置点');
    expect(await evidence.textContent()).toContain('未达标');
    await page.screenshot({ path: '.tmp/e2e-assessment.png' });
  });
});
