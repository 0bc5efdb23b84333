import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

describe.skipIf(skip)('household events and data quality in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets a site manager close a household with a reason and a date; the lock tab shows §23', async () => {
    const page = await signIn(browser, server.url, 'gly');
    await page.goto(server.url + '/households');
    await page.locator('[data-testid="households-table"] .ant-table-row a').first().click();
    await page.getByTestId('household-detail').waitFor({ timeout: 20_000 });

    await page.getByRole('tab', { name: '20年禁售' }).click();
    await expect.poll(() => page.getByTestId('housing-lock').textContent(), { timeout: 20_000 }).toMatch(/禁售期/);

    await page.getByTestId('household-events').click();
    await page.getByRole('menuitem', { name: '注销' }).click();
    // The reason is required: OK without it shows the field's message and sends nothing.
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.getByText('请选择注销原因').waitFor();
    await page.getByTestId('close-reason').click();
    await page.keyboard.type('全户迁出');
    await page.locator('.ant-select-item-option-active', { hasText: '全户迁出本县' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await expect
      .poll(() => page.getByTestId('household-detail').textContent(), { timeout: 20_000 })
      .toMatch(/已注销（全户迁出本县）/);
    // A closed household offers no more events.
    expect(await page.getByTestId('household-events').count()).toBe(0);
    await page.getByRole('tab', { name: '安置与变动' }).click();
    await expect
      .poll(() => page.getByTestId('placement-history').textContent(), { timeout: 20_000 })
      .toMatch(/注销：全户迁出本县/);
    await page.screenshot({ path: `${shots}/registry-events-closed.png`, fullPage: true });
  });

  it('shows a township the refusal to close a site that still has households', async () => {
    const page = await signIn(browser, server.url, 'qinjiang');
    await page.goto(server.url + '/sites');
    await page.locator('.ant-table-row a').first().click();
    await page.getByTestId('site-detail').waitFor({ timeout: 20_000 });
    await page.getByTestId('site-close').click();
    await page.locator('.ant-modal .ant-btn-primary').click();
    await expect
      .poll(() => page.locator('.ant-modal .ant-alert').textContent(), { timeout: 20_000 })
      .toMatch(/仍有 \d+ 户居住，不能撤销/);
  });

  it('lists data-quality findings by kind, linking to the household', async () => {
    const page = await signIn(browser, server.url, 'xczx');
    await page.goto(server.url + '/data-quality');
    await expect
      .poll(() => page.getByTestId('data-quality-total').first().textContent(), { timeout: 30_000 })
      .toMatch(/^共 [1-9]\d* 条问题$/);
    await page.getByTestId('data-quality-kinds').getByText('分散安置户缺少安置村').click();
    await page.waitForURL(/kind=dispersed_without_village/);
    await expect
      .poll(() => page.getByTestId('data-quality-total').first().textContent(), { timeout: 20_000 })
      .toBe('共 1 条问题');
    await page.screenshot({ path: `${shots}/data-quality.png`, fullPage: true });
    await page.locator('[data-testid="data-quality-table"] .ant-table-row a').first().click();
    await page.getByTestId('household-detail').waitFor({ timeout: 20_000 });
  });
});
