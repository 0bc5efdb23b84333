/**
 * R03 (domain.md §6 and §16; plan §2, list row L3): every 三类人员 household among the relocated has a paired
 * cadre on the origin side and on the destination side (双向结对帮扶). A household with neither is "两不管" —
 * an alarm; one side only is still not met.
 */
import { z } from 'zod';
import { defineRule, type EvidenceRef, type RequirementVerdict } from './registry';

/** The three monitored categories (三类人员). */
export const monitoredCategories = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'] as const;

export interface PairedCadreFact {
  pairingId: string;
  cadreName: string;
}

export interface PairingHouseholdFact {
  id: string;
  householdNumber: string;
  monitoringStatus: string;
  destination: PairedCadreFact | null;
  origin: PairedCadreFact | null;
}

export type PairingGap = 'none' | 'destination_only' | 'origin_only' | 'both';

export function pairingGapOf(h: Pick<PairingHouseholdFact, 'destination' | 'origin'>): PairingGap {
  if (h.destination) return h.origin ? 'both' : 'destination_only';
  return h.origin ? 'origin_only' : 'none';
}

/** R03 for one household: not applicable outside the 三类人员 (and 风险已消除 unless the setting includes it). */
export function judgePairing(h: PairingHouseholdFact, includeEliminated: boolean): RequirementVerdict {
  const applies =
    (monitoredCategories as readonly string[]).includes(h.monitoringStatus) ||
    (includeEliminated && h.monitoringStatus === '风险已消除');
  const evidence: EvidenceRef[] = [
    { type: 'household', id: h.id, label: h.householdNumber },
    ...[h.destination, h.origin]
      .filter((p): p is PairedCadreFact => p !== null)
      .map((p) => ({ type: 'pairing', id: p.pairingId, label: p.cadreName })),
  ];
  if (!applies) return { entityId: h.id, verdict: 'not_applicable', values: {}, evidence, note: '非三类监测对象' };
  const gap = pairingGapOf(h);
  return {
    entityId: h.id,
    verdict: gap === 'both' ? 'met' : 'not_met',
    values: { gap, destination: h.destination?.cadreName ?? null, origin: h.origin?.cadreName ?? null },
    evidence,
    ...(gap === 'none' ? { note: '两不管：迁出地、安置地均未结对帮扶干部' } : {}),
  };
}

export const pairingRule = defineRule({
  id: 'R03',
  title: '三类人员双向结对帮扶（迁出地、安置地各有结对干部）',
  clause: '§2',
  listRows: ['L3'],
  source: 'seed',
  version: 1,
  kind: 'requirement',
  period: 'always',
  scope: 'household',
  parameters: z.object({
    includeEliminated: z.boolean().default(false).describe('风险已消除户是否仍须双向结对'),
  }),
  evaluate(households: readonly PairingHouseholdFact[], p) {
    return households.map((h) => judgePairing(h, p.includeEliminated));
  },
});
