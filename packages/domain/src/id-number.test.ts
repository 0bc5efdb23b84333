import { describe, it, expect } from 'vitest';
import {
  ageOn,
  checkIdNumber,
  checkMobilePhone,
  idCheckDigit,
  idNumberReasons,
  isPlausibleRegionCode,
  isValidIdNumber,
  makeIdNumber,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  toHalfWidth,
  type IdNumberCheck,
  type IdNumberErrorCode,
} from './id-number';

const TODAY = '2024-06-15';

/** Converts ASCII digits/letters/spaces to their full-width forms. */
function toFullWidth(s: string): string {
  return s.replace(/[!-~ ]/g, (ch) => (ch === ' ' ? '\u3000' : String.fromCharCode(ch.charCodeAt(0) + 0xfee0)));
}

function expectFailure(result: IdNumberCheck, code: IdNumberErrorCode): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.code).toBe(code);
    expect(result.reason).toBe(idNumberReasons[code]);
  }
}

/** Replaces the check character with a wrong one. */
function withWrongCheck(id: string): string {
  const right = id.slice(-1);
  const wrong = right === '1' ? '2' : '1';
  return id.slice(0, 17) + wrong;
}

describe('idCheckDigit', () => {
  it('matches the GB 11643-1999 examples', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(idCheckDigit('44052418800101001')).toBe('4');
  });

  it('produces every possible check character', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq += 1) {
      seen.add(idCheckDigit(`36073519900101${String(seq).padStart(3, '0')}`));
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('rejects input that is not 17 digits', () => {
    expect(() => idCheckDigit('1234')).toThrow(RangeError);
    expect(() => idCheckDigit('1101051949123100X')).toThrow(RangeError);
  });
});

describe('makeIdNumber', () => {
  it('builds numbers with the correct check character', () => {
    expect(makeIdNumber('110105', '19491231', '002')).toBe('11010519491231002X');
    expect(makeIdNumber('440524', '18800101', '001')).toBe('440524188001010014');
  });

  it('accepts a dashed birth date and a numeric sequence', () => {
    expect(makeIdNumber('110105', '1949-12-31', 2)).toBe('11010519491231002X');
    expect(makeIdNumber('360735', '19900101', 0)).toBe(makeIdNumber('360735', '19900101', '000'));
  });

  it('validates formats only', () => {
    expect(() => makeIdNumber('36073', '19900101', '001')).toThrow(/地区码/);
    expect(() => makeIdNumber('360735', '1990011', '001')).toThrow(/出生日期/);
    expect(() => makeIdNumber('360735', '19900101', '01')).toThrow(/顺序码/);
    expect(() => makeIdNumber('360735', '19900101', 1000)).toThrow(/顺序码/);
    expect(() => makeIdNumber('360735', '19900101', 1.5)).toThrow(/顺序码/);
    // Implausible but well-formed values are allowed (for negative test data).
    expect(makeIdNumber('990000', '19900231', '001')).toHaveLength(18);
  });
});

describe('normalizeIdNumber', () => {
  it('trims, converts full width, removes inner spaces and upper-cases x', () => {
    expect(normalizeIdNumber('  11010519491231002x ')).toBe('11010519491231002X');
    expect(normalizeIdNumber(toFullWidth('11010519491231002x'))).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105 19491231 002X')).toBe('11010519491231002X');
    expect(normalizeIdNumber('\u3000110105\u300019491231002Ｘ\u3000')).toBe('11010519491231002X');
    expect(normalizeIdNumber('\t110105\u00a019491231\u200b002x\n')).toBe('11010519491231002X');
    expect(normalizeIdNumber("'11010519491231002X")).toBe('11010519491231002X');
    expect(normalizeIdNumber('')).toBe('');
  });

  it('does not validate', () => {
    expect(normalizeIdNumber('abc')).toBe('ABC');
  });
});

describe('toHalfWidth', () => {
  it('converts full-width ASCII and the ideographic space only', () => {
    expect(toHalfWidth('０１２３４５６７８９ＡＢＣａｂｃ（）－＋\u3000')).toBe('0123456789ABCabc()-+ ');
    expect(toHalfWidth('中文不变')).toBe('中文不变');
  });
});

describe('checkIdNumber: valid numbers', () => {
  it('accepts numbers built with makeIdNumber and extracts birth date, sex and region', () => {
    const male = makeIdNumber('360735', '19900101', '011');
    const r = checkIdNumber(male, TODAY);
    expect(r).toEqual({ ok: true, value: male, birthDate: '1990-01-01', sex: 'male', regionCode: '360735' });

    const female = makeIdNumber('110105', '19491231', '002');
    expect(checkIdNumber(female, TODAY)).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
  });

  it('decides sex by the parity of the 17th digit', () => {
    for (let seq = 0; seq < 20; seq += 1) {
      const id = makeIdNumber('360735', '19851120', seq);
      const r = checkIdNumber(id, TODAY);
      expect(r.ok && r.sex).toBe(seq % 2 === 1 ? 'male' : 'female');
    }
  });

  it('accepts valid numbers across province prefixes and birth years', () => {
    const regions = [
      '110105',
      '130102',
      '150102',
      '210102',
      '230102',
      '310101',
      '370102',
      '410102',
      '460105',
      '500101',
      '540102',
      '610102',
      '650102',
      '710000',
      '810000',
      '820000',
      '830000',
      '360735',
    ];
    for (const region of regions) {
      for (const birth of ['19000101', '19491001', '19991231', '20000229', '20240615']) {
        const id = makeIdNumber(region, birth, '123');
        expect(checkIdNumber(id, TODAY).ok, id).toBe(true);
      }
    }
  });

  it('accepts full-width input, spaces and lowercase x', () => {
    const id = '11010519491231002X';
    expect(checkIdNumber(toFullWidth(id), TODAY)).toMatchObject({ ok: true, value: id });
    expect(checkIdNumber(toFullWidth(id.toLowerCase()), TODAY)).toMatchObject({ ok: true, value: id });
    expect(checkIdNumber('11010519491231002x', TODAY)).toMatchObject({ ok: true, value: id });
    expect(checkIdNumber(' 110105 1949 1231 002x ', TODAY)).toMatchObject({ ok: true, value: id });
    expect(checkIdNumber('\u3000110105\u300019491231002ｘ', TODAY)).toMatchObject({ ok: true, value: id });
  });

  it('accepts Feb 29 only in leap years', () => {
    expect(checkIdNumber(makeIdNumber('360735', '20000229', '001'), TODAY).ok).toBe(true); // divisible by 400
    expect(checkIdNumber(makeIdNumber('360735', '19960229', '001'), TODAY).ok).toBe(true);
    expect(checkIdNumber(makeIdNumber('360735', '20240229', '001'), TODAY).ok).toBe(true);
    expectFailure(checkIdNumber(makeIdNumber('360735', '19990229', '001'), TODAY), 'birth_date');
    expectFailure(checkIdNumber(makeIdNumber('360735', '19000229', '001'), TODAY), 'birth_date'); // 1900 is not leap
    expectFailure(checkIdNumber(makeIdNumber('360735', '21000229', '001'), '2200-01-01'), 'birth_date');
  });

  it('accepts a birth date equal to today and compares with a Date for today in Shanghai time', () => {
    const id = makeIdNumber('360735', '20240615', '001');
    expect(checkIdNumber(id, '2024-06-15').ok).toBe(true);
    expectFailure(checkIdNumber(id, '2024-06-14'), 'birth_date');
    // 2024-06-14T16:00Z is already June 15 in Shanghai.
    expect(checkIdNumber(id, new Date('2024-06-14T16:00:00Z')).ok).toBe(true);
    expectFailure(checkIdNumber(id, new Date('2024-06-14T15:59:59Z')), 'birth_date');
  });

  it('defaults today to the current date', () => {
    expect(checkIdNumber(makeIdNumber('360735', '19900101', '001')).ok).toBe(true);
    expectFailure(checkIdNumber(makeIdNumber('360735', '99991231', '001')), 'birth_date');
  });

  it('rejects an invalid today argument', () => {
    expect(() => checkIdNumber(makeIdNumber('360735', '19900101', '001'), '2024-13-01')).toThrow(RangeError);
  });

  it('exposes a boolean form', () => {
    expect(isValidIdNumber('11010519491231002X', TODAY)).toBe(true);
    expect(isValidIdNumber('110105194912310021', TODAY)).toBe(false);
  });
});

describe('checkIdNumber: failures', () => {
  it('rejects empty input', () => {
    expectFailure(checkIdNumber('', TODAY), 'empty');
    expectFailure(checkIdNumber('   \u3000 ', TODAY), 'empty');
    expectFailure(checkIdNumber(undefined as unknown as string, TODAY), 'empty');
  });

  it('refuses 15-digit legacy numbers', () => {
    const r = checkIdNumber('360735900101123', TODAY);
    expectFailure(r, 'legacy_15');
    expect(!r.ok && r.reason).toBe('15 位旧身份证号码不再受理，请使用 18 位号码');
    expectFailure(checkIdNumber(360735900101123, TODAY), 'legacy_15');
  });

  it('rejects wrong lengths', () => {
    const id = makeIdNumber('360735', '19900101', '011');
    for (const bad of [id.slice(0, 17), id + '1', id.slice(0, 16), '1', '1234567890123456', '36073519900101123X1']) {
      const r = checkIdNumber(bad, TODAY);
      expectFailure(r, 'length');
      expect(!r.ok && r.reason).toBe('长度应为 18 位');
    }
  });

  it('rejects illegal characters', () => {
    const cases = [
      '36073519900101101A',
      '3607351990-0101011',
      '36073519900101101？',
      '36073519900101101/',
      '36073519X00101101X',
      'X60735199001011011',
      '身份证号码',
      '360735.19900101011',
    ];
    for (const bad of cases) {
      const r = checkIdNumber(bad, TODAY);
      expectFailure(r, 'illegal_char');
      expect(!r.ok && r.reason).toBe('含有非法字符');
    }
  });

  it('rejects implausible region codes', () => {
    for (const region of [
      '000000',
      '100000',
      '160101',
      '200101',
      '240101',
      '300101',
      '380101',
      '400101',
      '470101',
      '490101',
      '550101',
      '600101',
      '660101',
      '700101',
      '720101',
      '800101',
      '840101',
      '910101',
      '990101',
    ]) {
      const r = checkIdNumber(makeIdNumber(region, '19900101', '001'), TODAY);
      expectFailure(r, 'region');
      expect(!r.ok && r.reason).toBe('地区码无效');
    }
  });

  it('checks only the province format of the region code', () => {
    expect(isPlausibleRegionCode('110105')).toBe(true);
    expect(isPlausibleRegionCode('119999')).toBe(true); // not checked against a division tree
    expect(isPlausibleRegionCode('830000')).toBe(true);
    expect(isPlausibleRegionCode('11010')).toBe(false);
    expect(isPlausibleRegionCode('1101051')).toBe(false);
    expect(isPlausibleRegionCode('5X0101')).toBe(false);
  });

  it('rejects invalid birth dates', () => {
    const cases: Array<[string, string]> = [
      ['19901301', 'month 13'],
      ['19900001', 'month 0'],
      ['19900100', 'day 0'],
      ['19900132', 'day 32'],
      ['19900431', 'April 31'],
      ['18991231', 'before 1900'],
      ['08990101', 'year 0899'],
      ['20240616', 'after today'],
      ['20300101', 'far future'],
    ];
    for (const [birth, label] of cases) {
      const r = checkIdNumber(makeIdNumber('360735', birth, '001'), TODAY);
      expect(r.ok, label).toBe(false);
      expectFailure(r, 'birth_date');
      expect(!r.ok && r.reason).toBe('出生日期无效');
    }
    expect(checkIdNumber(makeIdNumber('360735', '19000101', '001'), TODAY).ok).toBe(true);
  });

  it('rejects a wrong check character', () => {
    const id = makeIdNumber('360735', '19900101', '011');
    const r = checkIdNumber(withWrongCheck(id), TODAY);
    expectFailure(r, 'check_digit');
    expect(!r.ok && r.reason).toBe('校验码错误');
    expectFailure(checkIdNumber('110105194912310021', TODAY), 'check_digit');
    // The GB 11643 example 440524188001010014 is born in 1880: refused for the date, not the check character.
    expectFailure(checkIdNumber('440524188001010014', TODAY), 'birth_date');
  });

  it('detects single-digit typos and adjacent transpositions via the check character', () => {
    const id = makeIdNumber('360735', '19900101', '011');
    // Change a sequence digit (keeps region and date valid).
    const typo = id.slice(0, 15) + String((Number(id[15]) + 1) % 10) + id.slice(16);
    expectFailure(checkIdNumber(typo, TODAY), 'check_digit');
    const swapped = id.slice(0, 14) + id[15] + id[14] + id.slice(16);
    if (swapped !== id) expectFailure(checkIdNumber(swapped, TODAY), 'check_digit');
  });
});

describe('checkIdNumber: numbers mangled by Excel', () => {
  const reason = '身份证号码被 Excel 存成了数字，末尾数字已丢失，请将该列设为文本后重新填写';

  it('refuses scientific notation', () => {
    for (const bad of [
      '3.60735199001011E+17',
      '3.60735199001011e+17',
      '3.60735E+17',
      '3.60735199001011E17',
      ' 3.60735199001011E+17 ',
    ]) {
      const r = checkIdNumber(bad, TODAY);
      expectFailure(r, 'excel_number');
      expect(!r.ok && r.reason).toBe(reason);
    }
  });

  it('refuses an 18-digit value whose last digits were zeroed', () => {
    // What Excel gives back for 360735199001011234 typed into a numeric cell.
    const lost = '360735199001011000';
    expect(idCheckDigit(lost.slice(0, 17))).not.toBe('0');
    const r = checkIdNumber(lost, TODAY);
    expectFailure(r, 'excel_number');
    expect(!r.ok && r.reason).toBe(reason);
  });

  it('refuses decimal and thousands-separated renderings', () => {
    expectFailure(checkIdNumber('360735199001011000.0', TODAY), 'excel_number');
    expectFailure(checkIdNumber('360735199001011000.', TODAY), 'excel_number');
    expectFailure(checkIdNumber('360,735,199,001,011,000', TODAY), 'excel_number');
  });

  it('refuses JavaScript numbers read from a numeric cell', () => {
    expectFailure(checkIdNumber(360735199001011000, TODAY), 'excel_number');
    expectFailure(checkIdNumber(3.60735199001011e17, TODAY), 'excel_number');
    expectFailure(checkIdNumber(1234567890123456, TODAY), 'excel_number');
    expectFailure(checkIdNumber(Number.NaN, TODAY), 'illegal_char');
    expectFailure(checkIdNumber(-5, TODAY), 'illegal_char');
    expectFailure(checkIdNumber(12.5, TODAY), 'illegal_char');
  });

  it('still accepts a genuine number ending in 000 when its check character is right', () => {
    // Sequence 000 with check character 0 is a well-formed number.
    let found: string | undefined;
    for (let day = 1; day <= 28 && !found; day += 1) {
      const id = makeIdNumber('360735', `199001${String(day).padStart(2, '0')}`, '000');
      if (id.endsWith('0000')) found = id;
    }
    for (let region = 360700; region < 360800 && !found; region += 1) {
      const id = makeIdNumber(String(region), '19900101', '000');
      if (id.endsWith('0000')) found = id;
    }
    expect(found).toBeDefined();
    expect(checkIdNumber(found ?? '', TODAY).ok).toBe(true);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 of an 18-character number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber(' 360735199001010112 ')).toBe('360735********0112');
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18);
  });

  it('keeps the first 2 and last 2 for other lengths', () => {
    expect(maskIdNumber('360735900101123')).toBe('36***********23');
    expect(maskIdNumber('12345')).toBe('12*45');
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskIdNumber('12')).toBe('**');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('masks 11-digit mobiles as first 3 + **** + last 4', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone(' 138 0013 8000 ')).toBe('138****8000');
    expect(maskPhone('+86 13800138000')).toBe('138****8000');
  });

  it('masks landlines keeping area code and last 4 digits', () => {
    expect(maskPhone('0797-1234567')).toBe('0797-***4567');
    expect(maskPhone('021-12345678')).toBe('021-****5678');
  });

  it('masks anything else keeping 2 + 2', () => {
    expect(maskPhone('12345')).toBe('12*45');
    expect(maskPhone('abc')).toBe('***');
  });
});

describe('ageOn', () => {
  it('counts completed years', () => {
    expect(ageOn('1990-06-15', '2024-06-14')).toBe(33);
    expect(ageOn('1990-06-15', '2024-06-15')).toBe(34);
    expect(ageOn('1990-06-15', '2024-12-31')).toBe(34);
    expect(ageOn('1990-12-31', '2024-01-01')).toBe(33);
    expect(ageOn('2024-06-15', '2024-06-15')).toBe(0);
    expect(ageOn('2006-06-15', '2024-06-15')).toBe(18);
    expect(ageOn('2006-06-15', '2024-06-14')).toBe(17);
  });

  it('handles Feb 29 birthdays', () => {
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-28')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });

  it('rejects invalid dates and dates before birth', () => {
    expect(() => ageOn('1990-02-30', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('1990-01-01', '2024/01/01')).toThrow(RangeError);
    expect(() => ageOn('2024-01-02', '2024-01-01')).toThrow(/早于出生日期/);
  });

  it('works with a birth date taken from an ID number', () => {
    const r = checkIdNumber(makeIdNumber('360735', '20000229', '002'), TODAY);
    expect(r.ok && ageOn(r.birthDate, TODAY)).toBe(24);
  });
});

describe('checkMobilePhone', () => {
  it('accepts mainland mobiles 13x–19x and normalises them', () => {
    for (const prefix of ['13', '14', '15', '16', '17', '18', '19']) {
      const n = `${prefix}912345678`;
      expect(checkMobilePhone(n)).toEqual({ ok: true, value: n, kind: 'mobile' });
    }
    expect(checkMobilePhone(' 138 0013 8000 ')).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
    expect(checkMobilePhone('138-0013-8000')).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
    expect(checkMobilePhone(toFullWidth('13800138000'))).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
    expect(checkMobilePhone('+86 138 0013 8000')).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
    expect(checkMobilePhone('+86-13800138000')).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
    expect(checkMobilePhone('008613800138000')).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
    expect(checkMobilePhone(13800138000)).toEqual({ ok: true, value: '13800138000', kind: 'mobile' });
  });

  it('accepts landlines with area code and normalises them to AREA-LOCAL', () => {
    expect(checkMobilePhone('0797-1234567')).toEqual({ ok: true, value: '0797-1234567', kind: 'landline' });
    expect(checkMobilePhone('0797-12345678')).toEqual({ ok: true, value: '0797-12345678', kind: 'landline' });
    expect(checkMobilePhone('(0797)1234567')).toEqual({ ok: true, value: '0797-1234567', kind: 'landline' });
    expect(checkMobilePhone('（0797）1234567')).toEqual({ ok: true, value: '0797-1234567', kind: 'landline' });
    expect(checkMobilePhone('0797 1234567')).toEqual({ ok: true, value: '0797-1234567', kind: 'landline' });
    expect(checkMobilePhone('07971234567')).toEqual({ ok: true, value: '0797-1234567', kind: 'landline' });
    expect(checkMobilePhone('010-87654321')).toEqual({ ok: true, value: '010-87654321', kind: 'landline' });
    expect(checkMobilePhone('02112345678')).toEqual({ ok: true, value: '021-12345678', kind: 'landline' });
    expect(checkMobilePhone('０７９７－１２３４５６７')).toEqual({ ok: true, value: '0797-1234567', kind: 'landline' });
  });

  it('gives specific Chinese reasons for bad numbers', () => {
    const reasonOf = (raw: string): string => {
      const r = checkMobilePhone(raw);
      return r.ok ? '' : r.reason;
    };
    expect(reasonOf('')).toBe('电话号码不能为空');
    expect(reasonOf('  ')).toBe('电话号码不能为空');
    expect(reasonOf('138001380ab')).toBe('电话号码含有非法字符');
    expect(reasonOf('电话13800138000')).toBe('电话号码含有非法字符');
    expect(reasonOf('1380013800')).toBe('手机号码应为 11 位');
    expect(reasonOf('138001380001')).toBe('手机号码应为 11 位');
    expect(reasonOf('12800138000')).toBe('手机号码号段无效，应以 13–19 开头');
    expect(reasonOf('10800138000')).toBe('手机号码号段无效，应以 13–19 开头');
    expect(reasonOf('+86 0797 1234567')).toBe('手机号码格式无效，应为 11 位数字');
    expect(reasonOf('1234567')).toBe('手机号码应为 11 位');
    expect(reasonOf('7654321')).toBe('固定电话缺少区号，如 0797-1234567');
    expect(reasonOf('87654321')).toBe('固定电话缺少区号，如 0797-1234567');
    expect(reasonOf('079-71234567')).toBe('区号“079”无效');
    expect(reasonOf('0797-0234567')).toMatch(/^固定电话号码应为 7–8 位/);
    expect(reasonOf('0797-123456')).toMatch(/^固定电话号码应为 7–8 位/);
    expect(reasonOf('0797-123456789')).toMatch(/^固定电话号码应为 7–8 位/);
    expect(reasonOf('0797')).toMatch(/^固定电话号码应为 7–8 位/);
    expect(reasonOf('0797-123-4567')).toMatch(/^电话号码格式无效/);
    expect(reasonOf('++')).toMatch(/格式无效/);
  });

  it('rejects non-integer numbers and non-strings', () => {
    expect(checkMobilePhone(1.5).ok).toBe(false);
    expect(checkMobilePhone(null as unknown as string)).toEqual({ ok: false, reason: '电话号码不能为空' });
  });
});
