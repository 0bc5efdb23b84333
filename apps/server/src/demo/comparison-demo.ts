import { Readable } from 'node:stream';
import crypto from 'node:crypto';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { makeIdNumber } from '@anzhi/domain/id-number';
import { uuidv7 } from '@anzhi/domain/ids';
import { currentPeriod, previousPeriod } from '@anzhi/domain/periods';
import { auditedTransaction, type ActorContext } from '../platform/audit/audit.service';
import type { AuthState } from '../platform/auth/auth.service';
import type { Deps } from '../platform/deps';
import { storeGeneratedAttachment } from '../platform/files/attachments.service';
import { assignmentsOfUser } from '../modules/org/scope';
import { permissionsOf, type Role } from '@anzhi/contracts/permissions';
import { householdMembers, households, persons } from '../modules/registry/registry.table';
import { users } from '../modules/users/users.table';
import { ensureKinds, loadKind } from '../modules/comparison/comparison.kinds';
import { processBatch, type ComparisonDeps } from '../modules/comparison/comparison.process';
import { holdDeliberation, verifyWarning } from '../modules/comparison/comparison.service';
import { comparisonBatches, comparisonWarnings } from '../modules/comparison/comparison.table';

/*
 * 部门数据比对 demo: two months (the previous and the current) of batches from 县医保局 (yibao), 县民政局 (mzj) and
 * 县人社局 (rsj) about households of 城南幸福家园 (gly's site, 琴江镇), run through the real processing. Last month
 * was verified and deliberated by 琴江镇 (one warning escalated to a monitoring clue, the others dismissed); this
 * month a cumulative medical warning is verified and waits for the deliberation, others are new.
 */

async function authOf(
  deps: ComparisonDeps,
  username: string,
): Promise<{ auth: AuthState; actor: ActorContext } | null> {
  const [u] = await deps.db.select().from(users).where(eq(users.username, username)).limit(1);
  if (!u) return null;
  const assignments = await assignmentsOfUser(deps.db, u.id);
  const roles = [...new Set(assignments.map((a) => a.role))] as Role[];
  const auth = { user: u, assignments, roles, permissions: permissionsOf(roles) } as unknown as AuthState;
  return { auth, actor: { actorId: u.id, actorName: u.displayName, ip: null, requestId: null } };
}

async function demoBatch(
  deps: ComparisonDeps,
  actor: ActorContext & { actorId: string },
  kindKey: string,
  month: string,
  fileName: string,
  csv: string,
  uploadedAt: Date,
): Promise<string | null> {
  const kind = await loadKind(deps.db, kindKey);
  if (!kind) return null;
  const id = uuidv7();
  const content = Buffer.from(`\ufeff${csv}`, 'utf8');
  await auditedTransaction(deps.db, deps.clock, actor, 'comparison.batch.upload', async (tx, audit) => {
    const file = await storeGeneratedAttachment(deps, tx, {
      source: Readable.from(content),
      filename: fileName,
      purpose: 'import',
      personalData: true,
      uploadedBy: actor.actorId,
      ownerType: 'comparison_batch',
      ownerId: id,
    });
    await tx.insert(comparisonBatches).values({
      id,
      countyCode: deps.config.countyCode,
      unitId: kind.unitId,
      kindKey,
      month,
      fileName,
      format: 'csv',
      fileSha256: crypto.createHash('sha256').update(content).digest('hex'),
      attachmentId: file.id,
      status: 'uploaded',
      counts: { rows: 0, matched: 0, unmatched: 0, invalid: 0, duplicate: 0, warnings: 0 },
      createdBy: actor.actorId,
      createdAt: uploadedAt,
      updatedAt: uploadedAt,
    });
    audit.entity('comparison_batch', id, null, { kindKey, month, fileName });
  });
  await processBatch(deps, id, actor);
  return id;
}

const day = (month: string, d: number, hour = 10) =>
  new Date(`${month}-${String(d).padStart(2, '0')}T${String(hour - 8).padStart(2, '0')}:00:00Z`);

export async function loadComparisonDemo(deps: ComparisonDeps, siteIds: ReadonlyMap<string, string>): Promise<void> {
  const chengnan = siteIds.get('chengnan');
  const [yibao, mzj, rsj, gly, qinjiang] = await Promise.all(
    ['yibao', 'mzj', 'rsj', 'gly', 'qinjiang'].map((u) => authOf(deps, u)),
  );
  if (!chengnan || !yibao || !mzj || !rsj || !gly || !qinjiang) return;
  await ensureKinds(deps.db);
  // Members of 城南 households with ID numbers (decrypted here only to write the department's synthetic file).
  const people = await deps.db
    .select({ name: persons.name, enc: persons.idNumberEnc, householdId: households.id })
    .from(householdMembers)
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(
      and(
        eq(households.siteId, chengnan),
        eq(households.status, 'active'),
        isNull(households.deletedAt),
        isNull(householdMembers.validTo),
        isNotNull(persons.idNumberEnc),
        sql`${persons.birthDate} < '2000-01-01'`,
      ),
    )
    .orderBy(households.householdNumber, persons.birthDate)
    .limit(60);
  // One person per household, so each warning names a different household.
  const seen = new Set<string>();
  const p = people
    .filter((x) => (seen.has(x.householdId) ? false : (seen.add(x.householdId), true)))
    .map((x) => ({ name: x.name, id: deps.cipher.decrypt(x.enc!) }));
  if (p.length < 8) return;
  const stranger = (n: number) => makeIdNumber('360730', `1978010${n}`, 100 + n * 2);
  const current = currentPeriod('month', deps.clock).key;
  const previous = previousPeriod(currentPeriod('month', deps.clock)).key;
  const y = (m: string, rows: [string, string, number][]) =>
    [
      '序号,姓名,身份证号码,就诊医院,结算日期,医疗总费用,个人自付',
      ...rows.map(
        ([id, name, amount], i) =>
          `${i + 1},${name},${id},石城县人民医院,${m}-06,${(amount * 2.5).toFixed(2)},${amount}`,
      ),
    ].join('\n');
  const m = (rows: [string, string, string, string][]) =>
    [
      '姓名,公民身份号码,保障类型,变动情况,变动日期',
      ...rows.map(([name, id, a, c]) => `${name},${id},${a},${c},${previous}-03`),
    ].join('\n');

  // Last month: three departments delivered before the 25th.
  await demoBatch(
    deps,
    yibao.actor as ActorContext & { actorId: string },
    'yb_medical',
    previous,
    `医保${previous}医疗费用明细.csv`,
    y(previous, [
      [p[0]!.id, p[0]!.name, 7200],
      [p[1]!.id, p[1]!.name, 13800],
      [p[2]!.id, p[2]!.name, 460],
      [stranger(1), '外县人员甲', 3100],
      [stranger(2), '外县人员乙', 900],
      [`${p[3]!.id.slice(0, 17)}${p[3]!.id.endsWith('1') ? '2' : '1'}`, p[3]!.name, 300],
    ]),
    day(previous, 8),
  );
  await demoBatch(
    deps,
    mzj.actor as ActorContext & { actorId: string },
    'mz_assistance',
    previous,
    `民政${previous}低保特困变动.csv`,
    m([
      [p[4]!.name, p[4]!.id, '低保', '停发'],
      [p[5]!.name, p[5]!.id, '低保', '新增'],
      [p[5]!.name, p[5]!.id, '低保', '新增'],
    ]),
    day(previous, 9),
  );
  await demoBatch(
    deps,
    rsj.actor as ActorContext & { actorId: string },
    'rs_unemployment',
    previous,
    `人社${previous}登记失业人员.csv`,
    [
      '身份证号,姓名,失业登记日期',
      `${p[6]!.id},${p[6]!.name},${previous}-02`,
      `${stranger(3)},外县人员丙,${previous}-04`,
    ].join('\n'),
    day(previous, 10),
  );

  // This month: 医保 (the cumulative rule fires for p[0]: last month + this month) and 民政.
  await demoBatch(
    deps,
    yibao.actor as ActorContext & { actorId: string },
    'yb_medical',
    current,
    `医保${current}医疗费用明细.csv`,
    y(current, [
      [p[0]!.id, p[0]!.name, 4100],
      [p[2]!.id, p[2]!.name, 380],
      [stranger(4), '外县人员丁', 2200],
    ]),
    deps.clock.now(),
  );
  await demoBatch(
    deps,
    mzj.actor as ActorContext & { actorId: string },
    'mz_assistance',
    current,
    `民政${current}低保特困变动.csv`,
    m([[p[7]!.name, p[7]!.id, '特困', '停发']]),
    deps.clock.now(),
  );

  const warningsOf = (month: string) =>
    deps.db
      .select()
      .from(comparisonWarnings)
      .where(eq(comparisonWarnings.month, month))
      .orderBy(comparisonWarnings.ruleId);
  const full = deps as unknown as Deps;
  // Last month: verified on site, then deliberated by 琴江镇 (the medical one escalated to a monitoring clue).
  const prev = await warningsOf(previous);
  const medical = prev.find((w) => w.ruleId === 'YB01');
  for (const w of prev)
    await verifyWarning(full, gly.auth, gly.actor, w.id, {
      result: w.ruleId === 'MZ01' ? 'not_confirmed' : 'confirmed',
      notes: w.ruleId === 'MZ01' ? '入户核实：已重新纳入低保，停发为系统调整' : '入户核实属实',
    });
  await deps.db
    .update(comparisonWarnings)
    .set({ verifiedAt: day(previous, 18) })
    .where(eq(comparisonWarnings.month, previous));
  if (medical)
    await holdDeliberation(full, qinjiang.auth, qinjiang.actor, {
      id: uuidv7(),
      townshipCode: '360735100000',
      month: previous,
      heldOn: `${previous}-20`,
      participants: '镇党委副书记、镇乡村振兴工作站、城南幸福家园安置区管理员、帮扶干部代表',
      notes: '研判部门比对预警：大额医疗自付纳入监测线索，其余排除',
      escalateWarningIds: [medical.id],
    });
  // This month: the cumulative warning verified (waits for the deliberation), the 民政 one still new.
  const cur = await warningsOf(current);
  const cumulative = cur.find((w) => w.ruleId === 'YB01');
  if (cumulative)
    await verifyWarning(full, gly.auth, gly.actor, cumulative.id, {
      result: 'confirmed',
      notes: '入户核实：本年累计自付已超限额',
    });
}
