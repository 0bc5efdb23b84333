import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Executor } from './client';

/*
 * COPY … FROM STDIN for bulk paths on PostgreSQL (several times faster than a JSON statement per chunk).
 * PGlite has no COPY from a client stream: callers keep their set-based INSERT for it.
 */

/** A value in COPY's text format: \N for null, backslash escapes; dates as ISO, objects as JSON. */
export function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s =
    v instanceof Date
      ? v.toISOString()
      : typeof v === 'boolean'
        ? v
          ? 't'
          : 'f'
        : typeof v === 'number' || typeof v === 'string'
          ? String(v)
          : JSON.stringify(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Writes the rows (each a list of values in `columns` order) into `table` with one COPY. */
export async function copyInto(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Promise<void> {
  let text = '';
  for (const r of rows) text += `${r.map(copyField).join('\t')}\n`;
  if (text === '') return;
  const names = columns.map((c) => `"${c}"`).join(', ');
  await pipeline(Readable.from([text]), client.query(copyFrom(`copy "${table}" (${names}) from stdin`)));
}

/**
 * The node-postgres client under an executor that is a transaction (drizzle keeps it on the session), or null
 * (PGlite, or the pool itself: COPY must run on the transaction's own connection).
 */
export function copyClientOf(ex: Executor): pg.ClientBase | null {
  const client = (ex as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : null;
}
