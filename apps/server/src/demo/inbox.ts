import type { Role } from '@anzhi/contracts/permissions';

/**
 * The demo's 我的待办 items and notifications, per role (synthetic texts; no person is named). Loaded by
 * demo/platform-demo.ts with times relative to the injected clock.
 */

/** Pages of the web app the demo links to. */
export type DemoLink = '/' | '/inbox' | '/sites' | '/admin/jobs';

/**
 * When an item is due (Asia/Shanghai, half-open deadlines): the end of this month, the 3rd of next month (月度确认),
 * three days ago (overdue), or the 3rd of this month (last month's confirmation, used for items already done).
 */
export type DemoDue = 'thisMonthEnd' | 'nextMonth3rd' | 'threeDaysAgo' | 'thisMonth3rd';

export interface DemoInboxText {
  source: string;
  title: string;
  due: DemoDue;
  link: DemoLink;
  /** Done a little before it was due. */
  done?: boolean;
}

export interface DemoNotificationText {
  source: string;
  title: string;
  body: string;
  link: DemoLink;
  /** Sent this many hours before the demo was loaded. */
  hoursAgo: number;
  /** Read an hour after it was sent. */
  read?: boolean;
}

export interface DemoMessages {
  inbox: DemoInboxText[];
  notifications: DemoNotificationText[];
}

export interface DemoTextContext {
  /** This month, e.g. '2026年3月'. */
  month: string;
  lastMonth: string;
  /** The site, village or sites the account works on. */
  place: string;
  /** Households (for a site chief: sites) still to visit this month. */
  pending: number;
}

const chengnan = '城南幸福家园安置区';
const chengnanPending = 12;

/** Where each demo account works, for its texts; accounts not listed get the default. */
const workplaces: Record<string, Pick<DemoTextContext, 'place' | 'pending'>> = {
  qinjiang: { place: chengnan, pending: chengnanPending },
  pingshan: { place: '屏山集镇安置点', pending: 5 },
  xiaosong: { place: '小松莲乡苑安置点', pending: 4 },
  csgw: { place: '县城 3 个安置点', pending: 15 },
  zdz: { place: '全县安置点', pending: 2 },
  dianzhang: { place: `${chengnan}、屏山集镇安置点`, pending: 2 },
  gly: { place: chengnan, pending: chengnanPending },
  bfgb: { place: '结对帮扶户', pending: 3 },
  cgb: { place: '横江镇平阳村', pending: 4 },
};

export function demoWorkplaceOf(username: string): Pick<DemoTextContext, 'place' | 'pending'> {
  return workplaces[username] ?? { place: chengnan, pending: chengnanPending };
}

/** Every role's texts: 3–4 inbox items from at least two sources (one overdue, one done), 2–3 notifications (one read). */
export const demoMessagesByRole: Record<Role, (c: DemoTextContext) => DemoMessages> = {
  system_admin: (c) => ({
    inbox: [
      { source: 'demo.system', title: `复核${c.month}登录日志与账号锁定记录`, due: 'thisMonthEnd', link: '/' },
      {
        source: 'demo.backup',
        title: '备份数据库、密钥和附件（npm run backup），并把备份转存到离线介质',
        due: 'threeDaysAgo',
        link: '/',
      },
      {
        source: 'demo.system',
        title: `为各乡镇新增用户开通账号（${c.lastMonth}申请）`,
        due: 'thisMonth3rd',
        link: '/',
        done: true,
      },
    ],
    notifications: [
      {
        source: 'demo.jobs',
        title: '后台任务失败：演示任务（计数）',
        body: '任务在第 3 次执行时失败，已达最多尝试次数。可在“后台任务”中查看原因并重试。',
        link: '/admin/jobs',
        hoursAgo: 3,
      },
      {
        source: 'demo.audit',
        title: '审计链校验通过',
        body: '全部审计记录完整，未发现篡改或缺失。',
        link: '/',
        hoursAgo: 30,
        read: true,
      },
    ],
  }),
  county_lead: (c) => ({
    inbox: [
      {
        source: 'demo.ledger',
        title: `审核各乡镇${c.month}月度确认（回访台账与“三类人员”监测台账）`,
        due: 'nextMonth3rd',
        link: '/',
      },
      {
        source: 'demo.revisit',
        title: `督办：${chengnan} 本月尚有 ${chengnanPending} 户未回访`,
        due: 'thisMonthEnd',
        link: '/sites',
      },
      {
        source: 'demo.report',
        title: `汇总上报${c.lastMonth}易地搬迁后续扶持工作进展`,
        due: 'threeDaysAgo',
        link: '/',
      },
      {
        source: 'demo.ledger',
        title: `审核各乡镇${c.lastMonth}月度确认`,
        due: 'thisMonth3rd',
        link: '/',
        done: true,
      },
    ],
    notifications: [
      {
        source: 'demo.monitor',
        title: '屏山集镇安置点新增 2 条收入预警',
        body: '2 户人均纯收入估算低于监测线，请督促屏山镇核实。',
        link: '/sites',
        hoursAgo: 5,
      },
      {
        source: 'demo.ledger',
        title: `琴江镇已完成${c.lastMonth}月度确认`,
        body: '回访台账与“三类人员”监测台账已确认，当月快照已冻结。',
        link: '/',
        hoursAgo: 52,
        read: true,
      },
    ],
  }),
  department: (c) => ({
    inbox: [
      {
        source: 'demo.task',
        title: `报送${c.month}就业监测数据（搬迁劳动力务工名单）`,
        due: 'thisMonthEnd',
        link: '/',
      },
      {
        source: 'demo.monitor',
        title: '核实比对结果：7 名搬迁劳动力在社保记录中无务工信息',
        due: 'threeDaysAgo',
        link: '/',
      },
      { source: 'demo.task', title: `报送${c.lastMonth}就业监测数据`, due: 'thisMonth3rd', link: '/', done: true },
    ],
    notifications: [
      {
        source: 'demo.task',
        title: `县乡村振兴局下达任务：报送${c.month}就业监测数据`,
        body: `请于${c.month}底前上传搬迁劳动力务工名单（Excel）。`,
        link: '/inbox',
        hoursAgo: 20,
      },
      {
        source: 'demo.task',
        title: `${c.lastMonth}就业监测数据已确认`,
        body: '县乡村振兴局已确认你单位报送的数据。',
        link: '/',
        hoursAgo: 70,
        read: true,
      },
    ],
  }),
  township: (c) => ({
    inbox: [
      {
        source: 'demo.revisit',
        title: `本月入户回访：${c.place} 尚有 ${c.pending} 户未回访`,
        due: 'thisMonthEnd',
        link: '/sites',
      },
      {
        source: 'demo.ledger',
        title: `月度确认：${c.month}回访台账与“三类人员”监测台账`,
        due: 'nextMonth3rd',
        link: '/',
      },
      {
        source: 'demo.monitor',
        title: `核实预警：${c.place} 2 户人均纯收入低于监测线`,
        due: 'threeDaysAgo',
        link: '/sites',
      },
      {
        source: 'demo.ledger',
        title: `月度确认：${c.lastMonth}回访台账与“三类人员”监测台账`,
        due: 'thisMonth3rd',
        link: '/',
        done: true,
      },
    ],
    notifications: [
      {
        source: 'demo.ledger',
        title: `提醒：${c.month}月度确认请于下月 3 日前完成`,
        body: '回访台账与“三类人员”监测台账确认后，当月快照即冻结。',
        link: '/inbox',
        hoursAgo: 6,
      },
      {
        source: 'demo.monitor',
        title: `${c.place} 新增 2 条收入预警`,
        body: '按监测线比对，2 户人均纯收入估算偏低，已生成核实待办。',
        link: '/inbox',
        hoursAgo: 26,
      },
      {
        source: 'demo.ledger',
        title: `${c.lastMonth}月度确认已完成`,
        body: '县乡村振兴局已收到你镇的月度确认。',
        link: '/',
        hoursAgo: 80,
        read: true,
      },
    ],
  }),
  urban_community: (c) => ({
    inbox: [
      {
        source: 'demo.revisit',
        title: `本月入户回访：${c.place}尚有 ${c.pending} 户未回访`,
        due: 'thisMonthEnd',
        link: '/sites',
      },
      {
        source: 'demo.site',
        title: '更新莲城新居安置区配套设施台账（消防器材年检）',
        due: 'threeDaysAgo',
        link: '/sites',
      },
      {
        source: 'demo.ledger',
        title: `月度确认：${c.lastMonth}县城安置点回访台账`,
        due: 'thisMonth3rd',
        link: '/',
        done: true,
      },
    ],
    notifications: [
      {
        source: 'demo.site',
        title: '东城和美小区尚未成立居委会',
        body: '请会同琴江镇推进居委会组建，完成后在“安置点”中更新。',
        link: '/sites',
        hoursAgo: 8,
      },
      {
        source: 'demo.ledger',
        title: `${c.lastMonth}县城安置点月度确认已完成`,
        body: '县乡村振兴局已收到确认。',
        link: '/',
        hoursAgo: 75,
        read: true,
      },
    ],
  }),
  county_chief: (c) => ({
    inbox: [
      {
        source: 'demo.site',
        title: `本月巡查：${c.place}中尚有 ${c.pending} 个未巡查`,
        due: 'thisMonthEnd',
        link: '/sites',
      },
      {
        source: 'demo.revisit',
        title: '督办：屏山集镇安置点点长本月走访记录未提交',
        due: 'threeDaysAgo',
        link: '/sites',
      },
      { source: 'demo.site', title: `${c.lastMonth}安置点巡查`, due: 'thisMonth3rd', link: '/sites', done: true },
    ],
    notifications: [
      {
        source: 'demo.site',
        title: `${chengnan}报修：充电桩 2 处损坏`,
        body: '安置点管理员已登记，请协调维修。',
        link: '/sites',
        hoursAgo: 10,
      },
      {
        source: 'demo.site',
        title: `${c.lastMonth}巡查记录已归档`,
        body: '全县安置点巡查记录已归档。',
        link: '/',
        hoursAgo: 90,
        read: true,
      },
    ],
  }),
  site_chief: (c) => ({
    inbox: [
      { source: 'demo.site', title: `本月走访：${c.place}各不少于 1 次`, due: 'thisMonthEnd', link: '/sites' },
      {
        source: 'demo.revisit',
        title: `协调解决：${chengnan} 2 户反映的供水问题`,
        due: 'threeDaysAgo',
        link: '/sites',
      },
      { source: 'demo.site', title: `点长走访（${c.lastMonth}）`, due: 'thisMonth3rd', link: '/sites', done: true },
    ],
    notifications: [
      {
        source: 'demo.revisit',
        title: '屏山集镇安置点本月尚有 5 户未回访',
        body: '请督促安置点管理员和帮扶干部按时回访。',
        link: '/sites',
        hoursAgo: 4,
      },
      {
        source: 'demo.site',
        title: '总点长已查阅你的上月走访记录',
        body: '无需补充材料。',
        link: '/',
        hoursAgo: 60,
        read: true,
      },
    ],
  }),
  site_manager: (c) => ({
    inbox: [
      {
        source: 'demo.revisit',
        title: `本月入户回访：${c.place} 尚有 ${c.pending} 户未回访`,
        due: 'thisMonthEnd',
        link: '/sites',
      },
      {
        source: 'demo.site',
        title: `更新安置点信息：${c.place} 便民服务窗口联系电话`,
        due: 'threeDaysAgo',
        link: '/sites',
      },
      {
        source: 'demo.revisit',
        title: `入户回访（${c.lastMonth}）`,
        due: 'thisMonth3rd',
        link: '/sites',
        done: true,
      },
    ],
    notifications: [
      {
        source: 'demo.revisit',
        title: `琴江镇提醒：${c.month}回访请于月底前完成`,
        body: `${c.place} 尚有 ${c.pending} 户未回访。`,
        link: '/inbox',
        hoursAgo: 7,
      },
      {
        source: 'demo.revisit',
        title: `${c.lastMonth}回访台账已由琴江镇确认`,
        body: '当月快照已冻结。',
        link: '/',
        hoursAgo: 85,
        read: true,
      },
    ],
  }),
  help_cadre: (c) => ({
    inbox: [
      {
        source: 'demo.revisit',
        title: `走访${c.place}：本月尚有 ${c.pending} 户未走访`,
        due: 'thisMonthEnd',
        link: '/inbox',
      },
      {
        source: 'demo.monitor',
        title: '填报 1 户结对户的年度收入测算（收入预警核实）',
        due: 'threeDaysAgo',
        link: '/inbox',
      },
      {
        source: 'demo.revisit',
        title: `走访${c.place}（${c.lastMonth}）`,
        due: 'thisMonth3rd',
        link: '/inbox',
        done: true,
      },
    ],
    notifications: [
      {
        source: 'demo.monitor',
        title: '结对户出现收入预警',
        body: '1 户结对户人均纯收入估算低于监测线，请尽快入户核实。',
        link: '/inbox',
        hoursAgo: 9,
      },
      {
        source: 'demo.revisit',
        title: `${c.lastMonth}走访记录已确认`,
        body: '乡镇已确认你的走访记录。',
        link: '/',
        hoursAgo: 100,
        read: true,
      },
    ],
  }),
  origin_cadre: (c) => ({
    inbox: [
      {
        source: 'demo.revisit',
        title: `回访迁出户：${c.place}本月尚有 ${c.pending} 户未回访`,
        due: 'thisMonthEnd',
        link: '/inbox',
      },
      {
        source: 'demo.land',
        title: `核实${c.place} 2 户迁出户旧房拆除与宅基地复垦情况`,
        due: 'threeDaysAgo',
        link: '/inbox',
      },
      {
        source: 'demo.revisit',
        title: `回访迁出户（${c.lastMonth}）`,
        due: 'thisMonth3rd',
        link: '/inbox',
        done: true,
      },
    ],
    notifications: [
      {
        source: 'demo.land',
        title: '横江镇提醒：旧房拆除复垦核实请尽快完成',
        body: '核实结果将用于本季度复垦验收。',
        link: '/inbox',
        hoursAgo: 11,
      },
      {
        source: 'demo.revisit',
        title: `${c.lastMonth}迁出户回访已确认`,
        body: '横江镇已确认回访记录。',
        link: '/',
        hoursAgo: 95,
        read: true,
      },
    ],
  }),
  resident: (c) => ({
    inbox: [
      { source: 'demo.revisit', title: `确认本户${c.month}回访记录`, due: 'thisMonthEnd', link: '/inbox' },
      { source: 'demo.task', title: '补充本户家庭成员务工情况', due: 'threeDaysAgo', link: '/' },
      {
        source: 'demo.revisit',
        title: `确认本户${c.lastMonth}回访记录`,
        due: 'thisMonth3rd',
        link: '/inbox',
        done: true,
      },
    ],
    notifications: [
      {
        source: 'demo.revisit',
        title: '帮扶干部已登记本月回访',
        body: '请在“我的待办”中确认回访记录是否属实。',
        link: '/inbox',
        hoursAgo: 12,
      },
      {
        source: 'demo.policy',
        title: '县人社局将举办搬迁群众专场招聘会',
        body: '本月下旬在县城举办，可到安置点便民服务窗口报名。',
        link: '/',
        hoursAgo: 48,
        read: true,
      },
    ],
  }),
};
