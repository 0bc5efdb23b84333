import { describe, expect, it } from 'vitest';
import { ageOn, checkIdNumber, checkMobilePhone } from '@anzhi/domain/id-number';
import { generateHouseholds, mulberry32, type GeneratorOptions } from './registry-generator';

const villages = Array.from({ length: 40 }, (_, i) => {
  const township = `360735${String(100 + (i % 8))}000`;
  return { code: `${township.slice(0, 9)}${String(200 + i)}`, townshipCode: township };
});
const sites = [
  { id: 'site-a', townshipCode: '360735100000' },
  { id: 'site-b', townshipCode: '360735101000' },
  { id: 'site-c', townshipCode: '360735102000' },
];
const options: GeneratorOptions = {
  seed: 20220315,
  households: 3000,
  countyCode: '360735',
  sites,
  villages,
  asOf: '2022-12-31',
};

describe('mulberry32', () => {
  it('is deterministic for a seed and spreads over [0, 1)', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(mulberry32(2)()).not.toBe(mulberry32(1)());
  });
});

describe('generateHouseholds', () => {
  const households = [...generateHouseholds(options)];
  const members = households.flatMap((h) => h.members);
  const current = households.flatMap((h) => h.members.filter((m) => m.validTo === null));
  const share = <T>(items: T[], pred: (x: T) => boolean) => items.filter(pred).length / items.length;

  it('is deterministic: the same seed gives the same households, another seed others', () => {
    expect([...generateHouseholds({ ...options, households: 50 })]).toEqual(households.slice(0, 50));
    const other = [...generateHouseholds({ ...options, seed: 1, households: 50 })];
    expect(other.map((h) => h.members[0]!.person.idNumber)).not.toEqual(
      households.slice(0, 50).map((h) => h.members[0]!.person.idNumber),
    );
  });

  it('gives every person a valid, unique ID number consistent with birth date and sex', () => {
    const ids = new Set<string>();
    for (const m of members) {
      const check = checkIdNumber(m.person.idNumber!, '2022-12-31');
      expect(check.ok, m.person.idNumber!).toBe(true);
      if (!check.ok) continue;
      expect(check.birthDate).toBe(m.person.birthDate);
      expect(check.sex === 'male' ? '男' : '女').toBe(m.person.sex);
      ids.add(check.value);
    }
    expect(ids.size).toBe(members.length);
    // Mostly today's Shicheng code, some of the old Ganzhou code, some spouses from other counties.
    const regions = members.map((m) => m.person.idNumber!.slice(0, 6));
    expect(share(regions, (r) => r === '360735')).toBeGreaterThan(0.6);
    expect(share(regions, (r) => r === '362131')).toBeGreaterThan(0.05);
    expect(share(regions, (r) => r !== '360735' && r !== '362131')).toBeGreaterThan(0.02);
  });

  it('builds plausible families of 1–7 current members with one head', () => {
    for (const h of households) {
      const now = h.members.filter((m) => m.validTo === null);
      expect(now.length).toBeGreaterThanOrEqual(1);
      expect(now.length).toBeLessThanOrEqual(7);
      expect(now.filter((m) => m.relation === '户主')).toHaveLength(1);
      const head = now.find((m) => m.relation === '户主')!;
      const headAge = ageOn(head.person.birthDate, '2022-12-31');
      for (const m of now) {
        const age = ageOn(m.person.birthDate, '2022-12-31');
        if (m.relation === '子' || m.relation === '女') expect(age).toBeLessThan(headAge);
        if (m.relation === '父母') expect(age).toBeGreaterThan(headAge);
        if (m.relation === '配偶') expect(m.person.sex).not.toBe(head.person.sex);
        expect(m.validFrom >= m.person.birthDate).toBe(true);
        expect(m.validFrom <= '2022-12-31').toBe(true);
      }
    }
    const sizes = households.map((h) => h.members.filter((m) => m.validTo === null).length);
    expect(share(sizes, (s) => s === 1)).toBeGreaterThan(0.03);
    expect(share(sizes, (s) => s >= 3 && s <= 5)).toBeGreaterThan(0.5);
    // Some households lost a member (dated leave), a few children were born after moving in.
    expect(households.some((h) => h.members.some((m) => m.leaveReason === '死亡' && m.validTo !== null))).toBe(true);
    expect(members.some((m) => m.joinReason === '出生')).toBe(true);
  });

  it('follows the specified distributions roughly', () => {
    expect(share(households, (h) => h.category === '搬迁脱贫户')).toBeCloseTo(0.8, 1);
    expect(share(households, (h) => h.placement === '集中安置')).toBeCloseTo(0.7, 1);
    for (const h of households) {
      expect(h.relocationYear).toBeGreaterThanOrEqual(2016);
      expect(h.relocationYear).toBeLessThanOrEqual(2020);
      if (h.placement === '集中安置') {
        expect(sites.map((s) => s.id)).toContain(h.siteId);
        expect(h.destinationVillageCode).toBeNull();
      } else {
        expect(h.siteId).toBeNull();
        expect(villages.map((v) => v.code)).toContain(h.destinationVillageCode);
      }
      expect(villages.map((v) => v.code)).toContain(h.originVillageCode);
      // §4 compatibility of category and monitoring status.
      if (h.category === '同步搬迁户') expect(h.monitoringStatus).not.toBe('脱贫不稳定户');
      if (h.category === '搬迁脱贫户') expect(h.monitoringStatus).not.toBe('边缘易致贫户');
      const phone = checkMobilePhone(h.phone!);
      expect(phone.ok && phone.kind === 'mobile').toBe(true);
    }
    expect(new Set(households.map((h) => h.householdNumber)).size).toBe(households.length);

    const status = (s: string) => share(current, (m) => m.person.employment?.status === s);
    expect(status('在校生')).toBeGreaterThan(0.08);
    expect(status('公益岗位')).toBeGreaterThan(0.02);
    expect(status('未就业')).toBeGreaterThan(0.03);
    expect(status('省外')).toBeGreaterThan(0.05);
    // Schoolchildren are students without labour capacity; the very old cannot work.
    for (const m of current) {
      const age = ageOn(m.person.birthDate, '2022-12-31');
      if (age >= 6 && age <= 14) {
        expect(m.person.employment?.status).toBe('在校生');
        expect(m.person.labourCapacity).toBe('无劳动力');
      }
      if (age < 16) expect(['在校生', '不适用']).toContain(m.person.employment?.status);
      if (age >= 70) expect(['丧失劳动力', '弱劳动力或半劳动力']).toContain(m.person.labourCapacity);
      if (m.person.labourCapacity === '丧失劳动力') expect(m.person.employment?.status).toBe('不适用');
      const income = m.person.employment?.monthlyIncome;
      if (['未就业', '在校生', '不适用'].includes(m.person.employment!.status)) expect(income).toBeNull();
      else expect(income).toBeGreaterThan(0);
    }
    expect(share(current, (m) => m.person.health === '健康')).toBeGreaterThan(0.6);
    expect(share(current, (m) => m.person.labourCapacity === '无劳动力')).toBeGreaterThan(0.1);
  });
});
