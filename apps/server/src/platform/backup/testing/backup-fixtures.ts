// Shared by the backup integration tests (both engines and each engine's own file).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Attachment } from '@anzhi/contracts/attachments';
import { systemClock } from '@anzhi/domain/periods';
import { boot, type Running } from '../../../boot';
import { loadConfig, type Config } from '../../../config';
import { openDatabase, type Database } from '../../../db/client';
import { demoAdminTotpSecret, demoPassword } from '../../../demo/accounts';
import { users } from '../../../modules/users/users.table';
import { Agent } from '../../../test/harness';
import { systemActor, writeAuditEvent } from '../../audit/audit.service';
import { auditEvents } from '../../audit/audit.table';
import { createFieldCipher } from '../../crypto/cipher';
import { loadKeys } from '../../crypto/keys';
import { upload } from '../../files/testing/multipart';
import { filesRootOf } from '../../files/attachment-store';

export const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-backup-test-'));
export const tmpDir = (name: string) => fs.mkdtempSync(path.join(tmpRoot, `${name}-`));

export function configFor(dataDir: string, databaseUrl?: string): Config {
  return loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEMO: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
}

export async function addMarker(running: Running, label: string): Promise<string> {
  return writeAuditEvent(running.database.db, systemClock, systemActor, `test.backup.${label}`, []);
}

/** An upload holding ID numbers: stored encrypted, its file key wrapped by the data key in keys/. */
export const personalCsv = '\uFEFF姓名,身份证号\n测试甲,360735199001011234\n';

export async function signIn(running: Running): Promise<Agent> {
  const agent = new Agent(running.app);
  expect((await agent.login('xczx', demoPassword)).statusCode).toBe(200);
  return agent;
}

export async function uploadPersonalFile(running: Running): Promise<string> {
  const res = await upload(
    await signIn(running),
    { filename: '回访名单.csv', content: personalCsv },
    { personalData: 'true' },
  );
  expect(res.statusCode).toBe(201);
  expect(res.json<Attachment>()).toMatchObject({ personalData: true, encrypted: true });
  return res.json<Attachment>().id;
}

/** The restored instance serves the attachment with the content that was uploaded. */
export async function expectDownload(running: Running, id: string) {
  const res = await (await signIn(running)).get(`/api/v1/attachments/${id}`);
  expect(res.statusCode).toBe(200);
  expect(res.body).toBe(personalCsv);
}

/**
 * Opens a restored target and checks the markers, the keys and the encrypted TOTP secret. With `viaServer`
 * it boots a whole server on it (migrations, no reseeding); otherwise it opens the database only.
 */
export async function expectRestored(
  config: Config,
  sourceKeysDir: string,
  markers: { present: string[]; absent?: string[] },
  viaServer: boolean,
  onServer?: (running: Running) => Promise<void>,
) {
  for (const f of fs.readdirSync(sourceKeysDir)) {
    expect(fs.readFileSync(path.join(config.keysDir, f))).toEqual(fs.readFileSync(path.join(sourceKeysDir, f)));
  }
  let database: Database;
  let close: () => Promise<void>;
  let running: Running | undefined;
  if (viaServer) {
    running = await boot(config);
    expect(running.initialised).toBeNull(); // a restored database is never reseeded
    database = running.database;
    close = () => running!.stop();
  } else {
    database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
    close = () => database.close();
  }
  try {
    const db = database.db;
    for (const id of markers.present)
      expect(await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, id))).toHaveLength(1);
    for (const id of markers.absent ?? [])
      expect(await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, id))).toHaveLength(0);
    const [admin] = await db.select().from(users).where(eq(users.username, 'admin'));
    const cipher = createFieldCipher(loadKeys(config.keysDir));
    expect(cipher.decrypt(admin!.totpSecretEnc!)).toBe(demoAdminTotpSecret);
    if (running && onServer) await onServer(running);
  } finally {
    await close();
  }
}

/** Every file under a directory with its content digest: proves a refused restore changed nothing. */
export function snapshot(dir: string, skip?: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const rel of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (skip?.test(rel)) continue;
    const full = path.join(dir, rel);
    const st = fs.statSync(full);
    out[rel] = st.isFile() ? crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex') : 'dir';
  }
  return out;
}

/** Stored files (not directories, not uploads in progress) under a data directory's attachment store. */
export function storedFileCount(dataDir: string): number {
  return Object.values(snapshot(filesRootOf(dataDir), /^tmp(\/|$)/)).filter((v) => v !== 'dir').length;
}

export function removeTmpRoot() {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}
