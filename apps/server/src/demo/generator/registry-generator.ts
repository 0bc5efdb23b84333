/**
 * Synthetic registry data: households of relocated families with plausible members, valid and unique
 * GB 11643 ID numbers, and the distributions of a county like Shicheng. Pure and deterministic: the same
 * options give the same households (a seeded PRNG, no Math.random, no clock). Names, numbers and employers
 * are synthetic; only the division codes are real.
 */
import { makeIdNumber } from '@anzhi/domain/id-number';
import type { BulkHousehold, BulkMember, BulkPerson } from '../../modules/registry/registry-load';

// ---------------------------------------------------------------------------------------------
// Seeded PRNG
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, fast 32-bit PRNG; plenty for synthetic data (not for anything secret). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(readonly next: () => number) {}
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }
}

// ---------------------------------------------------------------------------------------------
// Dates (UTC calendar arithmetic on 'YYYY-MM-DD'; no clock involved)
// ---------------------------------------------------------------------------------------------

// Days since 1970-01-01 ⇄ civil date (H. Hinnant's algorithms): pure arithmetic, far faster than Date parsing
// when a million persons need several dates each.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
function civilFromDays(z0: number): string {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}
const toDays = (d: string) => daysFromCivil(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10)));
const fromDays = civilFromDays;
const addDays = (d: string, n: number) => fromDays(toDays(d) + n);
const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);
const EPOCH_1900 = toDays('1900-01-01');

// ---------------------------------------------------------------------------------------------
// Synthetic vocabularies
// ---------------------------------------------------------------------------------------------

/** Common surnames in southern Jiangxi (Hakka areas), roughly by frequency. */
const surnames: readonly (readonly [string, number])[] = [
  ['赖', 9],
  ['黄', 8],
  ['陈', 8],
  ['刘', 7],
  ['温', 6],
  ['李', 6],
  ['张', 5],
  ['曾', 5],
  ['邱', 4],
  ['罗', 4],
  ['钟', 4],
  ['吴', 3],
  ['杨', 3],
  ['熊', 3],
  ['许', 3],
  ['廖', 3],
  ['谢', 3],
  ['郑', 2],
  ['邓', 2],
  ['何', 2],
  ['王', 2],
  ['周', 2],
  ['朱', 2],
  ['林', 2],
  ['胡', 2],
  ['卢', 1],
  ['傅', 1],
  ['董', 1],
  ['严', 1],
  ['孙', 1],
];
const maleChars = '伟强军平勇杰涛明超华建国俊辉鹏志文斌东海林波宇浩凯龙峰磊鑫坤亮荣成发生根福贵德兴旺水金'.split('');
const femaleChars = '秀英兰芳玉梅丽娟红霞艳萍燕琴桂珍凤莲花敏静婷雪慧佳欣悦怡琳娜蓉春翠香娇'.split('');

/** Region codes: today's Shicheng code, its pre-1999 code, and counties spouses often married in from. */
const SHICHENG = '360735';
const SHICHENG_OLD = '362131';
const marriedInRegions: readonly (readonly [string, number])[] = [
  ['360781', 5], // 瑞金市
  ['360730', 4], // 宁都县
  ['361030', 3], // 广昌县（抚州）
  ['350424', 3], // 宁化县（福建三明）
  ['360733', 2], // 会昌县
  ['362131', 3], // 石城县 (old code)
];

const employers: Record<string, { employer: readonly string[]; place: readonly string[]; income: [number, number] }> = {
  县内务工: {
    employer: [
      '石城县鑫源鞋业有限公司',
      '石城县绿源农业开发有限公司',
      '石城县城投建设项目部',
      '石城县白莲产业园',
      '石城县物业服务公司',
    ],
    place: ['江西省赣州市石城县'],
    income: [2300, 4500],
  },
  省内县外: {
    employer: ['赣州经开区电子厂', '南昌小蓝经开区汽配厂', '瑞金市建筑工地', '宁都县食品厂'],
    place: ['江西省赣州市', '江西省南昌市', '江西省瑞金市', '江西省宁都县'],
    income: [3200, 6000],
  },
  省外: {
    employer: ['东莞市电子厂', '深圳市物流公司', '厦门市服装厂', '宁化县建筑工地', '义乌市小商品公司'],
    place: ['广东省东莞市', '广东省深圳市', '福建省厦门市', '福建省宁化县', '浙江省义乌市'],
    income: [4000, 7800],
  },
  帮扶车间: {
    employer: ['安置点帮扶车间（电子组装）', '安置点帮扶车间（鞋面加工）', '安置点帮扶车间（服装）'],
    place: ['江西省赣州市石城县'],
    income: [1800, 3500],
  },
  公益岗位: {
    employer: ['保洁保安', '生态护林', '村务管理', '乡村水管', '社区管理', '宣传员', '信息员'],
    place: ['江西省赣州市石城县'],
    income: [500, 1500],
  },
  自主创业: {
    employer: ['个体（白莲种植）', '个体（餐饮）', '个体（电商直播）', '个体（烟叶种植）', '个体（小卖部）'],
    place: ['江西省赣州市石城县'],
    income: [1500, 8000],
  },
  灵活就业: {
    employer: ['零工（建筑）', '零工（家政）', '外卖配送', '快递配送'],
    place: ['江西省赣州市石城县', '江西省赣州市'],
    income: [1000, 3200],
  },
};

const tenants = ['石城县白莲专业合作社', '石城县烟叶种植合作社', '村集体经济合作社', '种植大户', '石城县林业公司'];

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

export interface GeneratorOptions {
  seed: number;
  households: number;
  /** Six-digit county code; household numbers start with it. */
  countyCode: string;
  /** Sites for 集中安置 (id and township); with none, every household is dispersed. */
  sites: readonly { id: string; townshipCode: string }[];
  /** Real villages (12-digit codes): origins, and destinations for 分散安置. */
  villages: readonly { code: string; townshipCode: string }[];
  /** The "today" of the data (ages, dates never later); default 2022-12-31 (the plan's year). */
  asOf?: string;
  /** Household numbers are the county code plus a running number from here (default 1). */
  firstNumber?: number;
}

interface Draft {
  relation: BulkMember['relation'];
  age: number;
  male: boolean;
  surname: string;
  marriedIn: boolean;
}

/** Household size 1–7: few singles, most 3–5. */
const sizes: readonly (readonly [number, number])[] = [
  [1, 8],
  [2, 15],
  [3, 20],
  [4, 25],
  [5, 17],
  [6, 10],
  [7, 5],
];

/**
 * Yields `households` synthetic households (lazily: millions can stream through without being held).
 * Every ID number is valid, unique within the run and consistent with the person's sex and birth date.
 */
export function* generateHouseholds(opts: GeneratorOptions): Generator<BulkHousehold> {
  if (opts.villages.length === 0) throw new Error('生成数据需要至少一个村（社区）');
  const rng = new Rng(mulberry32(opts.seed));
  const asOf = opts.asOf ?? '2022-12-31';
  const asOfYear = Number(asOf.slice(0, 4));
  const usedIds = new Set<number>();
  const regionIndex = new Map<string, number>();
  const siteWeights = opts.sites.map((s, i) => [s, opts.sites.length - i + 2] as const);

  /** A unique, valid ID number for this birth date and sex. */
  const idNumberFor = (region: string, birthDate: string, male: boolean): string => {
    let ri = regionIndex.get(region);
    if (ri === undefined) {
      ri = regionIndex.size;
      regionIndex.set(region, ri);
    }
    const day = toDays(birthDate) - EPOCH_1900;
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const seq = rng.int(0, 499) * 2 + (male ? 1 : 0);
      const key = (ri * 60_000 + day) * 1000 + seq;
      if (!usedIds.has(key)) {
        usedIds.add(key);
        return makeIdNumber(region, birthDate, seq);
      }
    }
    throw new Error(`同一地区、同一出生日期的身份证号码已用尽：${region} ${birthDate}`);
  };

  const givenName = (male: boolean) => {
    const chars = male ? maleChars : femaleChars;
    return rng.chance(0.7) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
  };
  const phone = () => `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;

  const birthDateFor = (age: number): string => {
    // Born `age` full years before asOf: within the year that ends on asOf's month and day, `age` years back
    // (29 February in a common year falls on 1 March).
    const latest = addDays(
      `${String(asOfYear - age).padStart(4, '0')}${asOf.slice(4, 8)}01`,
      Number(asOf.slice(8)) - 1,
    );
    return addDays(latest, -rng.int(0, 364));
  };

  for (let i = 0; i < opts.households; i += 1) {
    const number = (opts.firstNumber ?? 1) + i;
    const category = rng.chance(0.8) ? '搬迁脱贫户' : '同步搬迁户';
    const centralised = opts.sites.length > 0 && rng.chance(0.7);
    const relocationYear = Math.min(rng.int(2016, 2020), asOfYear);
    const handoverDate = minDate(addDays(`${relocationYear}-01-01`, rng.int(0, 364)), asOf);
    const origin = rng.pick(opts.villages);
    const site = centralised ? rng.weighted(siteWeights) : null;
    const destination = centralised ? null : rng.pick(opts.villages.filter((v) => v.code !== origin.code));
    const dibao = rng.chance(0.07);

    // --- family structure -------------------------------------------------------------------
    const size = rng.weighted(sizes);
    const headMale = rng.chance(size === 1 ? 0.55 : 0.88);
    const headAge = size === 1 ? rng.int(50, 88) : rng.int(26, 70);
    const headSurname = rng.weighted(surnames);
    const drafts: Draft[] = [
      { relation: '户主', age: headAge, male: headMale, surname: headSurname, marriedIn: false },
    ];
    let remaining = size - 1;
    let spouse: Draft | undefined;
    if (remaining > 0 && rng.chance(0.9)) {
      const gap = rng.int(0, 6);
      spouse = {
        relation: '配偶',
        age: Math.max(20, Math.min(92, headAge + (headMale ? -gap : gap))),
        male: !headMale,
        surname: rng.weighted(surnames),
        marriedIn: rng.chance(0.3),
      };
      drafts.push(spouse);
      remaining -= 1;
    }
    const familySurname = headMale || !spouse ? headSurname : spouse.surname;
    const youngestParent = Math.min(headAge, spouse?.age ?? headAge);
    if (headAge >= 50 && remaining >= 3 && rng.chance(0.6)) {
      // Three generations: a married son and his children live with the head.
      const sonAge = Math.max(20, youngestParent - rng.int(22, 30));
      drafts.push({ relation: '子', age: sonAge, male: true, surname: familySurname, marriedIn: false });
      remaining -= 1;
      drafts.push({
        relation: '其他',
        age: Math.max(20, sonAge + rng.int(-3, 2)),
        male: false,
        surname: rng.weighted(surnames),
        marriedIn: rng.chance(0.4),
      });
      remaining -= 1;
      let age = sonAge - rng.int(20, 28);
      while (remaining > 0 && age >= 0) {
        drafts.push({ relation: '孙子女', age, male: rng.chance(0.52), surname: familySurname, marriedIn: false });
        remaining -= 1;
        age -= rng.int(1, 4);
      }
    } else {
      let age = youngestParent - rng.int(21, 30);
      for (let c = 0; c < 4 && remaining > 0 && age >= 0; c += 1) {
        const male = rng.chance(0.52);
        drafts.push({ relation: male ? '子' : '女', age, male, surname: familySurname, marriedIn: false });
        remaining -= 1;
        age -= rng.int(1, 4);
      }
    }
    for (let p = 0; p < 2 && remaining > 0 && headAge <= 65; p += 1) {
      drafts.push({
        relation: '父母',
        age: Math.min(96, headAge + rng.int(22, 32)),
        male: p === 0 ? rng.chance(0.5) : !drafts[drafts.length - 1]!.male,
        surname: p === 0 ? headSurname : rng.weighted(surnames),
        marriedIn: false,
      });
      remaining -= 1;
    }
    while (remaining > 0) {
      const male = rng.chance(0.5);
      drafts.push({
        relation: '其他',
        age: Math.max(1, headAge + rng.int(-10, 10)),
        male,
        surname: headSurname,
        marriedIn: false,
      });
      remaining -= 1;
    }
    // A few households lost an elderly member since moving in (a dated leave: counts "as of" differ).
    const deceased: Draft | undefined =
      rng.chance(0.04) && headAge <= 62
        ? {
            relation: '父母',
            age: Math.min(98, headAge + rng.int(25, 34)),
            male: rng.chance(0.5),
            surname: headSurname,
            marriedIn: false,
          }
        : undefined;

    // --- persons ------------------------------------------------------------------------------
    const members: BulkMember[] = [];
    const toMember = (d: Draft, left: boolean): BulkMember => {
      const birthDate = birthDateFor(d.age);
      const bornLocally = !d.marriedIn;
      const region = bornLocally
        ? Number(birthDate.slice(0, 4)) < 1999 && rng.chance(0.3)
          ? SHICHENG_OLD
          : SHICHENG
        : rng.weighted(marriedInRegions);
      const person = describePerson(rng, d, birthDate, asOf, asOfYear, {
        idNumber: idNumberFor(region, birthDate, d.male),
        name: d.surname + givenName(d.male),
        dibao,
        phone: d.relation === '户主' || (d.relation === '配偶' && rng.chance(0.5)) ? phone() : null,
        since: handoverDate,
      });
      const born = birthDate > handoverDate;
      let validTo: string | null = null;
      if (left) {
        const from = toDays(handoverDate) + 30;
        validTo = fromDays(Math.min(toDays(asOf), from + rng.int(0, Math.max(0, toDays(asOf) - from))));
        if (validTo <= handoverDate) validTo = addDays(handoverDate, 1);
      }
      return {
        relation: d.relation,
        validFrom: born ? birthDate : handoverDate,
        validTo,
        joinReason: born ? '出生' : '搬迁入住',
        leaveReason: left ? '死亡' : null,
        person: left && person.employment ? { ...person, employment: null } : person,
      };
    };
    for (const d of drafts) members.push(toMember(d, false));
    if (deceased) members.push(toMember(deceased, true));
    const current = drafts.length;
    if (current === 1 && drafts[0]!.age >= 60) {
      const head = members[0]!.person;
      if (head.labourCapacity === '丧失劳动力' && rng.chance(0.5))
        members[0] = { ...members[0]!, person: { ...head, tekun: true } };
    }

    // --- housing and land ----------------------------------------------------------------------
    const housingType = centralised ? (rng.chance(0.88) ? '套房' : '一户一宅') : rng.chance(0.9) ? '一户一宅' : '套房';
    // 套房 by the ≤ 25 m² per person rule (50, 75, 100, 125); a house is bigger.
    const floorArea =
      housingType === '套房' ? Math.min(125, Math.max(50, current * 25)) : Math.round((60 + rng.next() * 90) * 10) / 10;
    const hasCertificate = rng.chance(0.75);
    const certificateDate = hasCertificate ? minDate(addDays(handoverDate, rng.int(60, 700)), asOf) : null;
    const floor = rng.int(1, 18);
    const lands: BulkHousehold['lands'] = [
      {
        kind: '宅基地',
        area: round2(0.1 + rng.next() * 0.25),
        transferStatus: '未流转',
        tenant: null,
        annualRent: null,
      },
    ];
    if (rng.chance(0.85)) {
      const area = round2(0.5 + rng.next() * 4);
      const transferred = rng.weighted([
        ['已流转', 45],
        ['部分流转', 15],
        ['未流转', 40],
      ] as const);
      lands.push({
        kind: '耕地',
        area,
        transferStatus: transferred,
        tenant: transferred === '未流转' ? null : rng.pick(tenants),
        annualRent:
          transferred === '未流转' ? null : round2(area * rng.int(300, 600) * (transferred === '部分流转' ? 0.5 : 1)),
      });
    }
    if (rng.chance(0.6)) {
      const area = round2(3 + rng.next() * 40);
      const transferred = rng.chance(0.3);
      lands.push({
        kind: '林地',
        area,
        transferStatus: transferred ? '已流转' : '未流转',
        tenant: transferred ? rng.pick(tenants) : null,
        annualRent: transferred ? round2(area * rng.int(15, 40)) : null,
      });
    }

    yield {
      householdNumber: `${opts.countyCode}${String(number).padStart(8, '0')}`,
      category,
      relocationYear,
      originVillageCode: origin.code,
      placement: centralised ? '集中安置' : '分散安置',
      siteId: site?.id ?? null,
      building: centralised ? `${rng.int(1, 20)}栋` : null,
      unit: centralised ? `${rng.int(1, 4)}单元` : null,
      room: centralised ? `${floor}${String(rng.int(1, 4)).padStart(2, '0')}` : null,
      destinationVillageCode: destination?.code ?? null,
      housingType,
      floorArea,
      propertyCertificateNo: hasCertificate
        ? `赣(${certificateDate!.slice(0, 4)})石城县不动产权第${String(rng.int(1, 9_999_999)).padStart(7, '0')}号`
        : null,
      certificateDate,
      handoverDate,
      oldHouseStatus: rng.weighted([
        ['已拆除复垦', 85],
        ['已拆除未复垦', 5],
        ['保留（连体房）', 4],
        ['保留（有保护价值）', 2],
        ['未拆除', 4],
      ] as const),
      phone: members[0]!.person.phone,
      monitoringStatus: monitoringFor(rng, category),
      lands,
      members,
    };
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function monitoringFor(rng: Rng, category: BulkHousehold['category']): BulkHousehold['monitoringStatus'] {
  // §4 compatibility: 脱贫不稳定户 only for 搬迁脱贫户, 边缘易致贫户 only for 同步搬迁户.
  const r = rng.next();
  if (r < 0.05) return category === '搬迁脱贫户' ? '脱贫不稳定户' : '边缘易致贫户';
  if (r < 0.06) return '突发严重困难户';
  if (r < 0.08) return '风险已消除';
  return '未纳入监测';
}

/** Education, schooling, health, labour capacity and work of one person, by age. */
function describePerson(
  rng: Rng,
  d: Draft,
  birthDate: string,
  asOf: string,
  asOfYear: number,
  given: { idNumber: string; name: string; dibao: boolean; phone: string | null; since: string },
): BulkPerson {
  const age = d.age;
  let education: BulkPerson['education'];
  let studentStatus: BulkPerson['studentStatus'] = '非在校生';
  if (age < 6) {
    education = '学龄前儿童';
    if (age >= 3 && rng.chance(0.85)) studentStatus = '学前教育';
  } else if (age <= 11) {
    education = '小学';
    studentStatus = '小学';
  } else if (age <= 14) {
    education = '初中';
    studentStatus = '初中';
  } else if (age <= 17 && rng.chance(0.88)) {
    education = '初中';
    studentStatus = rng.chance(0.6) ? '普通高中' : '中职';
  } else if (age >= 18 && age <= 22 && rng.chance(0.4)) {
    education = '高中';
    studentStatus = rng.chance(0.55) ? '高职高专' : '本科及以上';
  } else if (age >= 60) {
    education = rng.weighted([
      ['文盲或半文盲', 40],
      ['小学', 48],
      ['初中', 12],
    ] as const);
  } else if (age >= 40) {
    education = rng.weighted([
      ['小学', 35],
      ['初中', 50],
      ['高中', 10],
      ['中专', 5],
    ] as const);
  } else {
    education = rng.weighted([
      ['初中', 45],
      ['高中', 20],
      ['中专', 15],
      ['大专', 12],
      ['本科及以上', 8],
    ] as const);
  }
  const student = studentStatus !== '非在校生';

  let health: BulkPerson['health'] = '健康';
  let disabilityGrade: BulkPerson['disabilityGrade'] = null;
  const r = rng.next();
  const chronic = age >= 60 ? 0.3 : age >= 40 ? 0.12 : 0.03;
  const serious = age >= 50 ? 0.05 : 0.015;
  if (r < 0.035) {
    health = '残疾';
    disabilityGrade = rng.weighted([
      ['一级', 10],
      ['二级', 20],
      ['三级', 30],
      ['四级', 40],
    ] as const);
  } else if (r < 0.035 + serious) health = '患有大病';
  else if (r < 0.035 + serious + chronic) health = '长期慢性病';

  let labourCapacity: BulkPerson['labourCapacity'];
  if (age < 16 || student) labourCapacity = '无劳动力';
  else if (disabilityGrade === '一级' || disabilityGrade === '二级') labourCapacity = '丧失劳动力';
  else if (health === '残疾') labourCapacity = '弱劳动力或半劳动力';
  else if (health === '患有大病') labourCapacity = rng.chance(0.5) ? '丧失劳动力' : '弱劳动力或半劳动力';
  else if (age >= 70) labourCapacity = rng.chance(0.7) ? '丧失劳动力' : '弱劳动力或半劳动力';
  else if (age >= 60)
    labourCapacity = rng.weighted([
      ['弱劳动力或半劳动力', 60],
      ['普通劳动力', 30],
      ['丧失劳动力', 10],
    ] as const);
  else if (health === '长期慢性病' && rng.chance(0.4)) labourCapacity = '弱劳动力或半劳动力';
  else labourCapacity = rng.chance(0.75) ? '普通劳动力' : '技能劳动力';

  let status: NonNullable<BulkPerson['employment']>['status'];
  if (student && age >= 6) status = '在校生';
  else if (labourCapacity === '无劳动力' || labourCapacity === '丧失劳动力') status = '不适用';
  else if (labourCapacity === '弱劳动力或半劳动力')
    status = rng.weighted([
      ['公益岗位', 30],
      ['帮扶车间', 15],
      ['灵活就业', 15],
      ['未就业', 40],
    ] as const);
  else if (age >= 60)
    status = rng.weighted([
      ['公益岗位', 25],
      ['灵活就业', 20],
      ['县内务工', 15],
      ['未就业', 40],
    ] as const);
  else
    status = rng.weighted([
      ['省外', 25],
      ['省内县外', 12],
      ['县内务工', 23],
      ['帮扶车间', 8],
      ['公益岗位', 5],
      ['自主创业', 6],
      ['灵活就业', 10],
      ['未就业', 11],
    ] as const);
  const work = employers[status];
  const firstDay = maxDate(
    maxDate(given.since, birthDate),
    `${rng.int(Number(given.since.slice(0, 4)), asOfYear)}-${String(rng.int(1, 12)).padStart(2, '0')}-01`,
  );
  const employment: BulkPerson['employment'] = {
    status,
    employer: work ? rng.pick(work.employer) : null,
    place: work ? rng.pick(work.place) : null,
    monthlyIncome: work ? Math.round(rng.int(work.income[0], work.income[1]) / 10) * 10 : null,
    validFrom: minDate(firstDay, asOf),
  };

  const adult = age >= 16 && !student;
  return {
    name: given.name,
    documentType: '居民身份证',
    idNumber: given.idNumber,
    otherDocumentNo: null,
    birthDate,
    sex: d.male ? '男' : '女',
    ethnicity: rng.chance(0.996) ? '汉族' : '畲族',
    politicalStatus:
      age >= 18 && rng.chance(d.male && age >= 40 ? 0.08 : 0.03)
        ? '中共党员'
        : age >= 14 && age <= 28 && rng.chance(0.35)
          ? '共青团员'
          : '群众',
    education,
    studentStatus,
    health,
    disabilityGrade,
    labourCapacity,
    medicalInsurance: rng.chance(0.985),
    pensionInsurance: adult && rng.chance(0.9),
    dibao: given.dibao,
    tekun: false,
    phone: given.phone,
    employment,
  };
}
