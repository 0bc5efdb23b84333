import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxItem, Notification, UnreadCount } from '@anzhi/contracts/notifications';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { auditEvents } from '../audit/audit.table';
import { completeInboxItem, notify, postInboxItem } from './notifications.service';
import { inboxItems } from './notifications.table';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

interface Page<T> {
  items: T[];
  total: number;
}

describe.skipIf(engineUnavailable())(`notifications and 我的待办 on ${engine}`, () => {
  let t: TestApp;
  let carol: { id: string; username: string; password: string };
  let dave: { id: string; username: string; password: string };

  async function signIn(user: { username: string; password: string }) {
    const a = new Agent(t.app);
    expect((await a.login(user.username, user.password)).statusCode).toBe(200);
    return a;
  }

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2022-03-20T02:00:00Z') });
    carol = await buildUser(t, { roles: ['help_cadre'] });
    dave = await buildUser(t, { roles: ['help_cadre'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists items from two sources by due instant; overdue flips with the clock; done; repost updates', async () => {
    const now = t.clock.now().getTime();
    // Posted by two features, in their own transactions; due dates out of order on purpose.
    const ids = await t.deps.db.transaction(async (tx) => {
      const ledger = await postInboxItem(tx, t.deps.clock, {
        userId: carol.id,
        title: '报送 3 月监测台账',
        dueAt: new Date(now + 5 * dayMs),
        link: '/ledgers/monitoring',
        source: 'ledgers',
        sourceRef: 'monitoring:2022-03',
      });
      const revisit = await postInboxItem(tx, t.deps.clock, {
        userId: carol.id,
        title: '回访 张某某 户',
        dueAt: new Date(now + 2 * hourMs),
        link: '/households/h1',
        source: 'revisits',
        sourceRef: 'h1:2022-03',
      });
      const other = await postInboxItem(tx, t.deps.clock, {
        userId: dave.id,
        title: '回访 李某某 户',
        dueAt: new Date(now + dayMs),
        source: 'revisits',
        sourceRef: 'h2:2022-03',
      });
      return { ledger: ledger.id, revisit: revisit.id, other: other.id };
    });

    const c = await signIn(carol);
    const list = async (status = 'open') => (await c.get(`/api/v1/inbox?status=${status}`)).json<Page<InboxItem>>();
    let open = await list();
    expect(open.total).toBe(2);
    expect(open.items.map((i) => [i.source, i.title, i.overdue])).toEqual([
      ['revisits', '回访 张某某 户', false],
      ['ledgers', '报送 3 月监测台账', false],
    ]);
    expect(open.items[0]).toMatchObject({ status: 'open', abilities: { markDone: true }, link: '/households/h1' });

    // The clock passes the revisit's due instant (sessions idle out: sign in again).
    t.clock.advance(2 * hourMs);
    const c2 = await signIn(carol);
    open = (await c2.get('/api/v1/inbox')).json<Page<InboxItem>>();
    expect(open.items.map((i) => i.overdue)).toEqual([true, false]);
    expect((await c2.get('/api/v1/notifications/unread-count')).json<UnreadCount>()).toMatchObject({
      inboxOpen: 2,
      inboxOverdue: 1,
    });

    // Reposting the same (source, ref, user) updates rather than duplicates.
    await t.deps.db.transaction((tx) =>
      postInboxItem(tx, t.deps.clock, {
        userId: carol.id,
        title: '报送 3 月监测台账（已延期）',
        dueAt: new Date(now + 6 * dayMs),
        source: 'ledgers',
        sourceRef: 'monitoring:2022-03',
      }),
    );
    open = (await c2.get('/api/v1/inbox')).json<Page<InboxItem>>();
    expect(open.total).toBe(2);
    expect(open.items[1]).toMatchObject({ id: ids.ledger, title: '报送 3 月监测台账（已延期）', link: null });
    expect(await t.deps.db.select().from(inboxItems).where(eq(inboxItems.userId, carol.id))).toHaveLength(2);

    // Another user cannot mark Carol's item done: it does not exist for them.
    const d = await signIn(dave);
    expect((await d.post(`/api/v1/inbox/${ids.revisit}/done`)).statusCode).toBe(404);
    expect((await d.get('/api/v1/inbox')).json<Page<InboxItem>>().items.map((i) => i.id)).toEqual([ids.other]);

    // Carol marks hers done: it moves to the done tab, no longer overdue, and the action is audited.
    const done = await c2.post(`/api/v1/inbox/${ids.revisit}/done`);
    expect(done.statusCode).toBe(200);
    expect(done.json<InboxItem>()).toMatchObject({ status: 'done', overdue: false, abilities: { markDone: false } });
    expect((await c2.get('/api/v1/inbox')).json<Page<InboxItem>>().items.map((i) => i.id)).toEqual([ids.ledger]);
    const doneList = (await c2.get('/api/v1/inbox?status=done')).json<Page<InboxItem>>();
    expect(doneList.items.map((i) => i.id)).toEqual([ids.revisit]);
    expect(doneList.items[0]?.doneAt).toBe(t.clock.now().toISOString());
    const [row] = await t.deps.db.select().from(inboxItems).where(eq(inboxItems.id, ids.revisit));
    expect(row?.doneBy).toBe(carol.id);
    const events = await t.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'inbox.done'), eq(auditEvents.actorId, carol.id)));
    expect(events).toHaveLength(1);

    // A repost of a completed item does not reopen it.
    await t.deps.db.transaction((tx) =>
      postInboxItem(tx, t.deps.clock, {
        userId: carol.id,
        title: '回访 张某某 户',
        dueAt: null,
        source: 'revisits',
        sourceRef: 'h1:2022-03',
      }),
    );
    expect((await c2.get('/api/v1/inbox?status=done')).json<Page<InboxItem>>().total).toBe(1);

    // A feature completes an item when the work is done (here for every user holding it).
    const completed = await t.deps.db.transaction((tx) =>
      completeInboxItem(tx, t.deps.clock, { source: 'ledgers', sourceRef: 'monitoring:2022-03' }),
    );
    expect(completed).toBe(1);
    expect((await c2.get('/api/v1/inbox')).json<Page<InboxItem>>().total).toBe(0);
    expect((await c2.get('/api/v1/inbox?status=done')).json<Page<InboxItem>>().total).toBe(2);
  });

  it('counts unread notifications, lists unread first, marks one and then all read', async () => {
    await t.deps.db.transaction((tx) =>
      notify(tx, t.deps.clock, {
        userIds: [carol.id, dave.id, carol.id],
        title: '第一条',
        body: '内容一',
        source: 'revisits',
      }),
    );
    t.clock.advance(60_000);
    await t.deps.db.transaction((tx) =>
      notify(tx, t.deps.clock, {
        userIds: [carol.id],
        title: '第二条',
        body: '内容二',
        link: '/inbox',
        source: 'ledgers',
      }),
    );
    t.clock.advance(60_000);
    await t.deps.db.transaction((tx) =>
      notify(tx, t.deps.clock, { userIds: [carol.id], title: '第三条', body: '内容三', source: 'ledgers' }),
    );

    const c = await signIn(carol);
    const count = async () => (await c.get('/api/v1/notifications/unread-count')).json<UnreadCount>().unread;
    expect(await count()).toBe(3);
    let page = (await c.get('/api/v1/notifications')).json<Page<Notification>>();
    expect(page.items.map((n) => n.title)).toEqual(['第三条', '第二条', '第一条']);

    // Reading the newest moves it below the unread ones.
    const newest = page.items[0]!.id;
    expect((await c.post(`/api/v1/notifications/${newest}/read`)).statusCode).toBe(204);
    expect(await count()).toBe(2);
    page = (await c.get('/api/v1/notifications')).json<Page<Notification>>();
    expect(page.items.map((n) => [n.title, n.readAt !== null])).toEqual([
      ['第二条', false],
      ['第一条', false],
      ['第三条', true],
    ]);
    expect((await c.get('/api/v1/notifications?unreadOnly=true')).json<Page<Notification>>().total).toBe(2);

    // Someone else's notification is invisible.
    const d = await signIn(dave);
    expect((await d.post(`/api/v1/notifications/${page.items[0]!.id}/read`)).statusCode).toBe(404);
    expect((await d.get('/api/v1/notifications/unread-count')).json<UnreadCount>().unread).toBe(1);

    const all = await c.post('/api/v1/notifications/read-all');
    expect(all.json()).toEqual({ marked: 2 });
    expect(await count()).toBe(0);
    expect((await d.get('/api/v1/notifications/unread-count')).json<UnreadCount>().unread).toBe(1);
  });

  it('posts the demo: two sources, one overdue, and a notification to the caller', async () => {
    const u = await buildUser(t, { roles: ['resident'] });
    const a = await signIn(u);
    const res = await a.post('/api/v1/inbox/demo');
    expect(res.json()).toEqual({ inboxItems: 2, notifications: 1 });
    await a.post('/api/v1/inbox/demo'); // reposting keeps two items
    const open = (await a.get('/api/v1/inbox')).json<Page<InboxItem>>();
    expect(open.items.map((i) => [i.source, i.overdue])).toEqual([
      ['demo.revisit', true],
      ['demo.ledger', false],
    ]);
    expect((await a.get('/api/v1/notifications/unread-count')).json<UnreadCount>()).toEqual({
      unread: 2,
      inboxOpen: 2,
      inboxOverdue: 1,
    });
    expect((await new Agent(t.app).post('/api/v1/inbox/demo')).statusCode).toBe(401);
  });
});
