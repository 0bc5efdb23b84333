import { eq, inArray } from 'drizzle-orm';
import { defaultCountyChiefDuties, defaultSiteChiefDuties, type ChiefTask } from '@anzhi/contracts/chiefs';
import { uuidv7 } from '@anzhi/domain/ids';
import { currentPeriod, localDate, periodOf, previousPeriod, type Period } from '@anzhi/domain/periods';
import type { Tx } from '../db/client';
import type { AuditRecorder } from '../platform/audit/audit.service';
import type { Deps } from '../platform/deps';
import { experienceReports } from '../modules/assessment/assessment.table';
import { chiefAssignments, chiefReports, chiefVisits } from '../modules/chiefs/chiefs.table';
import { sites } from '../modules/org/org.table';
import { roleAssignments, users } from '../modules/users/users.table';
import type { DemoUser } from './platform-demo';

/** The demo site whose chief falls short this month and last month (R01). */
export const demoShortSiteKey = 'dayou';
/** The demo chief the county chief did not hear in the last finished half year (R02). */
export const demoUnheardChief = 'dianzhang3';

const problems = [
  ['部分楼道声控灯损坏', '已协调物业更换', '下次走访复查'],
  ['两户反映孩子转学手续未办完', '联系县教科体局现场办理', '跟踪入学情况'],
  ['帮扶车间订单不足，3 人待岗', '对接百企帮百点企业新增岗位 5 个', '月底前回访就业情况'],
  ['小区垃圾清运不及时', '与镇环卫所约定每日清运', '—'],
  ['一户老人长期慢性病，医保报销不清楚', '讲解医保政策并协助办理门诊慢特病', '下月电话回访'],
  ['积分超市物品种类少', '补充生活用品 20 种', '—'],
  ['无新问题', '—', '—'],
] as const;

/** Local instant `fraction` of the way between two instants (for visits spread across a month so far). */
const between = (start: Date, end: Date, fraction: number) =>
  new Date(start.getTime() + Math.floor((end.getTime() - start.getTime()) * fraction));

function monthsBack(now: Date, n: number): Period[] {
  const months = [currentPeriod('month', { now: () => now })];
  while (months.length < n) months.unshift(previousPeriod(months[0]!));
  return months;
}

/**
 * Site chiefs for the 13 demo sites, six months of visits (one site short this month and last), the
 * county chief's half-year hearings (one chief not heard last half year) and two experience reports
 * (one marked). Terms start six months back, so earlier months are simply not applicable.
 */
export async function loadChiefsDemo(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  audit: AuditRecorder,
  siteIds: ReadonlyMap<string, string>,
  loaded: readonly DemoUser[],
): Promise<void> {
  const now = deps.clock.now();
  const months = monthsBack(now, 6);
  const from = localDate(months[0]!.start);
  const userIds = loaded.map((u) => u.id);
  const grants = await tx
    .select({ ra: roleAssignments, name: users.displayName, username: users.username, siteName: sites.name })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .leftJoin(sites, eq(sites.id, roleAssignments.siteId))
    .where(inArray(roleAssignments.userId, userIds));
  const chiefGrants = grants.filter((g) => g.ra.role === 'site_chief' && g.ra.siteId);
  const county = grants.find((g) => g.ra.role === 'county_chief');
  const tasks = (siteName: string): ChiefTask[] => [
    { id: 't1', title: `制定${siteName}帮扶规划`, due: localDate(months[1]!.start), done: true },
    { id: 't2', title: '每月至少到安置点调研指导 2 次', due: null, done: false },
    { id: 't3', title: '每半年向总点长汇报 1 次工作', due: null, done: false },
    { id: 't4', title: '推动安置点帮扶车间稳岗扩岗', due: localDate(months[5]!.end), done: false },
  ];
  for (const g of chiefGrants) {
    const id = uuidv7();
    await tx.insert(chiefAssignments).values({
      id,
      kind: 'site_chief',
      userId: g.ra.userId,
      siteId: g.ra.siteId,
      roleAssignmentId: g.ra.id,
      fromDate: from,
      plan: `围绕${g.siteName ?? ''}稳就业、强治理、优服务，按月调研指导，解决群众急难愁盼问题。`,
      duties: [...defaultSiteChiefDuties],
      tasks: tasks(g.siteName ?? '安置点'),
      createdAt: now,
      updatedAt: now,
    });
    audit.entity('chief_assignment', id, null, { kind: 'site_chief', userId: g.ra.userId, siteId: g.ra.siteId, from });
  }
  if (county) {
    const id = uuidv7();
    await tx.insert(chiefAssignments).values({
      id,
      kind: 'county_chief',
      userId: county.ra.userId,
      roleAssignmentId: county.ra.id,
      fromDate: from,
      plan: '统筹调度全县安置点后续扶持工作，每半年听取各点长汇报。',
      duties: [...defaultCountyChiefDuties],
      tasks: [],
      createdAt: now,
      updatedAt: now,
    });
    audit.entity('chief_assignment', id, null, { kind: 'county_chief', userId: county.ra.userId, from });
  }

  // Visits: twice a month (three times in some months); the short site once this month and once last month.
  const shortSiteId = siteIds.get(demoShortSiteKey);
  const visits: (typeof chiefVisits.$inferInsert)[] = [];
  chiefGrants.forEach((g, gi) => {
    months.forEach((month, mi) => {
      const current = mi === months.length - 1;
      const end = current ? now : month.end;
      const short = g.ra.siteId === shortSiteId && mi >= months.length - 2;
      const fractions = short ? [0.4] : (gi + mi) % 3 === 0 ? [0.1, 0.45, 0.8] : [0.15, 0.6];
      for (const [fi, f] of fractions.entries()) {
        const [found, solved, follow] = problems[(gi * 3 + mi * 2 + fi) % problems.length]!;
        visits.push({
          id: uuidv7(),
          siteId: g.ra.siteId!,
          chiefId: g.ra.userId,
          visitedAt: between(month.start, end, current ? f * 0.9 : f),
          problemsFound: found,
          problemsSolved: solved,
          followUps: follow,
          recordedBy: g.ra.userId,
          createdAt: now,
        });
      }
    });
  });
  for (let i = 0; i < visits.length; i += 500) await tx.insert(chiefVisits).values(visits.slice(i, i + 500));
  audit.entity('chief_visit', 'demo', null, { count: visits.length });

  // Hearings: every chief in each half year the terms reach (the current one so far), except one chief.
  const halves: Period[] = [];
  for (let h = periodOf('half_year', now); h.end > months[0]!.start; h = previousPeriod(h)) halves.push(h);
  const byChief = new Map<string, { userId: string; username: string; siteIds: string[] }>();
  for (const g of chiefGrants) {
    const entry = byChief.get(g.ra.userId) ?? { userId: g.ra.userId, username: g.username, siteIds: [] };
    entry.siteIds.push(g.ra.siteId!);
    byChief.set(g.ra.userId, entry);
  }
  for (const half of halves) {
    const current = half.end > now;
    for (const c of byChief.values()) {
      if (c.username === demoUnheardChief) continue;
      const id = uuidv7();
      await tx.insert(chiefReports).values({
        id,
        heardAt: between(half.start, current ? now : half.end, current ? 0.5 : 0.9),
        siteChiefId: c.userId,
        countyChiefId: county?.ra.userId ?? null,
        siteIds: c.siteIds,
        summary: '汇报所联系安置点就业帮扶、社区治理、矛盾调处和下一步工作打算。',
        recordedBy: county?.ra.userId ?? c.userId,
        createdAt: now,
      });
      audit.entity('chief_report', id, null, { siteChiefId: c.userId, halfYear: half.key });
    }
  }
  await loadExperienceDemo(tx, now, audit, loaded);
}

async function loadExperienceDemo(tx: Tx, now: Date, audit: AuditRecorder, loaded: readonly DemoUser[]) {
  const byName = new Map(loaded.map((u) => [u.username, u.id]));
  const year = Number(localDate(now).slice(0, 4));
  const lead = byName.get('xczx') ?? null;
  const reports = [
    {
      by: 'qinjiang',
      code: '360735100000',
      label: '琴江镇',
      title: '“点长+楼栋长”双轨制提升城南安置区治理水平',
      body: '我镇在城南幸福家园安置区推行“点长+楼栋长”双轨制：点长每月两次调研指导，楼栋长每日巡查，问题清单化、销号化管理……',
      mark: { score: 92, grade: '优秀', comment: '做法可复制，建议在全县安置点推广，予以通报表扬。' },
    },
    {
      by: 'pingshan',
      code: '360735102000',
      label: '屏山镇',
      title: '帮扶车间“订单+培训”带动搬迁群众家门口就业',
      body: '屏山镇依托集镇安置点帮扶车间，引进来料加工订单，先培训后上岗，带动搬迁劳动力就近就业……',
      mark: null,
    },
  ];
  for (const r of reports) {
    const submittedBy = byName.get(r.by);
    if (!submittedBy) continue;
    const id = uuidv7();
    await tx.insert(experienceReports).values({
      id,
      year,
      title: r.title,
      body: r.body,
      divisionCode: r.code,
      submitterLabel: r.label,
      submittedBy,
      submittedAt: now,
      ...(r.mark && lead ? { ...r.mark, markedBy: lead, markedAt: now } : {}),
      createdAt: now,
      updatedAt: now,
    });
    audit.entity('experience_report', id, null, { title: r.title, marked: !!r.mark });
  }
}
