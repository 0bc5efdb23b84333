import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();

describe.skipIf(skip)('the responsibility list in a real browser', () => {
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

  const status = (page: Page) => page.getByTestId('task-status').first().textContent();
  const reports = (page: Page) => page.getByTestId('task-report').count();

  it('县教科体局 submits row 14, 县人社局 returns it, the unit resubmits, the lead unit accepts', async () => {
    const jkt = await signIn(browser, server.url, 'jkt');
    // The instance of row 14 (a responsible unit: 县教科体局) in the demo's current-year plan.
    const found = await jkt.evaluate<{ items: { id: string; party: { name: string } }[] }>(
      "fetch('/api/v1/task-instances?row=14&mine=true').then((r) => r.json())",
    );
    expect(found.items).toHaveLength(1);
    expect(found.items[0]!.party.name).toBe('县教科体局');
    const taskUrl = `${server.url}/supervision/tasks/${found.items[0]!.id}`;

    // The menu shows the supervision pages the unit may use.
    const menu = jkt.locator('.ant-layout-sider');
    await expect.poll(() => menu.textContent()).toContain('责任清单');

    await jkt.goto(taskUrl);
    await jkt.getByTestId('report-text').fill('已在琴江、屏山安置点组织技能培训 2 期，培训 86 人次。');
    await jkt.getByTestId('report-submit').click();
    await expect.poll(() => status(jkt), { timeout: 15_000 }).toBe('已提交');
    expect(await jkt.getByTestId('report-form').count()).toBe(0);

    const rsj = await signIn(browser, server.url, 'rsj');
    await rsj.goto(taskUrl);
    await rsj.getByTestId('task-party').waitFor();
    await rsj.getByTestId('review-comment').fill('请补充培训签到表和就业对接情况');
    await rsj.getByTestId('review-return').click();
    // Returned (shown as 已逾期 instead when the due date has passed, as the demo's row 14 has by July).
    await expect.poll(() => reports(rsj), { timeout: 15_000 }).toBe(2);
    expect(['已退回', '已逾期']).toContain(await status(rsj));
    expect(await rsj.getByTestId('task-reports').textContent()).toContain('退回');
    expect(await rsj.getByTestId('review-form').count()).toBe(0);

    await jkt.reload();
    await expect.poll(() => reports(jkt), { timeout: 15_000 }).toBe(2);
    expect(await jkt.getByTestId('task-reports').textContent()).toContain('请补充培训签到表和就业对接情况');
    await jkt.getByTestId('report-text').fill('已补充培训签到表；培训后 31 人实现就业。');
    await jkt.getByTestId('report-submit').click();
    await expect.poll(() => status(jkt), { timeout: 15_000 }).toBe('已提交');

    await rsj.reload();
    await rsj.getByTestId('review-accept').click();
    await expect.poll(() => status(rsj), { timeout: 15_000 }).toBe('已通过');
    expect(await reports(rsj)).toBe(4);

    // The lead unit's grid shows the accepted cell for row 14.
    await rsj.goto(server.url + '/supervision/grid');
    await expect.poll(() => rsj.getByTestId('lead-grid').textContent(), { timeout: 15_000 }).toContain('县教科体局');
    expect(await rsj.getByTestId('grid-cell-14').allTextContents()).toContain('已通过');
  });
});
