import Module, { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { TextDecoder } from 'node:util';

/*
 * exceljs 4.4's streaming reader decodes each chunk of a sheet's XML on its own (lib/utils/parse-sax.js), so a
 * Chinese character split between two 16 KB chunks turns into U+FFFD (exceljs issues #2063, #2084): about one
 * row in a thousand of a large registry workbook came out as "搬���脱贫户". Until that is fixed upstream, this
 * module puts a copy of parse-sax that decodes as a stream into the module cache. It only works when it runs
 * before exceljs is first loaded in the thread: the parse worker imports it first.
 */

const require = createRequire(import.meta.url);
const target = require.resolve('exceljs/lib/utils/parse-sax.js');
const fromExceljs = createRequire(target);

interface SaxesLike {
  on(event: string, fn: (value: unknown) => void): void;
  write(s: string): void;
}

async function* parseSax(input: AsyncIterable<Buffer | string> & { pipe?: unknown }) {
  let iterable: AsyncIterable<Buffer | string> = input;
  if (typeof input.pipe === 'function' && !(Symbol.asyncIterator in input))
    iterable = (input as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
  const { SaxesParser } = fromExceljs('saxes') as { SaxesParser: new () => SaxesLike };
  const parser = new SaxesParser();
  let error: unknown;
  let events: { eventType: string; value: unknown }[] = [];
  parser.on('error', (err) => (error = err));
  for (const eventType of ['opentag', 'text', 'closetag'])
    parser.on(eventType, (value) => events.push({ eventType, value }));
  const decoder = new TextDecoder('utf-8');
  const feed = (s: string) => {
    parser.write(s);
    if (error) throw error instanceof Error ? error : new Error('XML 解析失败');
    const out = events;
    events = [];
    return out;
  };
  for await (const chunk of iterable)
    yield feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  const rest = decoder.decode();
  if (rest) yield feed(rest);
}

/** True when the fixed reader is in place for this thread (false: exceljs was loaded before it). */
export const exceljsUtf8Fixed: boolean = (() => {
  const cache = require.cache;
  if (cache[target]) return (cache[target].exports as { utf8Fixed?: boolean }).utf8Fixed === true;
  const m = new Module(target);
  m.filename = target;
  m.loaded = true;
  m.exports = Object.assign(parseSax, { utf8Fixed: true });
  cache[target] = m;
  return true;
})();
