/**
 * A sample of ledger 1 (后续扶持台账, ledgers.md) filled with synthetic households: what GET
 * /api/v1/ledgers/sample.xlsx streams, and the rows the ledger-writer test and bench measure. Columns keep
 * ledgers.md's names and order; the two group headers only demonstrate the two-row header.
 */
import { makeIdNumber, maskIdNumber, maskPhone } from '@anzhi/domain/id-number';
import type { LedgerRow, LedgerSpec } from './ledger-spec';

export interface SampleLedgerOptions {
  /** 统计期间 label ('2022年3月'). */
  period: string;
  /** 填报日期 ('YYYY-MM-DD'). */
  reportDate: string;
}

export function sampleLedgerSpec(opts: SampleLedgerOptions): LedgerSpec {
  return {
    // The demo deployment's county; real ledgers take the name from the division tree.
    title: '石城县易地扶贫搬迁后续扶持台账（示例）',
    unit: '石城县',
    period: opts.period,
    reportDate: opts.reportDate,
    columns: [
      { key: 'seq', header: '序号', type: 'index' },
      { key: 'township', header: '乡镇', type: 'text', width: 10 },
      { key: 'site', header: '安置点', type: 'text', width: 16 },
      { key: 'householdNo', header: '户编号', type: 'text', width: 19 },
      { key: 'headName', header: '户主姓名', type: 'text', width: 12 },
      { key: 'idNumber', header: '身份证号', type: 'text', width: 21 },
      { key: 'members', header: '家庭人口', type: 'integer', width: 8, total: true },
      { key: 'relocationType', header: '搬迁类型', type: 'text', width: 12 },
      {
        header: '安置情况',
        children: [
          { key: 'placement', header: '安置方式', type: 'text', width: 8 },
          { key: 'housingType', header: '安置房类型', type: 'text', width: 10 },
          { key: 'address', header: '安置地址', type: 'text', width: 24, wrap: true },
          { key: 'relocationYear', header: '搬迁年份', type: 'integer', width: 8 },
        ],
      },
      {
        header: '就业情况',
        children: [
          { key: 'labour', header: '劳动力人数', type: 'integer', width: 8, total: true },
          { key: 'employed', header: '务工人数', type: 'integer', width: 8, total: true },
          { key: 'workPlace', header: '就业去向', type: 'text', width: 12 },
        ],
      },
      { key: 'income', header: '上年家庭人均纯收入（元）', type: 'amount', width: 14 },
      { key: 'monitored', header: '是否监测对象', type: 'text', width: 8 },
      { key: 'monitorCategory', header: '监测类别', type: 'text', width: 12 },
      { key: 'policies', header: '享受政策项数', type: 'integer', width: 8, total: true },
      { key: 'cadre', header: '结对帮扶干部', type: 'text', width: 12 },
      { key: 'phone', header: '联系电话', type: 'text', width: 14 },
      { key: 'remark', header: '备注', type: 'text', width: 16, wrap: true },
    ],
  };
}

const townships = [
  '琴江镇',
  '小松镇',
  '屏山镇',
  '横江镇',
  '高田镇',
  '木兰乡',
  '丰山乡',
  '大由乡',
  '龙岗乡',
  '珠坑乡',
  '赣江源镇',
];
const sites = ['城南安置小区', '城北安置小区', '幸福家园', '移民新村'];
const workPlaces = ['县内务工', '省内县外务工', '省外务工', '帮扶车间', '公益岗位', '自主创业', '未就业'];
const categories = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Deterministic synthetic households (no randomness, no clock): '测试户主001', 16-digit household numbers
 * 360735 + township + village + serial, valid GB 11643 ID numbers from `makeIdNumber`, shown masked as
 * ledger 1 requires; 户编号 stays in full (a 16-digit number that must survive as text).
 */
export function* sampleLedgerRows(count: number): Generator<LedgerRow> {
  for (let i = 1; i <= count; i += 1) {
    const t = (i - 1) % townships.length;
    const members = 1 + (i % 6);
    const labour = Math.min(members, 1 + (i % 3));
    const birth = `${1950 + (i % 50)}${pad(1 + (i % 12), 2)}${pad(1 + (i % 28), 2)}`;
    const monitored = i % 9 === 0;
    yield {
      township: townships[t],
      site: sites[i % sites.length],
      householdNo: `360735${pad(t + 1, 3)}${pad(1 + (Math.floor(i / 10_000) % 1000), 3)}${pad(i % 10_000, 4)}`,
      headName: `测试户主${pad(i, 3)}`,
      idNumber: maskIdNumber(makeIdNumber('360735', birth, i % 1000)),
      members,
      relocationType: i % 4 === 0 ? '同步搬迁户' : '搬迁脱贫户',
      placement: i % 5 === 0 ? '分散' : '集中',
      housingType: i % 7 === 0 ? '一户一宅' : '套房',
      address: `${townships[t]}${sites[i % sites.length]}${1 + (i % 30)}栋${1 + (i % 6)}单元${pad(101 + (i % 18), 3)}室`,
      relocationYear: 2016 + (i % 5),
      labour,
      employed: Math.max(0, labour - (i % 2)),
      workPlace: workPlaces[i % workPlaces.length],
      income: 6000 + ((i * 137) % 20_000) + (i % 100) / 100,
      monitored: monitored ? '是' : '否',
      monitorCategory: monitored ? categories[i % categories.length] : '',
      policies: i % 8,
      cadre: `帮扶干部${pad(1 + (i % 500), 3)}`,
      phone: maskPhone(`139${pad((i * 7919) % 100_000_000, 8)}`),
      remark: i % 25 === 0 ? '合成示例数据' : '',
    };
  }
}
