import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

describe.skipIf(skip)('monthly revisit on a phone-sized screen', () => {
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

  it('lets a site manager record an unchanged revisit in a few taps', async () => {
    const page = await signIn(browser, server.url, 'gly', { device: 'phone' });
    await page.goto(server.url + '/revisits');
    const go = page.getByTestId('revisit-go').first();
    await go.waitFor({ timeout: 30_000 });
    const pendingTitle = page.getByText(/本月未回访（\d+ 户）/);
    const before = Number(/（(\d+) 户）/.exec((await pendingTitle.textContent()) ?? '')?.[1] ?? NaN);
    expect(before).toBeGreaterThan(0);

    // Tap 1: 回访 on the first household not yet revisited; the form opens prefilled 无变化/正常.
    await go.tap();
    await page.getByTestId('revisit-form').waitFor({ timeout: 20_000 });
    const submit = page.getByTestId('revisit-submit');
    await expect.poll(() => submit.textContent(), { timeout: 10_000 }).toContain('无变化');
    await page.screenshot({ path: `${shots}/revisit-form-phone.png`, fullPage: true });
    // The form fits the phone's width (no horizontal scrolling).
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);

    // Tap 2: submit. Back on the list, one household fewer is pending.
    await submit.tap();
    await page.waitForURL(/\/revisits(\?|$)/, { timeout: 20_000 });
    await expect
      .poll(
        async () =>
          Number(/（(\d+) 户）/.exec((await page.getByText(/本月未回访（\d+ 户）/).textContent()) ?? '')?.[1] ?? NaN),
        { timeout: 20_000 },
      )
      .toBe(before - 1);
  });
});
