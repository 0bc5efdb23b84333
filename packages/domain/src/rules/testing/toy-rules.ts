import { z } from 'zod';
import { defineRule } from '../registry';

// Test fixtures only: rules shaped like the real ones, for the registry's unit tests and the rules
// module's integration tests.

export interface ToyMember {
  id: string;
  name: string;
  canWork: boolean;
  employed: boolean;
}

export interface ToyHousehold {
  id: string;
  members: ToyMember[];
}

export const toyMember = (id: string, canWork: boolean, employed: boolean): ToyMember => ({
  id,
  name: `成员${id}`,
  canWork,
  employed,
});

/**
 * A household of `persons` members: those in `employed` (who can work), then others who can work up
 * to `canWork`, then members who cannot work.
 */
export function toyHousehold(
  id: string,
  { persons, canWork, employed }: { persons: number; canWork: number; employed: readonly string[] },
): ToyHousehold {
  const members = employed.map((memberId) => toyMember(memberId, true, true));
  for (let i = members.length; i < persons; i++) members.push(toyMember(`${id}-${i + 1}`, i < canWork, false));
  return { id, members };
}

/** A toy version of R11 (§12): ≤ small → ≥ minSmall employed; larger → ≥ minLarge where that many can work. */
export const toyEmploymentRule = defineRule({
  id: 'R11',
  title: '搬迁户家庭就业（测试）',
  clause: '§12',
  listRows: ['L14'],
  source: 'seed',
  version: 1,
  kind: 'requirement',
  period: 'month',
  scope: 'household',
  parameters: z.object({
    smallHouseholdMax: z.number().int().min(1, '应至少为 1').default(5).describe('小户人数上限（人）'),
    minEmployedSmall: z.number().int().min(0).default(1).describe('小户最少就业人数'),
    minEmployedLarge: z.number().int().min(0).default(2).describe('大户最少就业人数'),
  }),
  evaluate(households: readonly ToyHousehold[], p) {
    return households.map((h) => {
      const canWork = h.members.filter((m) => m.canWork);
      const employed = h.members.filter((m) => m.employed);
      const values = { persons: h.members.length, canWork: canWork.length, employed: employed.length };
      if (canWork.length === 0) {
        return { entityId: h.id, verdict: 'not_applicable' as const, values, evidence: [], note: '无劳动能力人员' };
      }
      const required =
        h.members.length <= p.smallHouseholdMax
          ? p.minEmployedSmall
          : canWork.length >= p.minEmployedLarge
            ? p.minEmployedLarge
            : p.minEmployedSmall;
      return {
        entityId: h.id,
        verdict: employed.length >= required ? ('met' as const) : ('not_met' as const),
        values: { ...values, required },
        evidence: [
          { type: 'household', id: h.id },
          ...employed.map((m) => ({ type: 'person', id: m.id, label: m.name })),
        ],
      };
    });
  },
});
