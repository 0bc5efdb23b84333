import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

describe.skipIf(skip)('registry pages in a real browser', () => {
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

  const total = (page: Page, testId: string) => page.getByTestId(testId).first().textContent();
  const countOf = (text: string | null) => Number(/共 (\d+)/.exec(text ?? '')?.[1] ?? NaN);

  it('lets a site manager filter households, read one with its timeline, reveal a number and print it', async () => {
    const page = await signIn(browser, server.url, 'gly');
    await page.goto(server.url + '/households');
    await expect.poll(() => total(page, 'households-total'), { timeout: 20_000 }).toMatch(/^共 \d+ 户$/);
    const all = countOf(await total(page, 'households-total'));
    expect(all).toBeGreaterThan(0);

    // 劳动技能 filter: typed, then chosen with Enter (robust on a slow machine).
    await page.getByTestId('households-filter-labourCapacity').click();
    await page.keyboard.type('技能劳动力');
    await page.locator('.ant-select-item-option-active', { hasText: '技能劳动力' }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/labourCapacity=/);
    await expect
      .poll(async () => countOf(await total(page, 'households-total')), { timeout: 20_000 })
      .toBeLessThan(all);
    const filtered = countOf(await total(page, 'households-total'));
    expect(filtered).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}/registry-households.png`, fullPage: true });

    // Open the first household: members with masked numbers and ages.
    await page.locator('[data-testid="households-table"] .ant-table-row a').first().click();
    await page.getByTestId('household-detail').waitFor({ timeout: 20_000 });
    const id = /\/households\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(id).toBeDefined();
    const masked = page.getByTestId('masked-number').first();
    await expect.poll(() => masked.textContent(), { timeout: 10_000 }).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(await page.getByTestId('members-table').textContent()).toMatch(/技能劳动力/);

    // 变更记录: at least the registration, with when and who.
    await page.getByRole('tab', { name: '变更记录' }).click();
    await page.getByTestId('timeline-entry').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('household-timeline').textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

    // Reveal one number with a reason: shown in this view only.
    await page.getByRole('tab', { name: /家庭成员/ }).click();
    await page.getByTestId('reveal-button').first().click();
    await page.getByTestId('reveal-reason').fill('核对医保参保信息');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await expect
      .poll(() => page.getByTestId('revealed-number').first().textContent(), { timeout: 20_000 })
      .toMatch(/^\d{17}[\dX]$/);
    await page.screenshot({ path: `${shots}/registry-household.png`, fullPage: true });

    // The printable 一户一档: no menu, a print button, the watermark with the viewer.
    await page.goto(`${server.url}/households/${id}/print`);
    await page.getByTestId('household-print').waitFor({ timeout: 20_000 });
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    expect(await page.getByTestId('print-button').textContent()).toContain('打印');
    await expect.poll(() => page.getByTestId('household-print').textContent()).toContain('家庭成员');
    const mark = await page.locator('[data-watermark]').first().getAttribute('data-watermark');
    expect(mark).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await page.screenshot({ path: `${shots}/registry-print.png`, fullPage: true });
  }, 180_000);
});
