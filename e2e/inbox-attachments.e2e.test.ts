import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();

describe.skipIf(skip)('我的待办, notifications and attachments in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await signIn(browser, server.url, 'xczx', { viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the demo inbox (overdue first in red), posts more items, the bell counts, 完成 moves an item', async () => {
    await page.getByRole('menuitem', { name: '我的待办' }).click();
    await page.waitForURL(/\/inbox$/);
    // The county administrator's inbox holds the platform demo's items (one overdue, two due later) beside the
    // supervision list's items for its unit, so counts are read relative to what the page shows first.
    const rows = page.locator('[data-testid="inbox-table"] tbody tr.ant-table-row');
    const table = page.getByTestId('inbox-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('易地搬迁后续扶持工作进展');
    expect(await table.textContent()).toContain('示例 · 工作报送');
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(3);
    // Sorted by due date, overdue first: the first row is overdue, the last is not.
    expect(await rows.nth(0).getByTestId('inbox-overdue').count()).toBe(1);
    expect(
      await rows
        .nth(before - 1)
        .getByTestId('inbox-overdue')
        .count(),
    ).toBe(0);
    const unread = async () =>
      Number((await page.getByTestId('notification-count').textContent())?.match(/\d+/)?.[0] ?? 0);
    await expect.poll(unread).toBeGreaterThanOrEqual(1);
    const unreadBefore = await unread();

    await page.getByTestId('inbox-demo').click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before + 2);
    expect(await table.textContent()).toContain('回访安置户');
    await expect.poll(unread).toBe(unreadBefore + 1);
    await page.screenshot({ path: '.tmp/e2e-inbox.png' });

    await page.getByTestId('notification-bell').click();
    const item = page.getByTestId('notification-item').filter({ hasText: '已生成两条待办' }).first();
    await expect.poll(() => item.count()).toBe(1);
    await page.screenshot({ path: '.tmp/e2e-bell.png' });
    await item.click();
    await expect.poll(unread).toBe(unreadBefore);

    const progressRow = rows.filter({ hasText: '易地搬迁后续扶持工作进展' }).first();
    await progressRow.getByTestId('inbox-done').click();
    await expect.poll(() => rows.count()).toBe(before + 1);
    await page.getByRole('tab', { name: '已完成' }).click();
    await expect.poll(() => table.textContent()).toContain('易地搬迁后续扶持工作进展');
    expect(await table.textContent()).toContain('审核各乡镇');
  });

  it('uploads a file, lists it for download, and refuses a wrong type with a Chinese message', async () => {
    await page.getByRole('menuitem', { name: '附件' }).click();
    await page.waitForURL(/\/attachments$/);
    const table = page.getByTestId('attachments-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('安置点名单示例.csv'); // the demo's
    const input = page
      .locator('[data-testid="attachment-upload"] input[type="file"], .ant-upload input[type="file"]')
      .first();
    await input.setInputFiles({
      name: '回访名单.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('姓名,电话\n张三,13800000000\n'),
    });
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('回访名单.csv');
    const href = await page.getByTestId('attachment-download').first().getAttribute('href');
    const body = await page.evaluate(`fetch(${JSON.stringify(href)}).then(r => r.text())`);
    expect(body).toBe('姓名,电话\n张三,13800000000\n');

    await input.setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await expect
      .poll(() => page.locator('.ant-message').textContent(), { timeout: 10_000 })
      .toContain('不支持的文件类型：.exe（允许：.xlsx、.xls、.csv、.pdf、.jpg、.png、.docx）');
    await page.screenshot({ path: '.tmp/e2e-attachments.png' });
  });
});
