import type { Role } from '@anzhi/contracts/permissions';

/** Published demo password (README). Demo accounts are exempt from the first-login change. */
export const demoPassword = 'Anzhi@2026';
/** The demo 系统管理员's TOTP secret, printed in the README (base32, 20 bytes). */
export const demoAdminTotpSecret = 'ANZHIDEMOADMINTOTPSECRETSHICHENG';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  note: string;
}

/** One account per role of domain.md §1 (several townships, so scope can be seen). Names are synthetic. */
export const demoAccounts: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'system_admin', note: '需动态验证码（演示密钥见 README）' },
  { username: 'xczx', displayName: '刘振华（县乡村振兴局）', role: 'county_lead', note: '县级管理员，全县数据' },
  { username: 'fgw', displayName: '陈立新（县发改委）', role: 'county_lead', note: '县级牵头单位' },
  { username: 'rsj', displayName: '黄晓梅（县人社局）', role: 'department', note: '县直部门' },
  { username: 'qinjiang', displayName: '赖国平（琴江镇）', role: 'township', note: '乡镇用户' },
  { username: 'pingshan', displayName: '温秀英（屏山镇）', role: 'township', note: '乡镇用户' },
  { username: 'csgw', displayName: '邱志强（城市社区管委会）', role: 'urban_community', note: '县城安置点' },
  { username: 'zdz', displayName: '李伟东（总点长）', role: 'county_chief', note: '全部安置点' },
  { username: 'dianzhang', displayName: '曾建军（点长）', role: 'site_chief', note: '所联系的安置点' },
  { username: 'gly', displayName: '罗丽华（安置点管理员）', role: 'site_manager', note: '安置点日常管理' },
  { username: 'bfgb', displayName: '谢文斌（帮扶干部）', role: 'help_cadre', note: '结对帮扶户' },
  { username: 'cgb', displayName: '吴春生（迁出地村干部）', role: 'origin_cadre', note: '迁出村' },
  { username: 'jumin', displayName: '钟家福（搬迁群众）', role: 'resident', note: '本户信息' },
];
