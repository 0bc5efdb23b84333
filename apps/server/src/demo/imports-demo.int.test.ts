import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatch, ImportRowPage } from '@anzhi/contracts/imports';
import { uuidv7 } from '@anzhi/domain/ids';
import { Agent, buildTestApp, engine, engineUnavailable, type TestApp } from '../test/harness';
import { auditedTransaction, systemActor } from '../platform/audit/audit.service';
import { sites } from '../modules/org/org.table';
import { resolveUnitName } from '../modules/org/units.service';
import { insertAssignment } from '../modules/users/role-assignments.service';
import { insertUser } from '../modules/users/users.service';
import { demoAccounts, demoPassword } from './accounts';
import { loadImportsDemo } from './imports-demo';
import { demoSites } from './sites';

/** The imports part of the demo on its own: an applied batch and a dry run with every kind of row. */
describe.skipIf(engineUnavailable())(`imports demo on ${engine}`, () => {
  let t: TestApp;
  const siteIds = new Map<string, string>();

  beforeAll(async () => {
    t = await buildTestApp();
    await auditedTransaction(t.deps.db, t.deps.clock, systemActor, 'demo.load', async (tx) => {
      for (const { key, ...fields } of demoSites) {
        const id = uuidv7();
        await tx.insert(sites).values({ id, ...fields, countyCode: t.deps.config.countyCode, status: 'active' });
        siteIds.set(key, id);
      }
      for (const a of demoAccounts) {
        const id = await insertUser(tx, t.deps, {
          username: a.username,
          displayName: a.displayName,
          password: demoPassword,
          roles: a.assignments ? [] : [a.role],
          mustChangePassword: false,
          isDemo: true,
        });
        for (const s of a.assignments ?? []) {
          const unit = s.unit ? await resolveUnitName(tx, s.unit) : undefined;
          const scope = { divisionCode: s.divisionCode ?? null, unitId: unit?.id ?? null };
          await insertAssignment(
            tx,
            id,
            { role: s.role, ...scope, siteId: s.site ? siteIds.get(s.site)! : null },
            t.clock.now(),
          );
        }
      }
    });
    await loadImportsDemo(t.deps, siteIds);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  async function signIn(username: string) {
    const a = new Agent(t.app);
    expect((await a.login(username, demoPassword)).statusCode).toBe(200);
    return a;
  }

  it('shows an applied batch and a dry run with new, changed, unchanged and error rows', async () => {
    const gly = await signIn('gly');
    const list = (await gly.get('/api/v1/imports')).json<{ items: ImportBatch[] }>().items;
    expect(list.map((b) => b.status).sort()).toEqual(['applied', 'parsed']);
    const applied = list.find((b) => b.status === 'applied')!;
    expect(applied.counts.householdsApplied).toBe(8);
    const dry = list.find((b) => b.status === 'parsed')!;
    expect(dry.counts.error).toBeGreaterThanOrEqual(3);
    expect(dry.counts.changed).toBeGreaterThanOrEqual(2);
    expect(dry.counts.unchanged).toBeGreaterThanOrEqual(1);
    expect(dry.counts.new).toBeGreaterThanOrEqual(1);
    expect(dry.abilities.confirm).toBe(true);
    const errors = (await gly.get(`/api/v1/imports/${dry.id}/rows?class=error`)).json<ImportRowPage>().items;
    expect(errors.flatMap((r) => r.errors).join()).toMatch(/校验码错误/);
    // County leads see every batch.
    const lead = await signIn('xczx');
    expect((await lead.get('/api/v1/imports')).json<{ total: number }>().total).toBe(2);
  });
});
