import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Division } from '@anzhi/contracts/org';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { demoSites } from '../apps/server/src/demo/sites';
import { browserUnavailable, launchBrowser, signIn } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const skip = browserUnavailable();
const shots = '.tmp';

/** The clerk: 罗丽华, 安置点管理员 of 城南幸福家园安置区 (琴江镇), who holds registry.import for that site only. */
const clerk = 'gly';
const clerkSite = demoSites.find((s) => s.key === 'chengnan')!;
const QINJIANG = clerkSite.townshipCode;

/*
 * ID numbers from 章贡区 (360702): valid GB 11643 numbers the demo's generator never issues, so they cannot
 * collide with the demo registry.
 */
const region = '360702';
const person = (name: string, relation: string, birth: string, seq: number, extra: Record<string, string> = {}) => ({
  姓名: name,
  身份证号: makeIdNumber(region, birth, seq),
  与户主关系: relation,
  民族: '汉族',
  劳动能力: '普通劳动力',
  ...extra,
});

type Row = Record<string, string | number>;

/** Household columns, on the head's row only (the template says the members below inherit them). */
function household(number: string, origin: string, room: string): Row {
  return {
    户编号: number,
    乡镇: '琴江镇',
    安置点: clerkSite.name,
    安置方式: '集中安置',
    安置地址: room,
    '迁出地（村）': origin,
    搬迁年份: 2019,
    搬迁类型: '搬迁脱贫户',
    安置房类型: '套房',
    '住房面积（㎡）': 100,
  };
}

const head1 = person('钟远山', '户主', '19780412', 11, {
  务工状态: '省外务工',
  务工地点: '广东省东莞市',
  '月收入（元）': '5200',
});
const members: { household: string; head: Row; rest: Row[] }[] = [
  {
    household: 'E2E20260001',
    head: head1,
    rest: [
      person('刘春梅', '配偶', '19800915', 22, { 健康状况: '长期慢性病' }),
      person('钟子豪', '之子', '20080302', 33, { 劳动能力: '无劳动力', 在校生情况: '初中' }),
    ],
  },
  {
    household: 'E2E20260002',
    head: person('温国华', '户主', '19650720', 45, { 务工状态: '公益岗位', '月收入（元）': '1500' }),
    rest: [person('温秀兰', '配偶', '19670108', 56, { 劳动能力: '弱劳动力或半劳动力' })],
  },
];
/** The third household's only row carries an ID number with a wrong check digit. */
const goodId = makeIdNumber(region, '19700101', 71);
const badId = goodId.slice(0, 17) + (goodId.endsWith('0') ? '1' : '0');

describe.skipIf(skip)('staged registry import in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
    page = await signIn(browser, server.url, clerk, { acceptDownloads: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A village of 琴江镇 as people write it (township + village), read from the divisions API. */
  async function originVillage(): Promise<string> {
    const res = await page.request.get(`${server.url}/api/v1/divisions?parentCode=${QINJIANG}&level=village`);
    expect(res.status()).toBe(200);
    const villages = (await res.json()) as Division[];
    expect(villages.length).toBeGreaterThan(0);
    return `琴江镇${villages[0]!.shortName}`;
  }

  /** Writes the rows into the downloaded template's 花名册 sheet (ID numbers as text), matching headers by name. */
  async function fillTemplate(template: Buffer, rows: Row[]): Promise<{ buffer: Buffer; errorRow: number }> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('花名册');
    expect(sheet, '模板中应有“花名册”工作表').toBeDefined();
    const headers = (sheet!.getRow(1).values as unknown[]).slice(1).map(String);
    let errorRow = 0;
    rows.forEach((values, i) => {
      const row = sheet!.getRow(i + 2);
      for (const [label, value] of Object.entries(values)) {
        const col = headers.indexOf(label);
        expect(col, `模板缺少列：${label}`).toBeGreaterThanOrEqual(0);
        row.getCell(col + 1).value = value;
      }
      if (values['身份证号'] === badId) errorRow = i + 2;
      row.commit();
    });
    return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), errorRow };
  }

  it('downloads the template, uploads it filled, reads the dry run, confirms and finds a household by ID number', async () => {
    // 花名册导入 is in the 搬迁户 menu group for a clerk holding registry.import.
    await page.locator('.ant-menu-submenu-title', { hasText: '搬迁户' }).click();
    await page.getByRole('menuitem', { name: '花名册导入' }).click();
    await page.waitForURL(/\/imports$/);

    // 下载模板: the browser's download, captured.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const templatePath = await download.path();
    const template = fs.readFileSync(templatePath);

    const origin = await originVillage();
    const rows: Row[] = [];
    members.forEach((h, i) => {
      rows.push({ ...household(h.household, origin, `${i + 1}栋1单元${i + 1}01`), ...h.head });
      rows.push(...h.rest);
    });
    rows.push({
      ...household('E2E20260003', origin, '3栋1单元301'),
      ...person('谢冬生', '户主', '19700101', 71),
      身份证号: badId,
    });
    const { buffer, errorRow } = await fillTemplate(template, rows);
    expect(errorRow).toBe(7);

    const input = page
      .locator('[data-testid="import-upload"] input[type="file"], .ant-upload input[type="file"]')
      .first();
    await input.setInputFiles({
      name: '城南花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });

    // The batch page: progress while the worker parses, then the dry run.
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    await expect
      .poll(() => page.getByTestId('import-status').first().textContent(), { timeout: 60_000 })
      .toBe('待确认');
    const count = (c: string) => page.getByTestId(`import-count-${c}`).locator('.ant-statistic-content').textContent();
    expect(await count('new')).toBe('5');
    expect(await count('error')).toBe('1');
    expect(await count('households')).toBe('3');
    expect(await page.getByTestId('import-households-with-errors').textContent()).toContain('1 户有错误');
    expect(await page.getByTestId('import-households-with-errors').textContent()).toContain('其余 2 户可以导入');

    // Only the error rows: the Chinese message names the sheet row.
    await page.getByTestId('import-rows-class').getByText('错误 1').click();
    const table = page.getByTestId('import-rows-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(1);
    const message = await table.getByTestId('import-row-errors').textContent();
    expect(message).toMatch(new RegExp(`^第${errorRow}行：`));
    expect(message).toContain('校验码');
    expect(await table.textContent()).toContain('E2E20260003');
    expect(await page.getByTestId('import-errors-download').count()).toBe(1);
    await page.screenshot({ path: `${shots}/import-dry-run.png`, fullPage: true });

    // 确认导入: the dialog states what will be written.
    await page.getByTestId('import-confirm').click();
    const dialog = page.locator('.ant-modal-confirm');
    await expect.poll(() => dialog.getByTestId('import-confirm-content').textContent()).toContain('将 2 户写入花名册');
    expect(await dialog.getByTestId('import-confirm-content').textContent()).toContain('1 户有错误');
    await dialog.getByRole('button', { name: '确认导入' }).click();
    await expect
      .poll(() => page.getByTestId('import-status').first().textContent(), { timeout: 60_000 })
      .toBe('已导入');
    expect(await page.getByTestId('import-applied').textContent()).toContain('已导入 2 户');
    await page.screenshot({ path: `${shots}/import-applied.png`, fullPage: true });

    // The exact lookup by ID number opens the imported household.
    await page.getByRole('menuitem', { name: '人员' }).click();
    await page.waitForURL(/\/persons/);
    const lookup = page.getByTestId('persons-lookup').locator('input');
    await lookup.fill(String(head1['身份证号']));
    await lookup.press('Enter');
    await page.waitForURL(/\/households\/[0-9a-f-]{36}/, { timeout: 15_000 });
    await expect
      .poll(() => page.locator('main, .ant-layout-content').first().textContent(), { timeout: 15_000 })
      .toContain('E2E20260001');
    expect(await page.locator('.ant-layout-content').first().textContent()).toContain('钟远山');
    await page.screenshot({ path: `${shots}/import-found.png`, fullPage: true });

    // The household that had an error was not written: its number finds nothing.
    const res = await page.request.get(`${server.url}/api/v1/households?q=E2E20260003`);
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBe(0);
  });
});
