import type { Role } from '@anzhi/contracts/permissions';

/** Published demo password (README). Demo accounts are exempt from the first-login change. */
export const demoPassword = 'Anzhi@2026';
/** The demo 系统管理员's TOTP secret, printed in the README (base32, 20 bytes). */
export const demoAdminTotpSecret = 'ANZHIDEMOADMINTOTPSECRETSHICHENG';

/** Where an assignment's scope comes from: a township or village code, a demo site key, or a unit name. */
export interface DemoScope {
  role: Role;
  divisionCode?: string;
  site?: string;
  unit?: string;
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  note: string;
  /** Scoped assignments; when absent the account holds `role` with its natural scope. */
  assignments?: DemoScope[];
}

/** One account per role of domain.md §1 (several townships, so scope can be seen). Names are synthetic. */
export const demoAccounts: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'system_admin', note: '需动态验证码（演示密钥见 README）' },
  {
    username: 'xczx',
    displayName: '刘振华（县乡村振兴局）',
    role: 'county_lead',
    note: '县级管理员，全县数据；审核县乡村振兴局牵头的责任清单事项',
    assignments: [{ role: 'county_lead' }, { role: 'department', unit: '县乡村振兴局' }],
  },
  {
    username: 'fgw',
    displayName: '陈立新（县发改委）',
    role: 'county_lead',
    note: '县级牵头单位；审核县发改委牵头的责任清单事项',
    assignments: [{ role: 'county_lead' }, { role: 'department', unit: '县发改委' }],
  },
  {
    username: 'rsj',
    displayName: '黄晓梅（县人社局）',
    role: 'department',
    note: '县人社局的任务与数据',
    assignments: [{ role: 'department', unit: '县人社局' }],
  },
  {
    username: 'yibao',
    displayName: '钟丽萍（县医保局）',
    role: 'department',
    note: '县医保局：每月上传医疗费用比对数据（部门数据比对）',
    assignments: [{ role: 'department', unit: '县医保局' }],
  },
  {
    username: 'mzj',
    displayName: '刘海燕（县民政局）',
    role: 'department',
    note: '县民政局：每月上传低保特困变动比对数据',
    assignments: [{ role: 'department', unit: '县民政局' }],
  },
  {
    username: 'jkt',
    displayName: '周雅琴（县教科体局）',
    role: 'department',
    note: '县教科体局的任务（责任清单第14项等）',
    assignments: [{ role: 'department', unit: '县教科体局' }],
  },
  {
    username: 'qinjiang',
    displayName: '赖国平（琴江镇）',
    role: 'township',
    note: '琴江镇的安置点',
    assignments: [{ role: 'township', divisionCode: '360735100000' }],
  },
  {
    username: 'pingshan',
    displayName: '温秀英（屏山镇）',
    role: 'township',
    note: '屏山镇的安置点',
    assignments: [{ role: 'township', divisionCode: '360735102000' }],
  },
  {
    username: 'xiaosong',
    displayName: '张俊（小松镇，兼长江村安置点点长）',
    role: 'township',
    note: '一人两角色：小松镇乡镇用户 + 屏山镇长江村安置点点长',
    assignments: [
      { role: 'township', divisionCode: '360735101000' },
      { role: 'site_chief', site: 'changjiang' },
    ],
  },
  {
    username: 'csgw',
    displayName: '邱志强（城市社区管委会）',
    role: 'urban_community',
    note: '县城各安置点',
    assignments: [{ role: 'urban_community', unit: '县城市社区党工委、管委会' }],
  },
  { username: 'zdz', displayName: '李伟东（总点长）', role: 'county_chief', note: '全部安置点' },
  {
    username: 'dianzhang',
    displayName: '曾建军（点长）',
    role: 'site_chief',
    note: '联系城南幸福家园、屏山集镇两个安置点',
    assignments: [
      { role: 'site_chief', site: 'chengnan' },
      { role: 'site_chief', site: 'pingshan' },
    ],
  },
  {
    username: 'dianzhang2',
    displayName: '黄永明（点长）',
    role: 'site_chief',
    note: '联系连城、东城、小松三个安置点',
    assignments: [
      { role: 'site_chief', site: 'liancheng' },
      { role: 'site_chief', site: 'dongcheng' },
      { role: 'site_chief', site: 'xiaosong' },
    ],
  },
  {
    username: 'dianzhang3',
    displayName: '温建华（点长）',
    role: 'site_chief',
    note: '联系横江、高田、赣江源三个安置点（上半年未向总点长汇报）',
    assignments: [
      { role: 'site_chief', site: 'hengjiang' },
      { role: 'site_chief', site: 'gaotian' },
      { role: 'site_chief', site: 'ganjiangyuan' },
    ],
  },
  {
    username: 'dianzhang4',
    displayName: '陈志刚（点长）',
    role: 'site_chief',
    note: '联系木兰、丰山、大由、工业园区四个安置点（大由安置点本月、上月走访不足）',
    assignments: [
      { role: 'site_chief', site: 'mulan' },
      { role: 'site_chief', site: 'fengshan' },
      { role: 'site_chief', site: 'dayou' },
      { role: 'site_chief', site: 'industrial' },
    ],
  },
  {
    username: 'gly',
    displayName: '罗丽华（安置点管理员）',
    role: 'site_manager',
    note: '城南幸福家园安置区',
    assignments: [{ role: 'site_manager', site: 'chengnan' }],
  },
  { username: 'bfgb', displayName: '谢文斌（帮扶干部）', role: 'help_cadre', note: '结对帮扶户' },
  {
    username: 'cgb',
    displayName: '吴春生（迁出地村干部）',
    role: 'origin_cadre',
    note: '横江镇平阳村',
    assignments: [{ role: 'origin_cadre', divisionCode: '360735103201' }],
  },
  { username: 'jumin', displayName: '钟家福（搬迁群众）', role: 'resident', note: '本户信息' },
];
