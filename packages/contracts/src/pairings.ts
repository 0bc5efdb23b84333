import { z } from 'zod';
import { PageQuerySchema } from './common';

/** Two-way help pairing (domain.md §6): a destination-side and an origin-side cadre for each monitored household. */

export const pairingSides = ['destination', 'origin'] as const;
export type PairingSide = (typeof pairingSides)[number];
export const pairingSideLabels: Record<PairingSide, string> = {
  destination: '安置地帮扶干部',
  origin: '迁出地帮扶干部',
};

export const PairingInputSchema = z.object({
  id: z.uuid('编号格式不正确').optional(),
  householdId: z.uuid('请选择搬迁户'),
  side: z.enum(pairingSides, '请选择结对方'),
  cadreUserId: z.uuid('请选择帮扶干部'),
});
export type PairingInput = z.infer<typeof PairingInputSchema>;

export const PairingSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  householdNumber: z.string(),
  side: z.enum(pairingSides),
  cadreUserId: z.string(),
  cadreName: z.string(),
  fromDate: z.string(),
  toDate: z.string().nullable(),
});
export type Pairing = z.infer<typeof PairingSchema>;

export const pairingGaps = ['none', 'destination_only', 'origin_only', 'both'] as const;
export const pairingGapLabels: Record<(typeof pairingGaps)[number], string> = {
  none: '两不管（均未结对）',
  destination_only: '仅安置地结对',
  origin_only: '仅迁出地结对',
  both: '双向结对',
};

export const PairingOverviewQuerySchema = PageQuerySchema.extend({
  /** Default: monitored households only (monitoring_status ≠ 未纳入监测); `all` lists every household in scope. */
  households: z.enum(['monitored', 'all']).default('monitored'),
  gap: z.enum(pairingGaps).optional(),
  cadreUserId: z.uuid().optional(),
  originVillageCode: z.string().optional(),
});
export type PairingOverviewQuery = z.infer<typeof PairingOverviewQuerySchema>;

export const PairingOverviewItemSchema = z.object({
  householdId: z.string(),
  householdNumber: z.string(),
  headName: z.string().nullable(),
  monitoringStatus: z.string(),
  originVillageCode: z.string().nullable(),
  siteName: z.string().nullable(),
  destination: PairingSchema.nullable(),
  origin: PairingSchema.nullable(),
  gap: z.enum(pairingGaps),
});
export type PairingOverviewItem = z.infer<typeof PairingOverviewItemSchema>;

export const PairingHandoverInputSchema = z.object({
  fromUserId: z.uuid('请选择原帮扶干部'),
  toUserId: z.uuid('请选择接手的帮扶干部'),
  reason: z.string('请填写移交原因').trim().min(2, '请填写移交原因').max(200),
});
export type PairingHandoverInput = z.infer<typeof PairingHandoverInputSchema>;
export const PairingHandoverResultSchema = z.object({ moved: z.number() });

/** A user who may be paired: help cadres (either side) and origin-village cadres (origin side). */
export const PairingCadreSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  sides: z.array(z.enum(pairingSides)),
});
export type PairingCadre = z.infer<typeof PairingCadreSchema>;
export const PairingCadreListSchema = z.object({ items: z.array(PairingCadreSchema) });

/** A site's contact list of origin-village cadres; the phone is masked. */
export const OriginContactInputSchema = z.object({
  id: z.uuid('编号格式不正确').optional(),
  siteId: z.uuid('请选择安置点'),
  name: z.string('请填写姓名').trim().min(1, '请填写姓名').max(50),
  villageCode: z.string('请选择迁出村').regex(/^\d{12}$/, '请选择迁出村'),
  position: z.string().trim().max(50).default(''),
  phone: z.string().trim().max(20).optional(),
});
export type OriginContactInput = z.infer<typeof OriginContactInputSchema>;

export const OriginContactSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  name: z.string(),
  villageCode: z.string(),
  villageName: z.string().nullable(),
  position: z.string(),
  phone: z.string().nullable(),
});
export type OriginContact = z.infer<typeof OriginContactSchema>;
export const OriginContactListSchema = z.object({ items: z.array(OriginContactSchema) });
