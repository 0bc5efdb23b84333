import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfHeader, sessionCookie } from '../packages/contracts/src/auth';
import { demoPassword } from '../apps/server/src/demo/accounts';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

/** 部门数据比对 end to end: 医保 uploads, the site manager verifies, the township deliberates. */
describe.skipIf(skip)('department data comparison', () => {
  let server: RunningServer;
  let browser: Browser;
  /** A 城南 household the demo's batches do not name, and its head's full ID number (revealed by gly). */
  let target: { householdNumber: string; idNumber: string; name: string };

  /** A signed-in API session of a demo user (cookie + CSRF token). */
  async function apiAs(username: string) {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: demoPassword }),
    });
    expect(res.status).toBe(200);
    const cookie = /anzhi_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const headers = {
      cookie: `${sessionCookie}=${cookie}`,
      [csrfHeader]: csrfToken,
      'content-type': 'application/json',
    };
    return {
      get: async <T>(path: string) => (await (await fetch(`${server.url}/api/v1${path}`, { headers })).json()) as T,
      post: async <T>(path: string, body: unknown) =>
        (await (
          await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
        ).json()) as T,
    };
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
    const gly = await apiAs('gly');
    const list = await gly.get<{ items: { id: string; householdNumber: string; headName: string | null }[] }>(
      '/households?pageSize=200',
    );
    const last = [...list.items].sort((a, b) => b.householdNumber.localeCompare(a.householdNumber))[0]!;
    const detail = await gly.get<{ members: { personId: string; relation: string; name: string }[] }>(
      `/households/${last.id}`,
    );
    const head = detail.members.find((m) => m.relation === '户主')!;
    const reveal = await gly.post<{ value: string }>(`/persons/${head.personId}/reveal`, {
      field: 'idNumber',
      reason: '端到端测试：准备部门比对样例文件',
    });
    target = { householdNumber: last.householdNumber, idNumber: reveal.value, name: head.name };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'a 医保 user uploads a file, a site manager verifies the warning, the township deliberates',
    { timeout: 300_000 },
    async () => {
      // 1. 医保 (yibao) uploads this month's file: a title row, extra columns, the amount with a unit.
      const yibao = await signIn(browser, server.url, 'yibao');
      // Until the unit's kinds arrive no kind is chosen: a file set then is refused on the page and nothing is sent.
      let releaseKinds = () => {};
      const kindsHeld = new Promise<void>((resolve) => (releaseKinds = resolve));
      await yibao.route('**/api/v1/comparison/kinds', async (route) => {
        await kindsHeld;
        await route.continue();
      });
      const sent: string[] = [];
      yibao.on('request', (r) => {
        if (r.method() === 'POST' && r.url().includes('/api/v1/comparison/batches')) sent.push(r.url());
      });
      await yibao.getByRole('menuitem', { name: '部门数据比对' }).click();
      await yibao.waitForURL(/\/comparison/);
      await yibao
        .locator('.ant-upload input[type="file"]')
        .first()
        .setInputFiles({
          name: '过早.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('身份证号码,个人自付\n', 'utf8'),
        });
      await expect
        .poll(() => yibao.getByTestId('comparison-upload-problem').textContent(), { timeout: 30_000 })
        .toContain('请先选择数据类别');
      expect(sent).toEqual([]);
      releaseKinds();
      const csv = [
        '县医保局搬迁人口医疗费用明细表',
        '序号,参保人姓名,公民身份号码,就诊医院,个人自付（元）',
        `1,${target.name},${target.idNumber},石城县人民医院,"15,200.00"`,
        '2,外县人员,360730197801011234,石城县人民医院,300',
      ].join('\n');
      await yibao.getByTestId('comparison-upload').waitFor();
      // The unit's kinds load after the page: upload only once the kind is chosen.
      await expect
        .poll(() => yibao.getByTestId('comparison-kind').textContent(), { timeout: 30_000 })
        .toContain('医疗费用');
      await yibao
        .locator('.ant-upload input[type="file"]')
        .first()
        .setInputFiles({
          name: '医保医疗费用明细.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(`\ufeff${csv}`, 'utf8'),
        });
      // The demo holds this month's earlier 医保 batches too: read the row of the uploaded file.
      const firstRow = yibao
        .getByTestId('comparison-batches')
        .locator('tbody tr.ant-table-row', { hasText: '医保医疗费用明细.csv' })
        .first();
      await expect
        .poll(() => firstRow.textContent().catch(() => ''), { timeout: 60_000 })
        .toContain('已比对')
        .catch(async (err: unknown) => {
          await yibao.screenshot({ path: `${shots}/comparison-upload-failed.png`, fullPage: true });
          throw err;
        });
      expect(await firstRow.textContent()).toContain('医保医疗费用明细.csv');
      expect(await firstRow.textContent()).toMatch(
        /共 2 行：匹配 1，非搬迁人口 0，无效 1|共 2 行：匹配 1，非搬迁人口 1/,
      );
      expect(await firstRow.textContent()).toContain('预警 1 条');
      // A department user has no registry menu and no warnings tab.
      expect(await yibao.getByRole('menuitem', { name: '搬迁户' }).count()).toBe(0);
      expect(await yibao.getByRole('tab', { name: '预警核实' }).count()).toBe(0);
      await yibao.screenshot({ path: `${shots}/comparison-upload.png`, fullPage: true });
      expect(sent).toHaveLength(1);
      // 逐行结果 opens on the problem rows: here the second data row (file row 4), then 全部 lists both.
      await firstRow.getByTestId('comparison-batch-rows').click();
      const rowsTotal = yibao.getByTestId('comparison-rows-total');
      await expect.poll(() => rowsTotal.textContent(), { timeout: 30_000 }).toBe('共 1 行');
      const problemRow = yibao.getByTestId('comparison-rows').locator('tbody tr.ant-table-row');
      expect(await problemRow.count()).toBe(1);
      expect(await problemRow.first().locator('td').first().textContent()).toBe('4');
      expect(await problemRow.first().textContent()).toMatch(/非搬迁人口|无效/);
      await yibao.getByTestId('comparison-rows-filter').getByText('全部', { exact: true }).click();
      await expect.poll(() => rowsTotal.textContent(), { timeout: 30_000 }).toBe('共 2 行');
      await yibao.screenshot({ path: `${shots}/comparison-rows.png`, fullPage: true });

      // 2. The site manager (gly) verifies the warning on site.
      const gly = await signIn(browser, server.url, 'gly');
      await gly.goto(server.url + '/comparison?tab=warnings&status=new');
      const row = gly.getByTestId('comparison-warnings').locator('tr', { hasText: target.householdNumber });
      await row.first().waitFor({ timeout: 30_000 });
      expect(await row.first().textContent()).toContain('年度累计个人自付医疗费用超过限额');
      await row.first().getByTestId('comparison-verify').click();
      await gly.getByTestId('comparison-verify-notes').fill('入户核实：住院治疗属实，自付费用较高');
      await gly.getByTestId('comparison-verify-save').click();
      // The save must reach the server before the page moves on (a navigation would cancel the request).
      await gly.getByText('已登记核实结果').first().waitFor({ timeout: 30_000 });
      await gly.goto(server.url + '/comparison?tab=warnings&status=verified');
      await gly
        .getByTestId('comparison-warnings')
        .locator('tr', { hasText: target.householdNumber })
        .first()
        .waitFor({ timeout: 30_000 });

      // 3. The township (qinjiang) holds the deliberation and turns the confirmed warning into a clue.
      const township = await signIn(browser, server.url, 'qinjiang');
      await township.goto(server.url + '/comparison?tab=deliberation');
      const candidate = township
        .getByTestId('comparison-deliberation-candidates')
        .locator('tr', { hasText: target.householdNumber })
        .first();
      await candidate.waitFor({ timeout: 30_000 });
      await candidate.locator('input[type="checkbox"]').check();
      await township.getByTestId('comparison-participants').fill('镇党委副书记、镇乡村振兴工作站、安置区管理员');
      await township.getByTestId('comparison-deliberate').click();
      const saved = township.getByTestId('comparison-deliberation');
      await expect.poll(() => saved.first().textContent(), { timeout: 30_000 }).toMatch(/1 条转为监测线索/);
      await township.screenshot({ path: `${shots}/comparison-deliberation.png`, fullPage: true });
      const qj = await apiAs('qinjiang');
      const escalated = await qj.get<{ items: { householdNumber: string; clueId: string | null }[] }>(
        '/comparison/warnings?status=escalated&pageSize=200',
      );
      expect(escalated.items.find((w) => w.householdNumber === target.householdNumber)?.clueId).toBeTruthy();
    },
  );
});
