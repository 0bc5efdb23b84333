import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from './client';
import * as schema from './schema';

// drizzle-kit's programmatic API (generate would prompt on renames and hang without a terminal).
// Its published types resolve to error types under typescript-eslint, so the two calls used are typed here.
interface DrizzleKitApi {
  generateDrizzleJson(imports: Record<string, unknown>, prevId?: string): unknown;
  generateMigration(prev: unknown, cur: unknown): Promise<string[]>;
}
const require = createRequire(import.meta.url);
const kit = require('drizzle-kit/api') as DrizzleKitApi;

describe('schema and migrations', () => {
  it('agree: generating a migration from the latest snapshot yields no SQL', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
      entries: { idx: number; tag: string }[];
    };
    const last = journal.entries.at(-1)!;
    const snapshotFile = path.join(migrationsFolder, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`);
    const prev = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as { id: string };
    const cur = kit.generateDrizzleJson(schema, prev.id);
    const statements = await kit.generateMigration(prev, cur);
    expect(statements, `schema.ts differs from the committed migrations; run npm run db:generate`).toEqual([]);
  });

  it('every migration in the journal has its SQL file', () => {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    for (const e of journal.entries) expect(fs.existsSync(path.join(migrationsFolder, `${e.tag}.sql`))).toBe(true);
  });
});
