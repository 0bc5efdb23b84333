import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@anzhi/domain/ids';
import { openDatabase } from '../../db/client';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { sealAll, sealAuditEvents, verifyAuditChain } from './audit-chain';
import { auditedTransaction, maskImage, systemActor, writeAuditEvent } from './audit.service';
import { auditEvents } from './audit.table';

describe.skipIf(engineUnavailable())(`audit on ${engine}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes one event per write transaction, masks personal fields, and rolls back with the change', async () => {
    const id = uuidv7();
    await auditedTransaction(t.deps.db, t.clock, systemActor, 'test.write', async (_tx, audit) => {
      audit.entity('person', id, null, {
        name: '王五',
        idNumber: '360735199001011234',
        phone: '13812345678',
        passwordHash: 'x',
      });
    });
    const [row] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.write'));
    expect(row?.entities).toEqual([
      {
        type: 'person',
        id,
        before: null,
        after: { name: '王五', idNumber: '360735********1234', phone: '138****5678', passwordHash: '[已隐藏]' },
      },
    ]);
    await expect(
      auditedTransaction(t.deps.db, t.clock, systemActor, 'test.rolled_back', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rolled = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.rolled_back'));
    expect(rolled).toHaveLength(0);
    expect(maskImage(null)).toBeNull();
  });

  it('seals events into a verifiable chain and names the first tampered event', async () => {
    for (let i = 0; i < 5; i++) {
      await writeAuditEvent(t.deps.db, t.clock, systemActor, `test.seal.${i}`, []);
      t.clock.advance(1000);
    }
    const sealed = await sealAll(t.deps.db, t.clock);
    expect(sealed).toBeGreaterThanOrEqual(5);
    const ok = await verifyAuditChain(t.deps.db);
    expect(ok).toMatchObject({ ok: true, unsealed: 0 });

    // Tamper with a sealed event's content: verification names it.
    const [victim] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.seal.2'));
    await t.deps.db.update(auditEvents).set({ actorName: '篡改者' }).where(eq(auditEvents.id, victim!.id));
    const broken = await verifyAuditChain(t.deps.db);
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken).toMatchObject({ id: victim!.id, position: victim!.chainPosition });
    expect(broken.firstBroken?.reason).toContain('篡改');
    await t.deps.db.update(auditEvents).set({ actorName: victim!.actorName }).where(eq(auditEvents.id, victim!.id));
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);

    // Deleting a sealed event breaks the chain at its position.
    const [gone] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.seal.3'));
    await t.deps.db.delete(auditEvents).where(eq(auditEvents.id, gone!.id));
    const cut = await verifyAuditChain(t.deps.db);
    expect(cut.ok).toBe(false);
    expect(cut.firstBroken?.position).toBe(gone!.chainPosition);
    await t.deps.db.insert(auditEvents).values(gone!);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('seals an event that commits after later ones were sealed (late commit) at the end of the chain', async () => {
    await sealAll(t.deps.db, t.clock);
    const early = new Date(t.clock.now().getTime() - 3_600_000); // occurred an hour ago, committed now
    if (t.deps.database.engine === 'postgres') {
      // A real concurrent transaction: open, write, hold; meanwhile another commits and is sealed.
      const other = await openDatabase({ databaseUrl: t.testDb.location, poolSize: 1 });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const wrote = new Promise<void>((r) => (written = r));
      const slow = other.db.transaction(async (tx) => {
        await writeAuditEvent(tx, { now: () => early }, systemActor, 'test.late', []);
        written();
        await held;
      });
      await wrote;
      await writeAuditEvent(t.deps.db, t.clock, systemActor, 'test.prompt', []);
      await sealAuditEvents(t.deps.db, t.clock);
      release();
      await slow;
      await other.close();
    } else {
      // PGlite has one connection: the late commit is an event older than sealed ones arriving afterwards.
      await writeAuditEvent(t.deps.db, t.clock, systemActor, 'test.prompt', []);
      await sealAuditEvents(t.deps.db, t.clock);
      await writeAuditEvent(t.deps.db, { now: () => early }, systemActor, 'test.late', []);
    }
    const [prompt] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.prompt'));
    expect(prompt?.chainPosition).not.toBeNull();
    const [lateBefore] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.late'));
    expect(lateBefore?.chainPosition).toBeNull();
    await sealAll(t.deps.db, t.clock);
    const [late] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.late'));
    expect(late!.chainPosition!).toBeGreaterThan(prompt!.chainPosition!);
    expect(late!.occurredAt.getTime()).toBeLessThan(prompt!.occurredAt.getTime());
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ ok: true, unsealed: 0 });
    const positions = (
      await t.deps.db.select({ p: auditEvents.chainPosition }).from(auditEvents).orderBy(asc(auditEvents.chainPosition))
    ).map((r) => r.p);
    expect(positions).toEqual(positions.map((_, i) => i + 1));
  });

  it('lists events by user, entity, action and time for auditors only', async () => {
    const auditor = await buildUser(t, { roles: ['county_lead'] });
    const clerk = await buildUser(t, { roles: ['township'] });
    const a = new Agent(t.app);
    await a.login(auditor.username, auditor.password);
    const mine = await a.get(`/api/v1/audit-events?userId=${auditor.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json<{ items: { action: string }[] }>().items.map((e) => e.action)).toEqual(['auth.login']);
    const byAction = await a.get('/api/v1/audit-events?action=test.prompt');
    expect(byAction.json<{ total: number }>().total).toBe(1);
    const byEntity = await a.get(`/api/v1/audit-events?entityType=user&entityId=${clerk.id}`);
    expect(byEntity.json<{ total: number }>().total).toBe(0);
    const from = encodeURIComponent(new Date(t.clock.now().getTime() + 1000).toISOString());
    expect((await a.get(`/api/v1/audit-events?from=${from}`)).json<{ total: number }>().total).toBe(0);
    const b = new Agent(t.app);
    await b.login(clerk.username, clerk.password);
    expect((await b.get('/api/v1/audit-events')).statusCode).toBe(403);
  });
});
