import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { findHeader, HeaderScanner, parseDate, readRow, type Cell, type RowContext } from './registry-rows';
import { CsvRecordParser, detectCsvEncoding } from './csv-reader';

describe('CSV records (RFC 4180)', () => {
  it('splits quoted fields with commas, quotes and line breaks, across chunks', () => {
    const p = new CsvRecordParser();
    const text = 'a,"b,1","say ""hi""",\r\n"multi\nline",x\nlast';
    const out: string[][] = [];
    for (const ch of text) out.push(...p.push(ch)); // one character at a time
    out.push(...p.end());
    expect(out).toEqual([['a', 'b,1', 'say "hi"', ''], ['multi\nline', 'x'], ['last']]);
  });

  it('tells UTF-8 from GBK by the first bytes', () => {
    expect(detectCsvEncoding(Buffer.from('\uFEFF户编号', 'utf8'))).toBe('utf-8');
    expect(detectCsvEncoding(Buffer.from('户编号', 'utf8'))).toBe('utf-8');
    expect(detectCsvEncoding(Buffer.from([0xbb, 0xa7, 0xb1, 0xe0, 0xba, 0xc5]))).toBe('gb18030'); // 户编号 in GBK
  });
});

describe('registry rows', () => {
  it('reads dates as Excel stores them and as people type them', () => {
    expect(parseDate(new Date(Date.UTC(2022, 2, 1)))).toBe('2022-03-01');
    expect(parseDate(44621)).toBe('2022-03-01'); // Excel serial
    expect(parseDate('2022/3/1')).toBe('2022-03-01');
    expect(parseDate('2022年3月1日')).toBe('2022-03-01');
    expect(parseDate('20220301')).toBe('2022-03-01');
    expect(parseDate('2022.03.01')).toBe('2022-03-01');
    expect(parseDate('2022-02-30')).toBe('invalid');
    expect(parseDate('下月')).toBe('invalid');
    expect(parseDate(null)).toBeNull();
  });

  it('finds a two-row header below title rows and waits for the row under the first header row', () => {
    const rows: { rowNumber: number; cells: Cell[] }[] = [
      { rowNumber: 1, cells: ['石城县易地扶贫搬迁户花名册'] },
      { rowNumber: 2, cells: ['户编号', '乡镇', '安置点', '家庭成员', null, null] },
      { rowNumber: 3, cells: [null, null, null, '姓名', '身份证号码', '与户主关系'] },
      { rowNumber: 4, cells: ['H0001', '琴江镇', '某点', '张三', '1', '户主'] },
    ];
    const scanner = new HeaderScanner();
    expect(scanner.push(rows[0]!)).toBeNull();
    expect(scanner.push(rows[1]!)).toBeNull(); // the next row may belong to the header
    expect(scanner.push(rows[2]!)).toEqual([]);
    expect(scanner.layout!.lastHeaderRow).toBe(3);
    expect([...scanner.layout!.columns.values()]).toEqual([
      'householdNumber',
      'township',
      'site',
      'name',
      'idNumber',
      'relation',
    ]);
    expect(findHeader([rows[0]!])).toBeNull();
  });

  it('lets member rows inherit the household columns and reports Excel numbers and codes with the row', () => {
    const layout = findHeader([
      {
        rowNumber: 1,
        cells: [
          '户编号',
          '搬迁类型',
          '安置方式',
          '迁出地（村）',
          '搬迁年份',
          '安置房类型',
          '姓名',
          '身份证号',
          '与户主关系',
          '劳动能力',
        ],
      },
    ])!;
    const ctx: RowContext = { today: '2022-03-15', current: null };
    const id = makeIdNumber('360735', '19800101', 11);
    const hh = ['H0001', '搬迁脱贫户', '分散安置', '琴江镇某村', '2019年', '一户一宅'];
    const head = readRow(2, [...hh, '张三', id, '户主', '普通劳动力'], layout, ctx)!;
    const member = readRow(
      3,
      [null, null, null, null, null, null, '李四', 3.60735198001011e17, '之女', '很强'],
      layout,
      ctx,
    )!;
    expect(head.errors).toEqual([]);
    expect(member.householdNumber).toBe('H0001');
    expect(member.household.category).toBe('搬迁脱贫户');
    expect(member.person.relation).toBe('女');
    expect(member.errors).toEqual([
      '第3行：身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本后重新填写',
      '第3行：劳动能力“很强”不在代码表中（可填：普通劳动力、技能劳动力、弱劳动力或半劳动力、丧失劳动力、无劳动力）',
    ]);
    expect(head.household.relocationYear).toBe(2019);
    expect(readRow(4, Array<Cell>(10).fill(null), layout, ctx)).toBeNull();
  });
});
