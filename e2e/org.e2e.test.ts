import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAdminTotpSecret } from '../apps/server/src/demo/accounts';
import { demoSites } from '../apps/server/src/demo/sites';
import { totpCode } from '../apps/server/src/platform/auth/totp';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

describe.skipIf(skip)('organisation and scope pages in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  /** A Qinjiang (琴江镇) site, out of 屏山镇's scope; looked up through the API as the county administrator. */
  let qinjiangSiteId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent();
  const rowNames = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row td:first-child').allTextContents();

  it('shows the county administrator every demo site, the home count and a watermark', async () => {
    const page = await signIn(browser, server.url, 'xczx');
    await expect.poll(() => text(page, 'home-sites-count'), { timeout: 10_000 }).toContain(String(demoSites.length));
    await expect.poll(() => text(page, 'home-scope')).toBe('全县');

    // The menu follows /me's permissions: sites (site.read) and users (user.read) are there.
    const menu = page.locator('.ant-layout-sider');
    await expect.poll(() => menu.textContent()).toContain('基础数据');
    expect(await menu.textContent()).toContain('系统管理');

    await page.goto(server.url + '/sites');
    await expect.poll(() => text(page, 'sites-total'), { timeout: 10_000 }).toBe(`共 ${demoSites.length} 个安置点`);
    await expect.poll(() => rowNames(page).then((r) => r.length)).toBe(demoSites.length);
    expect(await rowNames(page)).toEqual(expect.arrayContaining(demoSites.map((s) => s.name)));
    // Cadre names are personal data: the page carries the viewer's name and the time.
    const mark = await page.locator('[data-watermark]').first().getAttribute('data-watermark');
    expect(mark).toMatch(/^刘振华（县乡村振兴局） \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await page.screenshot({ path: `${shots}/org-sites.png`, fullPage: true });

    // The 乡镇 filter (DivisionSelect) asks the server for that township's sites only.
    await page.getByTestId('sites-township-filter').click();
    await page.locator('.ant-select-tree-title', { hasText: '屏山镇' }).click();
    await expect.poll(() => text(page, 'sites-total'), { timeout: 10_000 }).toBe('共 2 个安置点');

    await page.goto(server.url + '/admin/users');
    await expect.poll(() => text(page, 'users-total'), { timeout: 10_000 }).toMatch(/^共 \d+ 个用户$/);
    await expect.poll(() => page.getByTestId('users-table').textContent()).toContain('温秀英（屏山镇）');
    expect(await page.getByTestId('users-table').textContent()).toContain('乡镇用户：屏山镇');
    // 县乡村振兴局 may read users but not create them: no create or import actions.
    expect(await page.getByRole('button', { name: '新建用户' }).count()).toBe(0);
    await page.screenshot({ path: `${shots}/org-users.png`, fullPage: true });

    const res = await page.request.get(`${server.url}/api/v1/sites?q=${encodeURIComponent('城南幸福家园')}`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { items: { id: string; townshipName: string }[] };
    expect(body.items[0]?.townshipName).toBe('琴江镇');
    qinjiangSiteId = body.items[0]!.id;
    await page.context().close();
  });

  it("shows a township user only its township's sites; another township's site is not found", async () => {
    expect(qinjiangSiteId).not.toBe('');
    const page = await signIn(browser, server.url, 'pingshan');
    await expect.poll(() => text(page, 'home-sites-count'), { timeout: 10_000 }).toContain('2');
    expect(await page.locator('.ant-layout-sider').textContent()).not.toContain('系统管理');

    await page.goto(server.url + '/sites');
    await expect.poll(() => text(page, 'sites-total'), { timeout: 10_000 }).toBe('共 2 个安置点');
    expect((await rowNames(page)).sort()).toEqual(['屏山集镇安置点', '长江村安置点'].sort());
    expect(await page.locator('[data-watermark]').first().getAttribute('data-watermark')).toContain('温秀英（屏山镇）');

    // Out of scope is invisible: the detail of a Qinjiang site answers 404.
    await page.goto(`${server.url}/sites/${qinjiangSiteId}`);
    await page.getByTestId('not-found').waitFor({ timeout: 10_000 });
    expect(await text(page, 'not-found')).toContain('安置点不存在或无权查看');

    // Its own site opens, with 编辑 because the server says so (abilities.update).
    await page.goto(server.url + '/sites');
    await page.getByRole('link', { name: '屏山集镇安置点' }).click();
    await page.getByTestId('site-detail').waitFor({ timeout: 10_000 });
    expect(await text(page, 'site-detail')).toContain('曾建军（点长）');
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(1);

    // A page the roles do not allow at all: 403.
    await page.goto(server.url + '/admin/users');
    await page.waitForURL(/\/403$/);
    await page.getByTestId('forbidden').waitFor();
    await page.context().close();
  });

  it('lets a township user create a site with the division selector', async () => {
    const page = await signIn(browser, server.url, 'pingshan');
    await page.goto(server.url + '/sites');
    await page.getByRole('button', { name: '新建安置点' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('site-form-name').fill('屏山新村安置点');
    await dialog.getByTestId('site-form-type').click();
    await page.locator('.ant-select-item-option', { hasText: '中心村' }).click();
    await dialog.getByTestId('site-form-township').click();
    await page.locator('.ant-select-tree-title', { hasText: '屏山镇' }).click();
    // The village list loads for the chosen township only.
    // A click that lands while the dropdown is still animating can be lost on a slow machine: retry
    // until the chosen village shows in the form, then save.
    for (let attempt = 0; attempt < 3 && !(await dialog.textContent())?.includes('胜利村委会'); attempt++) {
      await dialog.getByTestId('site-form-village').click();
      await page.locator('.ant-select-tree-title', { hasText: '胜利村委会' }).click({ timeout: 10_000 });
      await page.waitForTimeout(300);
    }
    expect(await dialog.textContent()).toContain('胜利村委会');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => text(page, 'sites-total'), { timeout: 10_000 }).toBe('共 3 个安置点');
    const row = page.locator('.ant-table-row', { hasText: '屏山新村安置点' });
    expect(await row.textContent()).toContain('胜利村委会');
    await page.context().close();
  });

  it('lets any user bind an authenticator app on the account page', async () => {
    const page = await signIn(browser, server.url, 'qinjiang');
    await page.goto(server.url + '/account/totp');
    await expect.poll(() => text(page, 'totp-status'), { timeout: 10_000 }).toBe('未绑定');
    await page.getByTestId('totp-start').click();
    const secret = (await page.getByTestId('enroll-secret').textContent({ timeout: 10_000 })) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByTestId('enroll-code').fill(totpCode(secret, new Date()));
    await page.getByTestId('enroll-submit').click();
    await expect.poll(() => text(page, 'totp-status'), { timeout: 10_000 }).toBe('已绑定');
    // The server now asks this user for the code at sign-in.
    const me = await page.request.get(`${server.url}/api/v1/me`);
    expect(((await me.json()) as { user: { totpEnabled: boolean } }).user.totpEnabled).toBe(true);
    await page.context().close();
  });

  it('lets the system administrator create a user with a scoped role and see the assignment', async () => {
    const page = await signIn(browser, server.url, 'admin', { totpSecret: demoAdminTotpSecret });
    await page.goto(server.url + '/admin/users');
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('user-form-username').fill('e2e_site_mgr');
    await dialog.getByTestId('user-form-name').fill('测试管理员');
    await dialog.getByTestId('user-form-password').fill('Initial#2026');
    // Choose by typing into the searchable selects: clicking an option while the dropdown is still
    // animating can land on its neighbour on a slow machine.
    await dialog.getByTestId('user-form-assignment-0-role').click();
    await page.keyboard.type('安置点管理员');
    await page.locator('.ant-select-item-option-active', { hasText: '安置点管理员' }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByTestId('user-form-assignment-0-site').click({ timeout: 60_000 });
    await page.keyboard.type('长江村');
    await page.locator('.ant-select-item-option-active', { hasText: '长江村安置点' }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: '创建' }).click();

    await page.getByTestId('users-search').locator('input').fill('e2e_site_mgr');
    await page.getByTestId('users-search').locator('input').press('Enter');
    await expect.poll(() => text(page, 'users-total'), { timeout: 10_000 }).toBe('共 1 个用户');
    expect(await page.getByTestId('users-table').textContent()).toContain('安置点管理员：长江村安置点');
    await page.getByText('详情').first().click();
    await expect.poll(() => text(page, 'user-assignments'), { timeout: 10_000 }).toContain('长江村安置点');
    await page.context().close();
  });
});
