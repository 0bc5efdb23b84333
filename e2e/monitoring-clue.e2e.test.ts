import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

/** A cadre on a phone: an unchanged revisit in a few taps, then one that reveals a serious illness and opens a clue. */
describe.skipIf(skip)('revisit → monitoring clue on a phone-sized screen', () => {
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

  const pendingCount = async (page: Page) =>
    Number(/（(\d+) 户）/.exec((await page.getByText(/本月未回访（\d+ 户）/).textContent()) ?? '')?.[1] ?? NaN);

  it('records an unchanged revisit in a few taps, then one that opens a monitoring clue', async () => {
    const page = await signIn(browser, server.url, 'gly', { device: 'phone' });
    await page.goto(server.url + '/revisits');
    await page.getByTestId('revisit-go').first().waitFor({ timeout: 30_000 });
    const before = await pendingCount(page);
    expect(before).toBeGreaterThan(1);

    // Unchanged: 回访 → 提交 (prefilled 无变化/正常), back on the list.
    await page.getByTestId('revisit-go').first().tap();
    await page.getByTestId('revisit-form').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('revisit-submit').textContent(), { timeout: 10_000 }).toContain('无变化');
    await page.getByTestId('revisit-submit').tap();
    await page.waitForURL(/\/revisits(\?|$)/, { timeout: 20_000 });
    await expect.poll(() => pendingCount(page), { timeout: 20_000 }).toBe(before - 1);

    // A serious illness: the 身体状况 switch, its category 患大病, submit → the clue it opened is shown.
    await page.getByTestId('revisit-go').first().tap();
    await page.getByTestId('revisit-form').waitFor({ timeout: 20_000 });
    await page.getByRole('switch', { name: '身体状况' }).tap();
    await page.getByLabel('身体状况类别').click();
    await page.locator('.ant-select-item-option[title="患大病"]').click();
    await page.getByTestId('revisit-submit').tap();
    const raised = page.getByTestId('revisit-clues');
    await raised.waitFor({ timeout: 20_000 });
    expect(await raised.textContent()).toContain('已生成监测线索：回访"身体状况"：患大病');
    await page.screenshot({ path: `${shots}/revisit-clue-phone.png`, fullPage: true });

    // The clue is in the household's 风险线索: open, or joined to the household's case if one is under way (the
    // first household of the list may have one: the demo's ids, and so the order, change from run to run).
    await page.getByRole('button', { name: '查看风险线索' }).tap();
    await page.waitForURL(/\/monitoring\/clues\?householdId=/, { timeout: 20_000 });
    await page.getByTestId('clues-filter-household').waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => (await page.getByTestId('clues-table').textContent()) ?? '', { timeout: 20_000 })
      .toContain('回访"身体状况"：患大病');
  });
});
