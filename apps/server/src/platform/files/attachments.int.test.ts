import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '@anzhi/contracts/attachments';
import { Agent, buildTestApp, buildUser, engine, engineUnavailable, type TestApp } from '../../test/harness';
import { auditEvents } from '../audit/audit.table';
import { attachmentAccess } from './attachment-access';
import { purgeExpiredAttachments } from './attachments.purge';
import { linkAttachments } from './attachments.service';
import { attachments } from './attachments.table';
import { multipart, upload } from './testing/multipart';

const dayMs = 24 * 60 * 60 * 1000;

/** Every file under <dataDir>/files, with its bytes. */
function storedFiles(t: TestApp): { file: string; bytes: Buffer }[] {
  const root = path.join(t.deps.config.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true })
    .map((f) => path.join(root, String(f)))
    .filter((f) => fs.statSync(f).isFile())
    .map((file) => ({ file, bytes: fs.readFileSync(file) }));
}

const csv = (rows: string[]) => `\uFEFF姓名,身份证号\n${rows.join('\n')}\n`;
const pngBytes = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  crypto.randomBytes(200),
]);

describe.skipIf(engineUnavailable())(`attachments on ${engine}`, () => {
  let t: TestApp;
  let alice: Agent;
  let bob: Agent;
  let admin: Agent;
  let aliceId: string;
  let bobId: string;

  async function signIn(user: { username: string; password: string }) {
    const a = new Agent(t.app);
    expect((await a.login(user.username, user.password)).statusCode).toBe(200);
    return a;
  }

  const users: { username: string; password: string }[] = [];
  /** Sessions idle out after 30 minutes: after moving the clock by days, everyone signs in again. */
  async function signInAll() {
    [alice, bob, admin] = (await Promise.all(users.map(signIn))) as [Agent, Agent, Agent];
  }

  beforeAll(async () => {
    t = await buildTestApp();
    const a = await buildUser(t, { roles: ['township'], displayName: '甲' });
    const b = await buildUser(t, { roles: ['township'], displayName: '乙' });
    const s = await buildUser(t, { roles: ['system_admin'], isDemo: true });
    aliceId = a.id;
    bobId = b.id;
    users.push(a, b, s);
    await signInAll();
  });
  afterAll(async () => {
    attachmentAccess.unregister('test.case');
    await t?.close();
  });

  it('round-trips an upload: metadata, download with a UTF-8 filename, listed among my uploads', async () => {
    const content = csv(['张三,360735199001011234']);
    const res = await upload(alice, { filename: '回访名单.csv', content });
    expect(res.statusCode).toBe(201);
    const att = res.json<Attachment>();
    expect(att).toMatchObject({
      filename: '回访名单.csv',
      contentType: 'text/csv; charset=utf-8',
      size: Buffer.byteLength(content),
      sha256: crypto.createHash('sha256').update(content).digest('hex'),
      purpose: 'general',
      personalData: false,
      encrypted: false,
      ownerType: null,
      uploadedBy: aliceId,
      purgeAfter: null,
      abilities: { download: true, delete: true },
    });

    const meta = await alice.get(`/api/v1/attachments/${att.id}/meta`);
    expect(meta.statusCode).toBe(200);
    expect(meta.json<Attachment>().id).toBe(att.id);

    const dl = await alice.get(`/api/v1/attachments/${att.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(Buffer.from(content))).toBe(true);
    expect(dl.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename="____.csv"; filename*=UTF-8''${encodeURIComponent('回访名单.csv')}`,
    );

    const mine = await alice.get('/api/v1/attachments');
    expect(mine.json<{ items: Attachment[] }>().items.map((x) => x.id)).toContain(att.id);
    expect((await bob.get('/api/v1/attachments')).json<{ items: Attachment[] }>().items.map((x) => x.id)).not.toContain(
      att.id,
    );
  });

  it('documents the endpoints in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/attachments', '/api/v1/attachments/{id}', '/api/v1/inbox']));
  });

  it('is idempotent on a replayed client-generated id', async () => {
    const id = '01890a5d-ac96-774b-bcce-b302099a8057';
    const first = await upload(alice, { filename: 'photo.png', content: pngBytes }, { id });
    expect(first.statusCode).toBe(201);
    const again = await upload(alice, { filename: 'photo.png', content: pngBytes }, { id });
    expect(again.statusCode).toBe(201);
    expect(again.json<Attachment>().id).toBe(id);
    expect(await t.deps.db.select().from(attachments).where(eq(attachments.id, id))).toHaveLength(1);
    expect((await upload(bob, { filename: 'photo.png', content: pngBytes }, { id })).statusCode).toBe(409);
  });

  it('refuses files over the size limit and of other types in Chinese, and stores nothing', async () => {
    const rowsBefore = (await t.deps.db.select().from(attachments)).length;
    const filesBefore = storedFiles(t).map((f) => f.file);

    const big = await upload(alice, { filename: 'big.csv', content: Buffer.alloc(20 * 1024 * 1024 + 1, 0x61) });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE', message: '文件超过 20 MB 上限' });

    const exe = await upload(alice, { filename: 'setup.exe', content: Buffer.from('MZ\x90\x00\x03\x00') });
    expect(exe.statusCode).toBe(400);
    expect(exe.json<{ message: string }>().message).toBe(
      '不支持的文件类型：.exe（允许：.xlsx、.xls、.csv、.pdf、.jpg、.png、.docx）',
    );

    // The extension is allowed but the bytes are not what it claims.
    const fakeXlsx = await upload(alice, { filename: '台账.xlsx', content: 'not a workbook' });
    expect(fakeXlsx.statusCode).toBe(400);
    expect(fakeXlsx.json<{ message: string }>().message).toBe('文件内容与扩展名不符：不是有效的Excel 工作簿（.xlsx）');
    const exeAsCsv = await upload(alice, { filename: 'list.csv', content: Buffer.from('MZ\x90\x00\x03\x00\x00\x00') });
    expect(exeAsCsv.statusCode).toBe(400);

    // A purpose narrows the types: imports take spreadsheets only.
    const pdfImport = await upload(alice, { filename: 'a.pdf', content: '%PDF-1.7\n' }, { purpose: 'import' });
    expect(pdfImport.json<{ message: string }>().message).toBe('不支持的文件类型：.pdf（允许：.xlsx、.xls、.csv）');

    const empty = await upload(alice, { filename: 'empty.csv', content: '' });
    expect(empty.json<{ message: string }>().message).toBe('文件为空');
    const fieldsOnly = multipart({ purpose: 'general' });
    const noFile = await alice.request('POST', '/api/v1/attachments', fieldsOnly.body, fieldsOnly.headers);
    expect(noFile.statusCode).toBe(400);

    expect(await t.deps.db.select().from(attachments)).toHaveLength(rowsBefore);
    expect(storedFiles(t).map((f) => f.file)).toEqual(filesBefore);
  });

  it('encrypts personal data at rest: no stored byte sequence holds the plaintext', async () => {
    const idNumber = '36073519880808123X';
    const content = csv([`李四,${idNumber}`, '王五,360735197512120021']);
    const res = await upload(alice, { filename: '身份证名单.csv', content }, { personalData: 'true' });
    expect(res.statusCode).toBe(201);
    const att = res.json<Attachment>();
    expect(att).toMatchObject({ personalData: true, encrypted: true });
    const files = storedFiles(t);
    expect(files.length).toBeGreaterThan(0);
    for (const { file, bytes } of files) {
      expect(bytes.includes(Buffer.from(idNumber)), file).toBe(false);
      expect(bytes.includes(Buffer.from('李四')), file).toBe(false);
    }
    const [row] = await t.deps.db.select().from(attachments).where(eq(attachments.id, att.id));
    expect(row?.keyVersion).toBe(1);
    expect(row?.storageKey).not.toBe(row?.sha256);
    const blob = files.find((f) => f.file.endsWith(row!.storageKey));
    expect(blob?.bytes.length).toBe(Buffer.byteLength(content) + 4 + 12 + 16);

    // Decrypted on the fly, and the download of personal data is audited.
    const dl = await alice.get(`/api/v1/attachments/${att.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe(content);
    expect(dl.headers['cache-control']).toBe('private, no-store');
    const events = await t.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'attachment.download'), eq(auditEvents.actorId, aliceId)));
    expect(events).toHaveLength(1);
    expect(events[0]?.entities[0]).toMatchObject({ type: 'attachment', id: att.id });

    // The same personal file uploaded again is stored separately (never shared).
    const again = await upload(alice, { filename: '身份证名单.csv', content }, { personalData: '1' });
    const [row2] = await t.deps.db.select().from(attachments).where(eq(attachments.id, again.json<Attachment>().id));
    expect(row2?.storageKey).not.toBe(row?.storageKey);
  });

  it('stores identical unencrypted uploads once', async () => {
    const content = csv([`共享,${crypto.randomBytes(6).toString('hex')}`]);
    const a = (await upload(alice, { filename: 'a.csv', content })).json<Attachment>();
    const b = (await upload(bob, { filename: 'b.csv', content })).json<Attachment>();
    expect(a.id).not.toBe(b.id);
    const rows = await t.deps.db.select().from(attachments).where(eq(attachments.sha256, a.sha256));
    expect(new Set(rows.map((r) => r.storageKey)).size).toBe(1);
    const holding = storedFiles(t).filter((f) => f.bytes.equals(Buffer.from(content)));
    expect(holding).toHaveLength(1);
    expect(path.basename(holding[0]!.file)).toBe(a.sha256);
    expect((await bob.get(`/api/v1/attachments/${b.id}`)).body).toBe(content);
  });

  it('keeps files in scope: others get 404; an owner-type checker grants access to linked files', async () => {
    const att = (
      await upload(alice, { filename: 'evidence.png', content: pngBytes }, { purpose: 'evidence' })
    ).json<Attachment>();
    expect((await bob.get(`/api/v1/attachments/${att.id}`)).statusCode).toBe(404);
    expect((await bob.get(`/api/v1/attachments/${att.id}/meta`)).statusCode).toBe(404);
    expect((await bob.request('DELETE', `/api/v1/attachments/${att.id}`)).statusCode).toBe(404);
    // System administrators see unlinked files too.
    expect((await admin.get(`/api/v1/attachments/${att.id}/meta`)).statusCode).toBe(200);

    // A feature links the file to its record; its checker decides who sees records of that type.
    const caseId = '01890a5d-ac96-774b-bcce-b302099a0001';
    const seen: string[] = [];
    attachmentAccess.register('test.case', async (auth, ownerId) => {
      seen.push(ownerId);
      return auth.user.id === bobId && ownerId === caseId;
    });
    // Only the uploader's own unlinked files can be linked.
    await expect(
      t.deps.db.transaction((tx) =>
        linkAttachments(tx, { attachmentIds: [att.id], ownerType: 'test.case', ownerId: caseId, userId: bobId }),
      ),
    ).rejects.toThrow('附件不存在或无权查看');
    await t.deps.db.transaction((tx) =>
      linkAttachments(tx, {
        attachmentIds: [att.id],
        ownerType: 'test.case',
        ownerId: caseId,
        userId: aliceId,
        divisionCode: '360735',
      }),
    );

    const dl = await bob.get(`/api/v1/attachments/${att.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(pngBytes)).toBe(true);
    expect(seen).toContain(caseId);
    expect((await bob.get(`/api/v1/attachments/${att.id}/meta`)).json<Attachment>()).toMatchObject({
      ownerType: 'test.case',
      ownerId: caseId,
      abilities: { delete: false },
    });
    // Once linked, the record's scope decides, not the upload: the checker refuses the uploader here.
    expect((await alice.get(`/api/v1/attachments/${att.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/attachments/${att.id}`)).statusCode).toBe(200);
  });

  it('soft-deletes by the uploader: gone from lists and downloads, row kept', async () => {
    const att = (await upload(bob, { filename: 'old.pdf', content: '%PDF-1.4\n%…' })).json<Attachment>();
    expect((await alice.request('DELETE', `/api/v1/attachments/${att.id}`)).statusCode).toBe(404);
    expect((await bob.request('DELETE', `/api/v1/attachments/${att.id}`)).statusCode).toBe(204);
    expect((await bob.get(`/api/v1/attachments/${att.id}`)).statusCode).toBe(404);
    const [row] = await t.deps.db.select().from(attachments).where(eq(attachments.id, att.id));
    expect(row?.deletedAt).not.toBeNull();
    expect(row?.deletedBy).toBe(bobId);
  });

  it('purges expired bytes, keeps the metadata, and removes a shared file only when no live row needs it', async () => {
    await purgeExpiredAttachments(t.deps); // what earlier tests deleted
    const shared = csv([`导入,${crypto.randomBytes(6).toString('hex')}`]);
    const imported = (
      await upload(alice, { filename: '导入.csv', content: shared }, { purpose: 'import' })
    ).json<Attachment>();
    const kept = (await upload(bob, { filename: '保留.csv', content: shared })).json<Attachment>();
    const secret = (
      await upload(
        alice,
        { filename: '导入名单.csv', content: csv(['赵六,360735196001010012']) },
        { purpose: 'import', personalData: 'true' },
      )
    ).json<Attachment>();
    expect(imported.purgeAfter).toBe(new Date(t.clock.now().getTime() + 30 * dayMs).toISOString());
    const sharedPath = storedFiles(t).find((f) => f.bytes.equals(Buffer.from(shared)))!.file;
    const secretKey = (await t.deps.db.select().from(attachments).where(eq(attachments.id, secret.id)))[0]!.storageKey;

    // Not yet due: nothing happens.
    t.clock.advance(29 * dayMs);
    expect((await purgeExpiredAttachments(t.deps)).purgedAttachments).toBe(0);

    t.clock.advance(2 * dayMs);
    const result = await purgeExpiredAttachments(t.deps);
    expect(result.purgedAttachments).toBeGreaterThanOrEqual(2);
    await signInAll();

    // The encrypted import is gone from disk; the shared bytes stay for the row that still needs them.
    expect(storedFiles(t).some((f) => f.file.endsWith(secretKey))).toBe(false);
    expect(fs.existsSync(sharedPath)).toBe(true);
    expect((await bob.get(`/api/v1/attachments/${kept.id}`)).body).toBe(shared);

    for (const id of [imported.id, secret.id]) {
      const meta = await alice.get(`/api/v1/attachments/${id}/meta`);
      expect(meta.statusCode).toBe(200);
      expect(meta.json<Attachment>()).toMatchObject({
        purgedAt: t.clock.now().toISOString(),
        abilities: { download: false },
      });
      const dl = await alice.get(`/api/v1/attachments/${id}`);
      expect(dl.statusCode).toBe(410);
      expect(dl.json()).toMatchObject({ error: 'GONE', message: '文件已按保存期限清除' });
    }

    // Deleting the last live row makes the shared file due; the next run removes it.
    expect((await bob.request('DELETE', `/api/v1/attachments/${kept.id}`)).statusCode).toBe(204);
    const second = await purgeExpiredAttachments(t.deps);
    expect(second.removedFiles).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(sharedPath)).toBe(false);
    expect((await t.deps.db.select().from(attachments).where(eq(attachments.id, kept.id)))[0]?.purgedAt).not.toBeNull();
    expect((await purgeExpiredAttachments(t.deps)).purgedAttachments).toBe(0);
  });
});
