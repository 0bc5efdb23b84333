import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildTestApp,
  buildUser,
  engine,
  engineUnavailable,
  goodPassword,
  type TestApp,
} from '../../test/harness';
import { loginLog } from './auth.table';
import { auditEvents } from '../audit/audit.table';
import { totpCode, generateTotpSecret, totpStepSeconds } from './totp';
import { users } from '../../modules/users/users.table';

describe.skipIf(engineUnavailable())(`accounts on ${engine}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs in, answers /me, logs out, and writes the login log and audit events', async () => {
    const u = await buildUser(t, { displayName: '张三' });
    const a = new Agent(t.app);
    const res = await a.login(u.username, u.password);
    expect(res.statusCode).toBe(200);
    const cookie = res.headers['set-cookie'];
    expect(String(cookie)).toMatch(/HttpOnly/);
    expect(String(cookie)).toMatch(/SameSite=Strict/);
    expect(a.me?.pending).toBeNull();
    expect(a.me?.user.displayName).toBe('张三');
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
    expect((await a.post('/api/v1/auth/logout')).statusCode).toBe(204);
    const after = await a.get('/api/v1/me');
    expect(after.statusCode).toBe(401);
    const log = await t.deps.db.select().from(loginLog).where(eq(loginLog.userId, u.id));
    expect(log.map((l) => l.result)).toEqual(['success']);
    const events = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.actorId, u.id));
    expect(events.map((e) => e.action).sort()).toEqual(['auth.login', 'auth.logout']);
  });

  it('refuses a wrong password in Chinese and locks the account after five failures for 15 minutes', async () => {
    const u = await buildUser(t);
    const a = new Agent(t.app);
    for (let i = 1; i <= 4; i++) {
      const res = await a.login(u.username, 'wrong-Passw0rd');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'INVALID_CREDENTIALS', details: { remainingAttempts: 5 - i } });
      expect(res.json<{ message: string }>().message).toContain('用户名或密码错误');
    }
    const fifth = await a.login(u.username, 'wrong-Passw0rd');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json<{ message: string }>().message).toContain('账户已锁定');
    // Even the right password is refused while locked.
    const locked = await a.login(u.username, u.password);
    expect(locked.statusCode).toBe(423);
    t.clock.advance(14 * 60_000);
    expect((await a.login(u.username, u.password)).statusCode).toBe(423);
    t.clock.advance(60_000 + 1);
    expect((await a.login(u.username, u.password)).statusCode).toBe(200);
    const actions = (await t.deps.db.select().from(auditEvents).where(eq(auditEvents.actorId, u.id))).map(
      (e) => e.action,
    );
    expect(actions).toContain('auth.lockout');
    expect(actions.filter((x) => x === 'auth.login_failed')).toHaveLength(5);
    expect(actions).toContain('auth.login_refused_locked');
  });

  it('answers an unknown user like a wrong password', async () => {
    const res = await new Agent(t.app).login('nobody-here', 'whatever');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
  });

  it('expires a session after 30 idle minutes; activity within the window keeps it alive', async () => {
    const u = await buildUser(t);
    const a = new Agent(t.app);
    await a.login(u.username, u.password);
    t.clock.advance(29 * 60_000);
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
    t.clock.advance(30 * 60_000);
    const res = await a.get('/api/v1/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'SESSION_EXPIRED', message: '登录已超时，请重新登录' });
    expect((await a.get('/api/v1/me')).json()).toMatchObject({ error: 'UNAUTHENTICATED' });
  });

  it('forces an administrator-created account to change its password before anything else', async () => {
    const admin = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    const created = await a.post('/api/v1/users', {
      username: 'newclerk',
      displayName: '新用户',
      password: 'Initial#2022',
      roles: ['county_lead'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ mustChangePassword: true });

    const b = new Agent(t.app);
    const res = await b.login('newclerk', 'Initial#2022');
    expect(res.statusCode).toBe(200);
    expect(b.me?.pending).toBe('password_change');
    expect(b.me?.permissions).toEqual([]);
    const blocked = await b.get('/api/v1/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: 'STEP_REQUIRED' });

    const weak = await b.post('/api/v1/auth/password', { currentPassword: 'Initial#2022', newPassword: 'abcdefgh' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json<{ message: string }>().message).toContain('至少三类');
    const same = await b.post('/api/v1/auth/password', {
      currentPassword: 'Initial#2022',
      newPassword: 'Initial#2022',
    });
    expect(same.statusCode).toBe(422);
    const ok = await b.post('/api/v1/auth/password', { currentPassword: 'Initial#2022', newPassword: 'Better#2023x' });
    expect(ok.statusCode).toBe(200);
    expect(b.me?.pending).toBeNull();
    expect((await b.get('/api/v1/users')).statusCode).toBe(200);

    // The new password works, the old one does not, and the flag stays cleared.
    expect((await new Agent(t.app).login('newclerk', 'Initial#2022')).statusCode).toBe(401);
    const again = new Agent(t.app);
    await again.login('newclerk', 'Better#2023x');
    expect(again.me?.pending).toBeNull();
  });

  it('requires the TOTP code for an enrolled administrator, refuses replays and wrong codes', async () => {
    const secret = generateTotpSecret();
    const admin = await buildUser(t, { roles: ['system_admin'], totpSecret: secret });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    expect(a.me?.pending).toBe('totp');
    expect((await a.get('/api/v1/audit-events')).statusCode).toBe(403);
    const wrong = await a.post('/api/v1/auth/totp', {
      code: '000000' === totpCode(secret, t.clock.now()) ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'TOTP_INVALID' });
    const code = totpCode(secret, t.clock.now());
    expect((await a.post('/api/v1/auth/totp', { code })).statusCode).toBe(200);
    expect(a.me?.pending).toBeNull();
    expect((await a.get('/api/v1/audit-events')).statusCode).toBe(200);

    // The same code cannot be used again by a second login.
    const b = new Agent(t.app);
    await b.login(admin.username, admin.password);
    expect((await b.post('/api/v1/auth/totp', { code })).statusCode).toBe(401);
    t.clock.advance(totpStepSeconds * 1000 * 2);
    expect((await b.post('/api/v1/auth/totp', { code: totpCode(secret, t.clock.now()) })).statusCode).toBe(200);
  });

  it('makes a new administrator change the password and then enrol TOTP', async () => {
    const admin = await buildUser(t, { roles: ['system_admin'], mustChangePassword: true });
    const a = new Agent(t.app);
    await a.login(admin.username, admin.password);
    expect(a.me?.pending).toBe('password_change');
    await a.post('/api/v1/auth/password', { currentPassword: admin.password, newPassword: 'Admin#Strong1' });
    expect(a.me?.pending).toBe('totp_enroll');
    expect((await a.get('/api/v1/users')).statusCode).toBe(403);
    const enroll = await a.post('/api/v1/auth/totp/enroll');
    expect(enroll.statusCode).toBe(200);
    const { secret, otpauthUrl } = enroll.json<{ secret: string; otpauthUrl: string }>();
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect((await a.post('/api/v1/auth/totp/enroll/confirm', { code: '12345' })).statusCode).toBe(400);
    const ok = await a.post('/api/v1/auth/totp/enroll/confirm', { code: totpCode(secret, t.clock.now()) });
    expect(ok.statusCode).toBe(200);
    expect(a.me?.pending).toBeNull();
    expect(a.me?.user.totpEnabled).toBe(true);
    // The secret is stored encrypted, never in clear.
    const [row] = await t.deps.db.select().from(users).where(eq(users.id, admin.id));
    expect(row?.totpSecretEnc).toBeTruthy();
    expect(row?.totpSecretEnc).not.toContain(secret);
    expect(t.deps.cipher.decrypt(row!.totpSecretEnc!)).toBe(secret);
    // Next login asks for the code.
    t.clock.advance(totpStepSeconds * 1000 * 2);
    const b = new Agent(t.app);
    await b.login(admin.username, 'Admin#Strong1');
    expect(b.me?.pending).toBe('totp');
  });

  it('refuses unsafe requests without the CSRF token or from another origin', async () => {
    const u = await buildUser(t);
    const a = new Agent(t.app);
    await a.login(u.username, u.password);
    const noToken = await a.request('POST', '/api/v1/auth/logout', {}, { 'x-csrf-token': '' });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json()).toMatchObject({ error: 'CSRF_REJECTED' });
    const wrongToken = await a.request('POST', '/api/v1/auth/logout', {}, { 'x-csrf-token': 'x'.repeat(32) });
    expect(wrongToken.statusCode).toBe(403);
    const foreign = await new Agent(t.app).request(
      'POST',
      '/api/v1/auth/login',
      { username: u.username, password: u.password },
      { origin: 'http://evil.example', host: 'localhost:3000' },
    );
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ error: 'CSRF_REJECTED' });
    // Still signed in: the refused logout did nothing.
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('answers 403 for an action the role does not permit and lists validation errors in Chinese', async () => {
    const u = await buildUser(t, { roles: ['township'] });
    const a = new Agent(t.app);
    await a.login(u.username, u.password);
    const res = await a.get('/api/v1/users');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'FORBIDDEN', message: '您没有执行此操作的权限' });
    const bad = await new Agent(t.app).post('/api/v1/auth/login', { username: '', password: goodPassword });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'VALIDATION_FAILED' });
    expect(bad.json<{ message: string }>().message).toContain('请输入用户名');
  });
});

describe.skipIf(engineUnavailable())(`route guard on ${engine}`, () => {
  it('refuses to start when a route declares no permission', async () => {
    await expect(
      buildTestApp({
        extraRoutes: (app) => {
          app.get('/api/v1/unguarded', async () => ({ ok: true }));
        },
      }),
    ).rejects.toThrow(/未声明权限.*GET \/api\/v1\/unguarded/);
  });
});
