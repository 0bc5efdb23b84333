import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../demo/generator/registry-generator';
import { csvRows, CsvRecordTooLongError, csvSegmentRecords, csvSegments, type SheetRow } from './csv-reader';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* chunks(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    if (c > at) yield bytes.subarray(at, c);
    at = Math.max(at, c);
  }
}

const bySegments = async (source: AsyncIterable<Buffer>, segmentBytes: number): Promise<SheetRow[]> =>
  (await collect(csvSegments(source, segmentBytes))).flatMap((s) => [...csvSegmentRecords(s)]);

describe('CSV segments', () => {
  it('give the same records, with the same numbers, as the stream parser (random files, chunks and sizes)', async () => {
    const random = mulberry32(20261129);
    // Quotes, commas, line breaks (LF, CRLF, lone CR), multi-byte characters, quotes inside fields.
    const alphabet = ['a', 'b', '1', ',', ',', '"', '"', '""', '\n', '\n', '\r\n', '\r', ' ', '中', '国', '５'];
    // Every other file has no quote at all (most department files): the scanner's fast path.
    const unquoted = alphabet.filter((c) => !c.includes('"'));
    for (let round = 0; round < 600; round += 1) {
      const letters = round % 2 === 0 ? alphabet : unquoted;
      let text = random() < 0.2 ? '\ufeff' : '';
      const length = Math.floor(random() * 120);
      for (let i = 0; i < length; i += 1) text += letters[Math.floor(random() * letters.length)]!;
      const bytes = Buffer.from(text, 'utf8');
      const cuts = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * bytes.length)).sort(
        (a, b) => a - b,
      );
      const expected = await collect(csvRows(chunks(bytes, cuts)));
      const segmentBytes = 1 + Math.floor(random() * 40);
      expect(await bySegments(chunks(bytes, cuts), segmentBytes), JSON.stringify({ text, cuts, segmentBytes })).toEqual(
        expected,
      );
    }
  });

  it('refuses a record longer than the limit (a quote left open), naming where it starts', async () => {
    const text = `a,b\n1,2\n3,"open quote\n${'x,'.repeat(200)}\n`;
    const read = collect(csvSegments(chunks(Buffer.from(text), [10, 40, 80, 160, 320]), 16, 100));
    await expect(read).rejects.toThrow(CsvRecordTooLongError);
    await expect(collect(csvSegments(chunks(Buffer.from(text), [10, 40, 80, 160, 320]), 16, 100))).rejects.toThrow(
      '第 3 条记录超过',
    );
    // Within the limit the same file is read.
    expect(await bySegments(chunks(Buffer.from(text), [10, 40]), 16)).toHaveLength(3);
  });

  it('cuts a department file into several segments of whole records', async () => {
    const lines = ['\ufeff县医保局明细表', '序号,姓名,身份证号码,备注'];
    for (let i = 1; i <= 500; i += 1)
      lines.push(`${i},"张,三${i}",36073519800101${String(i).padStart(4, '0')},"第一行\n第""二""行"`);
    const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
    // Chunks as a file stream gives them (here 1,000 bytes), cut anywhere, even inside a character.
    const cuts = [1, 2, ...Array.from({ length: Math.floor(bytes.length / 1000) }, (_, i) => (i + 1) * 1000)];
    const segments = await collect(csvSegments(chunks(bytes, cuts), 4096));
    expect(segments.length).toBeGreaterThan(3);
    const rows = segments.flatMap((s) => [...csvSegmentRecords(s)]);
    expect(rows).toHaveLength(502);
    expect(rows[0]).toEqual({ rowNumber: 1, cells: ['县医保局明细表'] });
    expect(rows[501]).toEqual({
      rowNumber: 502,
      cells: ['500', '张,三500', '360735198001010500', '第一行\n第"二"行'],
    });
  });
});
