import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Executor } from './client';
import { copyField } from './copy-field';

/*
 * COPY … FROM STDIN for bulk paths on PostgreSQL (several times faster than a JSON statement per chunk).
 * PGlite has no COPY from a client stream: callers keep their set-based INSERT for it.
 */

export { copyField };

/** Bytes of COPY text sent per write (bounds the memory of one statement's text). */
const copyChunkBytes = 1 << 20;

function* copyText(rows: Iterable<readonly unknown[]>): Generator<Buffer> {
  let lines: string[] = [];
  let size = 0;
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < r.length; i += 1) line += (i === 0 ? '' : '\t') + copyField(r[i]);
    lines.push(line);
    size += line.length;
    if (size >= copyChunkBytes) {
      // One flat string per chunk (a join, not a long chain of concatenations to flatten) encoded once.
      yield Buffer.from(`${lines.join('\n')}\n`);
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) yield Buffer.from(`${lines.join('\n')}\n`);
}

/** Writes the rows (each a list of values in `columns` order) into `table` with one COPY. */
export async function copyInto(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Promise<void> {
  const chunks = [...copyText(rows)];
  if (chunks.length === 0) return;
  const names = columns.map((c) => `"${c}"`).join(', ');
  await pipeline(Readable.from(chunks), client.query(copyFrom(`copy "${table}" (${names}) from stdin`)));
}

/**
 * The node-postgres client under an executor that is a transaction (drizzle keeps it on the session), or null
 * (PGlite, or the pool itself: COPY must run on the transaction's own connection).
 */
export function copyClientOf(ex: Executor): pg.ClientBase | null {
  const client = (ex as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : null;
}
