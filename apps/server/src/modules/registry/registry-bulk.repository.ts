import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Executor } from '../../db/client';
import { copyInto } from '../../db/copy';
import { householdPlacement, personHealth, personLabour } from './registry-facts.table';
import { householdLands, householdMembers, households, personEmployment, persons } from './registry.table';

/*
 * Set-based inserts for bulk paths: one statement per chunk, the rows passed as one JSON parameter and
 * expanded by json_to_recordset. One parameter instead of rows × columns, the same SQL on PostgreSQL and PGlite.
 */

const tables = {
  households,
  household_lands: householdLands,
  persons,
  household_members: householdMembers,
  person_employment: personEmployment,
  person_health: personHealth,
  person_labour: personLabour,
  household_placement: householdPlacement,
} satisfies Record<string, PgTable>;

export type BulkTable = keyof typeof tables;

export interface BulkColumn {
  /** Property name in Drizzle rows. */
  key: string;
  /** Column name in the database. */
  name: string;
  /** SQL type, e.g. 'uuid', 'numeric(8, 2)'. */
  type: string;
}

const columnCache = new Map<BulkTable, BulkColumn[]>();

/** Every column of a registry table, in declaration order. */
export function bulkColumns(table: BulkTable): BulkColumn[] {
  let cols = columnCache.get(table);
  if (!cols) {
    const columns: Record<string, PgColumn> = getTableColumns(tables[table] as PgTable);
    cols = Object.entries(columns).map(([key, c]) => ({
      key,
      name: c.name,
      type: c.getSQLType(),
    }));
    columnCache.set(table, cols);
  }
  return cols;
}

function jsonValue(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : (v ?? null);
}

/**
 * Inserts the rows (every column given) in one statement. Columns whose value is the same in every row (county,
 * timestamps, defaults) are passed once as parameters instead of in each JSON row: less to send and to parse.
 */
export async function bulkInsert(ex: Executor, table: BulkTable, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = bulkColumns(table);
  const list = rows as readonly Record<string, unknown>[];
  const first = list[0]!;
  // The first column (the id) always travels in the JSON, so the record definition is never empty.
  const constant = new Set(
    cols
      .slice(1)
      .filter((c) => {
        const v = jsonValue(first[c.key]);
        return list.every((r) => jsonValue(r[c.key]) === v);
      })
      .map((c) => c.key),
  );
  const varying = cols.filter((c) => !constant.has(c.key));
  const payload = JSON.stringify(
    list.map((r) => {
      const o: Record<string, unknown> = {};
      for (const c of varying) o[c.name] = jsonValue(r[c.key]);
      return o;
    }),
  );
  const names = sql.raw(cols.map((c) => `"${c.name}"`).join(', '));
  const values = sql.join(
    cols.map((c) =>
      constant.has(c.key) ? sql`${jsonValue(first[c.key])}::${sql.raw(c.type)}` : sql.raw(`x."${c.name}"`),
    ),
    sql`, `,
  );
  const defs = sql.raw(varying.map((c) => `"${c.name}" ${c.type}`).join(', '));
  await ex.execute(
    sql`insert into ${sql.identifier(table)} (${names}) select ${values} from json_to_recordset(${payload}::json) as x(${defs})`,
  );
}

/** The same rows through COPY … FROM STDIN on the transaction's own connection (PostgreSQL only). */
export async function bulkCopy(client: pg.ClientBase, table: BulkTable, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = bulkColumns(table);
  await copyInto(
    client,
    table,
    cols.map((c) => c.name),
    rows.map((r) => cols.map((c) => (r as Record<string, unknown>)[c.key])),
  );
}
