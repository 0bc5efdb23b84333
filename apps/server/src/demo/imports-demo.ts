import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { uuidv7 } from '@anzhi/domain/ids';
import { localDate } from '@anzhi/domain/periods';
import { auditedTransaction, type ActorContext } from '../platform/audit/audit.service';
import { storeGeneratedAttachment } from '../platform/files/attachments.service';
import { sites } from '../modules/org/org.table';
import { applyBatch } from '../modules/imports/imports.apply';
import { dryRun, type ImportDeps, type RunControl } from '../modules/imports/imports.parse';
import { emptyCounts } from '../modules/imports/imports.presenter';
import { findBatch, insertBatch, transitionBatch } from '../modules/imports/imports.repository';
import { importOwnerType } from '../modules/imports/imports.service';
import { generatedRows } from '../modules/imports/generated-rows';
import { registryXlsx, type SheetValues } from '../modules/imports/sample-workbook';
import { users } from '../modules/users/users.table';

/*
 * Two import batches for the imports page (issue 5, item 5): one applied (twelve new households at 城南幸福家园),
 * and one dry run waiting for confirmation with new, changed, unchanged and error rows. Both go through the real
 * dry run and apply (in this thread: the files are small), uploaded by the 城南 site manager (gly), so the
 * county leads (who see every batch) and gly see them.
 */

const idle: RunControl = {
  signal: new AbortController().signal,
  throwIfCancelled: () => undefined,
  progress: async () => undefined,
};

async function demoBatch(
  deps: ImportDeps,
  actor: ActorContext & { actorId: string },
  fileName: string,
  content: Buffer,
) {
  const id = uuidv7();
  await auditedTransaction(deps.db, deps.clock, actor, 'import.upload', async (tx, audit) => {
    const file = await storeGeneratedAttachment(deps, tx, {
      source: Readable.from(content),
      filename: fileName,
      purpose: 'import',
      personalData: true,
      uploadedBy: actor.actorId,
      ownerType: importOwnerType,
      ownerId: id,
    });
    const now = deps.clock.now();
    await insertBatch(tx, {
      id,
      countyCode: deps.config.countyCode,
      kind: 'registry',
      fileName,
      format: 'xlsx',
      fileSize: file.size,
      fileSha256: file.sha256,
      attachmentId: file.id,
      status: 'uploaded',
      phase: 'queued',
      counts: emptyCounts(),
      createdBy: actor.actorId,
      createdAt: now,
      updatedAt: now,
    });
    audit.entity('import_batch', id, null, { kind: 'registry', fileName, size: file.size, sha256: file.sha256 });
  });
  await dryRun(deps, (await findBatch(deps.db, id))!.batch, idle, { inThread: true });
  return id;
}

export async function loadImportsDemo(deps: ImportDeps, siteIds: ReadonlyMap<string, string>): Promise<void> {
  const [gly] = await deps.db.select().from(users).where(eq(users.username, 'gly')).limit(1);
  const chengnan = siteIds.get('chengnan');
  if (!gly || !chengnan) return;
  const actor = { actorId: gly.id, actorName: gly.displayName, ip: null, requestId: null };
  const [site] = await deps.db.select().from(sites).where(eq(sites.id, chengnan));
  const gen = await generatedRows(deps.db, {
    countyCode: deps.config.countyCode,
    siteIds: [site!.id],
    households: 20,
    seed: 20220401,
    firstNumber: 990_001,
    asOf: localDate(deps.clock.now()),
  });
  // The generator places some households dispersed; the site manager imports only the site's own.
  const all = [...gen.rows()];
  const households: SheetValues[][] = [];
  for (const r of all) {
    if (r.householdNumber) households.push([r]);
    else households[households.length - 1]!.push(r);
  }
  const atSite = households.filter((h) => h[0]!.site === site!.name);
  const applied = atSite.slice(0, 8);
  const appliedId = await demoBatch(
    deps,
    actor,
    '城南幸福家园花名册（2022年3月）.xlsx',
    await registryXlsx(applied.flat()),
  );
  await transitionBatch(deps.db, appliedId, ['parsed'], { status: 'applying', confirmedAt: deps.clock.now() });
  await applyBatch(deps, (await findBatch(deps.db, appliedId))!.batch, actor, idle);

  // The next month's file: two households changed, one unchanged, new ones, and rows with errors.
  const other = (v: unknown) => (v === '弱劳动力或半劳动力' ? '普通劳动力' : '弱劳动力或半劳动力');
  const changed = applied
    .slice(0, 2)
    .map((h) => h.map((r, i) => (i === 0 ? { ...r, labourCapacity: other(r.labourCapacity) } : r)));
  const fresh = atSite.slice(8, 12);
  const broken = fresh.slice(0, 3).map((h) => h.map((r) => ({ ...r })));
  if (broken[0])
    broken[0][0]!.idNumber = `${String(broken[0][0]!.idNumber).slice(0, 17)}${String(broken[0][0]!.idNumber).endsWith('1') ? '2' : '1'}`;
  if (broken[1]) broken[1][broken[1].length - 1]!.labourCapacity = '能干活';
  if (broken[2]) broken[2][0]!.site = '城南新区安置点';
  const rows = [...changed, applied[2]!, ...broken, ...fresh.slice(3)].flat();
  await demoBatch(deps, actor, '城南幸福家园花名册（2022年4月）.xlsx', await registryXlsx(rows));
}
