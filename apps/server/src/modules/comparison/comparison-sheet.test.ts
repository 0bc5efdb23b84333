import { describe, expect, it } from 'vitest';
import { comparisonCatalogue } from '@anzhi/contracts/comparison';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { hintsOf, layoutOf, normalizeHeader, parseDateCell, parseNumberCell, readDataRow } from './comparison-sheet';

const medical = comparisonCatalogue.find((k) => k.key === 'yb_medical')!.columns;
const id = makeIdNumber('360735', '19700304', 123);
const fw = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('department sheet mapping', () => {
  it('normalises headers: full-width, spaces, line breaks, a trailing unit', () => {
    expect(normalizeHeader('个人自付（元）')).toBe(normalizeHeader('个人自付'));
    expect(normalizeHeader(' 姓\n名 ')).toBe('姓名');
    expect(normalizeHeader('*身份证号码')).toBe('身份证号码');
  });

  it('finds the columns among extra and reordered ones; a title row is not a header', () => {
    expect(layoutOf(['2026年3月医疗费用明细表'], medical, new Map()).ok).toBe(false);
    const r = layoutOf(['序号', '个人负担（元）', '医院', '公民身份号码', '姓 名'], medical, new Map());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.fromEntries(r.layout.columns)).toEqual({ outOfPocket: 1, idNumber: 3, name: 4 });
    expect(r.layout.ignored).toEqual(['序号', '医院']);
  });

  it('reports the missing required columns, and a supplied mapping fills them', () => {
    const cells = ['证件', '自付部分'];
    expect(layoutOf(cells, medical, new Map())).toEqual({ ok: false, missing: ['身份证号码', '个人自付'] });
    const r = layoutOf(cells, medical, hintsOf({ 证件: 'idNumber', 自付部分: 'outOfPocket' }));
    expect(r.ok && r.layout.mapping).toEqual({ 证件: 'idNumber', 自付部分: 'outOfPocket' });
  });

  it('reads a row: full-width ID, amounts with separators, dates in several forms; says why a row is invalid', () => {
    const r = layoutOf(['身份证号码', '姓名', '就诊日期', '个人自付'], medical, new Map());
    if (!r.ok) throw new Error('layout');
    const ok = readDataRow([fw(id), '赖春生', '2026年3月2日', '1,234.50元'], r.layout, medical, '2026-03-10');
    expect(ok).toMatchObject({
      kind: 'row',
      idNumber: id,
      name: '赖春生',
      values: { visitDate: '2026-03-02', outOfPocket: 1234.5 },
    });
    expect(readDataRow([id, '', '', ''], r.layout, medical, '2026-03-10')).toMatchObject({
      kind: 'invalid',
      reason: '缺少个人自付',
    });
    expect(readDataRow([3.60735197003041e17, '', '', 5], r.layout, medical, '2026-03-10')).toMatchObject({
      kind: 'invalid',
    });
    expect(readDataRow([null, '', '', null], r.layout, medical, '2026-03-10')).toEqual({ kind: 'empty' });
    expect(parseDateCell(46083)).toBe('2026-03-02');
    expect(parseDateCell('20260302')).toBe('2026-03-02');
    expect(parseNumberCell('１２３')).toBe(123);
  });
});
