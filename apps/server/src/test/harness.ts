import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { csrfHeader, sessionCookie, type Me } from '@anzhi/contracts/auth';
import type { Role } from '@anzhi/contracts/permissions';
import { testClock, type TestClock } from '@anzhi/domain/periods';
import { buildApp, type BuildOptions } from '../app';
import { loadConfig, type Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { insertUser, type NewUser } from '../modules/users/users.service';
import { createFieldCipher, type FieldCipher } from '../platform/crypto/cipher';
import { ensureKeys, loadKeys } from '../platform/crypto/keys';
import type { Deps } from '../platform/deps';

export type Engine = 'pglite' | 'postgres';
export const engine = (process.env.ANZHI_TEST_DB ?? 'pglite') as Engine;

/** True when this project's database service is missing outside CI (global setup already warned loudly). */
export function engineUnavailable(): boolean {
  return engine === 'postgres' && inject('postgresTemplate') === null;
}

export interface TestDb {
  database: Database;
  /** Where the database lives (PGlite directory or PostgreSQL URL), to reopen it. */
  location: string;
  close(): Promise<void>;
}

/** A fresh database per test file: a copy of the migrated PGlite template, or a clone of the PostgreSQL template. */
export async function freshDatabase(): Promise<TestDb> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-pglite-'));
    fs.cpSync(inject('pgliteTemplateDir'), dir, { recursive: true });
    const database = await openDatabase({ pgliteDir: dir });
    return {
      database,
      location: dir,
      async close() {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const template = inject('postgresTemplate');
  if (!template) throw new Error('PostgreSQL 测试模板不存在');
  const name = `${template}_f${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    database,
    location: url.toString(),
    async close() {
      await database.close();
      const c = new pg.Client({ connectionString: inject('postgresAdminUrl') });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function testKeys(): { dir: string; cipher: FieldCipher } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-keys-'));
  ensureKeys(dir);
  return { dir, cipher: createFieldCipher(loadKeys(dir)) };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent', DEMO: '0' }), ...overrides };
}

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  clock: TestClock;
  testDb: TestDb;
  /** The key directory of `deps.cipher` (a child process that must decrypt the same data loads it). */
  keysDir: string;
  close(): Promise<void>;
}

export async function buildTestApp(
  opts: Partial<Pick<BuildOptions, 'extraRoutes' | 'ruleRegistry'>> & { now?: Date } = {},
): Promise<TestApp> {
  const testDb = await freshDatabase();
  const clock = testClock(opts.now ?? new Date('2022-03-15T02:00:00Z'));
  const { cipher, dir } = testKeys();
  // Each test app gets its own data directory (attachments are stored under <dataDir>/files).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-data-'));
  const config = testConfig({ dataDir });
  const app = await buildApp({ config, database: testDb.database, clock, cipher, ...opts });
  await app.ready();
  const deps: Deps = { config, database: testDb.database, db: testDb.database.db, clock, cipher, log: app.log };
  return {
    app,
    deps,
    clock,
    testDb,
    keysDir: dir,
    async close() {
      await app.close();
      await testDb.close();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const goodPassword = 'Passw0rd!x';

let seq = 0;
/** Factory: a user with the given roles (demo-exempt by default so tests log straight in). */
export async function buildUser(
  t: TestApp,
  overrides: Partial<NewUser> = {},
): Promise<{ id: string; username: string; password: string }> {
  seq += 1;
  const username = overrides.username ?? `user${seq}_${crypto.randomBytes(3).toString('hex')}`;
  const password = overrides.password ?? goodPassword;
  const roles: Role[] = overrides.roles ?? ['county_lead'];
  const id = await insertUser(t.deps.db, t.deps, {
    username,
    displayName: overrides.displayName ?? `测试用户${seq}`,
    password,
    roles,
    mustChangePassword: overrides.mustChangePassword ?? false,
    isDemo: overrides.isDemo ?? false,
    ...(overrides.totpSecret ? { totpSecret: overrides.totpSecret } : {}),
  });
  return { id, username, password };
}

/** A signed-in client: keeps the session cookie and sends the CSRF token on unsafe requests. */
export class Agent {
  cookie: string | undefined;
  csrf: string | undefined;
  me: Me | undefined;

  constructor(private readonly app: FastifyInstance) {}

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res: LightMyRequestResponse = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: `${sessionCookie}=${this.cookie}` } : {}),
        ...(this.csrf && method !== 'GET' ? { [csrfHeader]: this.csrf } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    const set = res.cookies.find((c) => c.name === sessionCookie);
    if (set) this.cookie = set.value || undefined;
    if (res.statusCode === 200 && String(res.headers['content-type'] ?? '').includes('json')) {
      const json = res.json<Partial<Me>>();
      if (json && typeof json === 'object' && 'csrfToken' in json && json.user) {
        this.me = json as Me;
        this.csrf = json.csrfToken;
      }
    }
    return res;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', url, body ?? {}, headers);

  async login(username: string, password: string) {
    return this.post('/api/v1/auth/login', { username, password });
  }
}
