import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { importXlsxMaxRows } from '@anzhi/contracts/imports';
import { findHeader, headerScanRows, HeaderScanner, type Cell } from './registry-rows';
import { registryColumns } from './registry-columns';
import { csvRows, type SheetRow } from './csv-reader';
import { plainCell } from './sheet-reader';

/*
 * The downloadable template (the registry workbook's columns, an instructions sheet, the code lists) and the
 * error report: the uploaded file itself with an error column added after its last column.
 */

const textColumns = new Set(['householdNumber', 'idNumber', 'phone', 'propertyCertificateNo']);
export const errorColumnHeader = '错误信息';

const instructions = [
  '搬迁户花名册导入说明',
  '',
  '1. 一行一人：户主一行，其他家庭成员各一行，排在户主之后。',
  '2. 户的信息（户编号至旧房处置）可以只填在户主那一行，下面的成员行留空即视为同一户；也可以每行都填。',
  '3. 身份证号一列已设为文本格式：请直接输入 18 位号码，不要改成数字格式（Excel 会把末尾几位变成 0）。',
  '4. 乡镇、安置点按名称填写；迁出地（村）和迁入村写作“乡镇名+村名”，如“珠坑乡塘台村”。旧乡镇名可以使用（按区划别名自动对应）。',
  '5. 集中安置的户填写安置点和安置地址（如“3栋2单元1203”），不填迁入村；分散安置的户填写迁入村，不填安置点。',
  '6. 日期可写作 2022-03-01、2022/3/1、2022年3月1日 或 20220301。',
  '7. 有代码表的列请按“代码表”工作表填写；是/否列填“是”或“否”。',
  `8. .xlsx 文件最多 ${importXlsxMaxRows.toLocaleString('en-US')} 行；更多的数据请另存为 CSV（UTF-8 或 GBK 编码均可）。`,
  '9. 上传后系统先试导入（不写入花名册），逐行显示新增、变更、无变化和错误；确认后才写入。有错误的户整户不导入，可下载错误报告修改后重新上传。',
  '10. 导入不会删除花名册中已有的人员：表中没有的成员不会被移除。同一文件重复导入不会产生任何变化。',
];

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('花名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = registryColumns.map((c) => ({
    header: c.label,
    key: c.key,
    width: Math.max(10, c.label.length * 2 + 4),
    ...(textColumns.has(c.key) ? { style: { numFmt: '@' } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle' };

  const notes = wb.addWorksheet('说明');
  notes.getColumn(1).width = 120;
  instructions.forEach((line, i) => {
    notes.getCell(i + 1, 1).value = line;
  });
  notes.getCell(1, 1).font = { bold: true, size: 14 };

  const codes = wb.addWorksheet('代码表');
  const coded = registryColumns.filter((c) => c.codes);
  coded.forEach((c, i) => {
    const col = i + 1;
    codes.getCell(1, col).value = c.label;
    codes.getCell(1, col).font = { bold: true };
    codes.getColumn(col).width = Math.max(12, ...c.codes!.map((v) => v.length * 2 + 2));
    c.codes!.forEach((v, j) => {
      codes.getCell(j + 2, col).value = v;
    });
    // A drop-down list on the data rows of the main sheet.
    const target = colLetter(registryColumns.indexOf(c) + 1);
    const source = `代码表!$${colLetter(col)}$2:$${colLetter(col)}$${c.codes!.length + 1}`;
    for (let r = 2; r <= 501; r += 1) {
      sheet.getCell(`${target}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [source],
        showErrorMessage: false,
      };
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The uploaded .xlsx with `错误信息` after the last column of its first sheet (header row and error rows). */
export async function xlsxErrorWorkbook(source: Readable, errors: ReadonlyMap<number, string>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.read(source);
  const sheet = wb.worksheets[0]!;
  const head: { rowNumber: number; cells: Cell[] }[] = [];
  for (let r = 1; r <= Math.min(headerScanRows, sheet.rowCount); r += 1) {
    const values = sheet.getRow(r).values as unknown[];
    head.push({ rowNumber: r, cells: values.slice(1).map(plainCell) });
  }
  const layout = findHeader(head);
  const col = sheet.columnCount + 1;
  const h = sheet.getCell(layout?.lastHeaderRow ?? 1, col);
  h.value = errorColumnHeader;
  h.font = { bold: true, color: { argb: 'FFC00000' } };
  sheet.getColumn(col).width = 60;
  for (const [rowNumber, message] of errors) {
    const c = sheet.getCell(rowNumber, col);
    c.value = message;
    c.font = { color: { argb: 'FFC00000' } };
    c.alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The uploaded CSV with `错误信息` as its last column (UTF-8 with BOM, so Excel opens it in Chinese). */
export function csvErrorFile(source: Readable, errors: ReadonlyMap<number, string>): Readable {
  const line = (row: SheetRow, extra: string) =>
    `${[...row.cells.map((c) => String(c ?? '')), extra].map(csvField).join(',')}\r\n`;
  async function* lines(): AsyncGenerator<string> {
    yield '\uFEFF';
    const scanner = new HeaderScanner();
    const held: SheetRow[] = [];
    const extraOf = (row: SheetRow) =>
      row.rowNumber === scanner.layout?.lastHeaderRow ? errorColumnHeader : (errors.get(row.rowNumber) ?? '');
    for await (const row of csvRows(source)) {
      if (scanner.layout) {
        yield line(row, extraOf(row));
        continue;
      }
      held.push(row);
      let decided: boolean;
      try {
        decided = scanner.push(row) !== null;
      } catch {
        decided = true; // no header: the rows go out as they are
      }
      if (decided || held.length >= headerScanRows) for (const h of held.splice(0)) yield line(h, extraOf(h));
    }
    for (const h of held) yield line(h, extraOf(h));
  }
  return Readable.from(lines());
}
